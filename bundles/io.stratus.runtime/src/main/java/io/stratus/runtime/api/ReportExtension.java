package io.stratus.runtime.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional service that adds its figures to an invocation's REPORT line (monitoring adds CPU time,
 * allocated bytes and the charge), so that the log tail a caller asks for ({@code LogType: Tail})
 * ends with the very line that is stored. The runtime calls the highest-ranked one on the invocation's
 * path, only when the caller asked for the tail; the record listeners then receive carries the extended
 * line. Without a tail, listeners get AWS's line and extend it themselves, off the caller's path.
 */
@ConsumerType
public interface ReportExtension {

    /**
     * AWS's {@code report} line with this service's fields appended. Called at most once per
     * invocation, before any listener hears of it.
     *
     * @param record the invocation; its log ends with END
     * @param report AWS's REPORT line
     */
    String extend(InvocationRecord record, String report);
}
