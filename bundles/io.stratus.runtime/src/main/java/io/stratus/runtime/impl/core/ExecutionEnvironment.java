package io.stratus.runtime.impl.core;

import java.time.Instant;
import java.util.Map;

/**
 * One warm handler instance of a function and its identity (log stream). Used by one invocation at a
 * time; created cold on demand, reused while healthy, discarded after a timeout or fatal error.
 */
final class ExecutionEnvironment {

    final String id;
    final int generation;
    final String logStreamName;
    final Map<String, String> environment;
    /** When it was created (the platform's clock); it is retired after {@link FunctionEntry#MAX_ENVIRONMENT_AGE}. */
    final Instant created;

    /* Written by the worker of the first invocation; the pool hand-over publishes it to the next one. */
    Object handler;
    boolean initialized;

    ExecutionEnvironment(String id, int generation, String logStreamName, Map<String, String> environment,
            Instant created) {
        this.id = id;
        this.created = created;
        this.generation = generation;
        this.logStreamName = logStreamName;
        this.environment = environment;
    }
}
