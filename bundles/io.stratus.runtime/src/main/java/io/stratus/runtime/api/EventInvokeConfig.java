package io.stratus.runtime.api;

import java.time.Instant;

/**
 * Asynchronous invocation settings of a function.
 *
 * @param maximumRetryAttempts     0-2, default 2
 * @param maximumEventAgeInSeconds 60-21600, default 21600
 * @param lastModified             when it was last set, or null for the defaults
 */
public record EventInvokeConfig(int maximumRetryAttempts, int maximumEventAgeInSeconds, Instant lastModified) {
    public static final EventInvokeConfig DEFAULT = new EventInvokeConfig(2, 21600, null);
}
