package io.stratus.runtime.impl.core;

import java.util.Map;

/**
 * What was set for a function through the Lambda API, applied over its bundle's declaration. A null
 * field keeps the declared value (or the default).
 *
 * @param memorySize                   MB
 * @param timeout                      seconds
 * @param environment                  replaces the declared variables as a whole, as Lambda does
 * @param role                         execution role
 * @param description                  free text
 * @param reservedConcurrency          reserved concurrent executions
 * @param maximumRetryAttempts         async retries, 0-2
 * @param maximumEventAgeInSeconds     async event age limit
 * @param eventInvokeConfigModified    epoch millis when the async settings were last set
 * @param lastModified                 epoch millis of the last configuration change
 */
public record Overrides(Integer memorySize, Integer timeout, Map<String, String> environment, String role,
        String description, Integer reservedConcurrency, Integer maximumRetryAttempts,
        Integer maximumEventAgeInSeconds, Long eventInvokeConfigModified, Long lastModified) {

    public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null, null);

    Overrides withConfiguration(Integer memory, Integer timeoutSeconds, Map<String, String> env, String roleArn,
            String text, long now) {
        return new Overrides(memory != null ? memory : memorySize, timeoutSeconds != null ? timeoutSeconds : timeout,
                env != null ? Map.copyOf(env) : environment, roleArn != null ? roleArn : role,
                text != null ? text : description, reservedConcurrency, maximumRetryAttempts,
                maximumEventAgeInSeconds, eventInvokeConfigModified, now);
    }

    Overrides withReservedConcurrency(Integer reserved) {
        return new Overrides(memorySize, timeout, environment, role, description, reserved, maximumRetryAttempts,
                maximumEventAgeInSeconds, eventInvokeConfigModified, lastModified);
    }

    Overrides withEventInvokeConfig(Integer retries, Integer maxAge, Long modified) {
        return new Overrides(memorySize, timeout, environment, role, description, reservedConcurrency, retries, maxAge,
                modified, lastModified);
    }

    boolean isEmpty() {
        return equals(NONE);
    }
}
