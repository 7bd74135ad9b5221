package io.stratus.runtime.sandbox;

import java.util.Map;

/**
 * What {@link FunctionSystem} knows about the invocation running on a thread: the function's
 * environment and whether its code asked to exit. Created by the runtime for each invocation.
 */
public final class FunctionScope {
    private final String functionName;
    private final Map<String, String> environment;
    private volatile Integer exitStatus;

    /** @param environment the complete environment the function sees (process + function + AWS_*) */
    public FunctionScope(String functionName, Map<String, String> environment) {
        this.functionName = functionName;
        this.environment = Map.copyOf(environment);
    }

    public String functionName() {
        return functionName;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The status of the first exit/halt call made in this scope, or null. */
    public Integer exitStatus() {
        return exitStatus;
    }

    void exitRequested(int status) {
        if (exitStatus == null) {
            exitStatus = status;
        }
    }
}
