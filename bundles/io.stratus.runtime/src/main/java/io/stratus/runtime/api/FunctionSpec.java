package io.stratus.runtime.api;

import java.util.Map;

/**
 * The configuration of a function: what its bundle declared, overridden by what was set through
 * the Lambda API. Values are already validated against AWS's limits.
 *
 * @param name        function name
 * @param handler     {@code package.Class} or {@code package.Class::method}
 * @param memorySize  MB, 128-10240
 * @param timeout     seconds, 1-900
 * @param environment the function's own variables (without the ones the platform adds)
 * @param role        execution role ARN
 * @param description free text
 */
public record FunctionSpec(String name, String handler, int memorySize, int timeout, Map<String, String> environment,
        String role, String description) {

    public FunctionSpec {
        environment = Map.copyOf(environment);
    }
}
