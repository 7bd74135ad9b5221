package io.stratus.runtime.api;

import java.time.Instant;
import java.util.List;

/**
 * What happened in one invocation, handed to every {@link InvocationListener} after it ends.
 *
 * @param requestId          request id
 * @param functionName       function name
 * @param version            version that ran
 * @param environmentId      id of the execution environment (log stream suffix)
 * @param start              when the handler was called (metrics are stamped with it)
 * @param durationNanos      handler run time (0 when throttled)
 * @param initDurationNanos  handler instance creation time on a cold start, else -1
 * @param memorySize         configured memory in MB
 * @param outcome            how it ended
 * @param errorType          error type when it failed, else null
 * @param asynchronous       whether it came from the asynchronous queue
 * @param allocatedBytes     bytes allocated by the invocation's thread (what "Max Memory Used" reports)
 * @param cpuNanos           CPU time of the invocation's thread
 * @param log                the invocation's log lines, START to REPORT, with timestamps
 */
public record InvocationRecord(String requestId, String functionName, String version, String environmentId,
        Instant start, long durationNanos, long initDurationNanos, int memorySize, Outcome outcome, String errorType,
        boolean asynchronous, long allocatedBytes, long cpuNanos, List<LogEvent> log) {

    /** How an invocation ended. */
    public enum Outcome {
        SUCCESS, ERROR, TIMEOUT, THROTTLED
    }

    /** One log line. */
    public record LogEvent(long timestampMillis, String message) {
    }
}
