package io.stratus.monitoring.impl;

import java.time.Instant;
import java.util.List;

import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.LogEvent;
import io.stratus.runtime.api.InvocationRecord.Outcome;

/** Invocation records as the runtime hands them over. */
final class Records {

    private Records() {
    }

    static InvocationRecord of(String function, String requestId, Instant start, long durationNanos, int memory,
            Outcome outcome, String... lines) {
        if (outcome == Outcome.THROTTLED) {
            return new InvocationRecord(requestId, function, "$LATEST", null, start, 0, -1, memory, outcome,
                    "TooManyRequestsException", false, 0, 0, List.of());
        }
        long t = start.toEpochMilli();
        java.util.ArrayList<LogEvent> log = new java.util.ArrayList<>();
        log.add(new LogEvent(t, "START RequestId: " + requestId + " Version: $LATEST"));
        for (String line : lines) {
            log.add(new LogEvent(t, line));
        }
        log.add(new LogEvent(t, "END RequestId: " + requestId));
        log.add(new LogEvent(t, String.format(java.util.Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
                requestId, durationNanos / 1e6, Math.max(1, (durationNanos + 999_999) / 1_000_000), memory, 1)));
        return new InvocationRecord(requestId, function, "$LATEST", "env1", start, durationNanos, -1, memory, outcome,
                outcome == Outcome.SUCCESS ? null : "java.lang.RuntimeException", false, 2048, 1_500_000, log);
    }
}
