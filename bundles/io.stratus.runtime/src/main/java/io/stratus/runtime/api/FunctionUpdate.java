package io.stratus.runtime.api;

import java.util.Map;

/**
 * A change to a function's configuration (UpdateFunctionConfiguration). A null field leaves the
 * value as it is.
 */
public record FunctionUpdate(Integer memorySize, Integer timeout, Map<String, String> environment, String role,
        String description) {
}
