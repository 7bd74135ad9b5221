package io.stratus.runtime.impl.core;

import java.lang.management.ManagementFactory;

/**
 * Per-thread allocation and CPU counters (what REPORT's "Max Memory Used" and the CPU time of a
 * record come from). The allocation counter is HotSpot's {@code com.sun.management} extension; where
 * it is missing, the counters read 0.
 */
final class ThreadMetrics {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Allocation ALLOCATION = Allocation.find();

    private ThreadMetrics() {
    }

    static long allocatedBytes(long threadId) {
        return ALLOCATION.bytes(threadId);
    }

    static long cpuNanos(long threadId) {
        try {
            long nanos = THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(threadId) : 0;
            return Math.max(0, nanos);
        } catch (UnsupportedOperationException e) {
            return 0;
        }
    }

    private interface Allocation {
        long bytes(long threadId);

        static Allocation find() {
            try {
                if (THREADS instanceof com.sun.management.ThreadMXBean hotspot
                        && hotspot.isThreadAllocatedMemorySupported()) {
                    hotspot.setThreadAllocatedMemoryEnabled(true);
                    return id -> Math.max(0, hotspot.getThreadAllocatedBytes(id));
                }
            } catch (LinkageError | UnsupportedOperationException e) {
                // the package is optional in the bundle's imports
            }
            return id -> 0;
        }
    }
}
