package io.stratus.deployer.api;

import java.util.Map;

/**
 * The configuration CreateFunction gives with the code. Null members take Lambda's defaults.
 *
 * @param name        function name
 * @param handler     {@code package.Class::method} or {@code package.Class}
 * @param runtime     {@code java17}, {@code java21} or {@code java25}
 * @param role        execution role ARN, or null for the platform's default role
 * @param memorySize  MB
 * @param timeout     seconds
 * @param environment the function's variables
 * @param description free text
 */
public record FunctionDefinition(String name, String handler, String runtime, String role, Integer memorySize,
        Integer timeout, Map<String, String> environment, String description) {

    public FunctionDefinition {
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
