package io.stratus.monitoring.impl;

import java.util.function.LongBinaryOperator;

/**
 * ConcurrentExecutions from finished invocations, which arrive in order of their end: keeps the last
 * {@link #WINDOW} invocations' intervals and, for a new one, counts the intervals running at its start
 * and raises the count of every kept interval that starts while it ran. The maximum of those counts
 * per minute is the metric. Exact while no more than {@code WINDOW} invocations overlap one another.
 */
final class ConcurrencyTracker {

    static final int WINDOW = 256;

    private final long[] starts = new long[WINDOW];
    private final long[] ends = new long[WINDOW];
    private final int[] counts = new int[WINDOW];
    private int size;
    private int next;

    /**
     * Adds an invocation running from {@code start} to {@code end} (nanosecond-precision epoch times)
     * and reports each (start, concurrency) sample it creates or raises.
     */
    synchronized void add(long start, long end, LongBinaryOperator sample) {
        int concurrent = 1;
        for (int i = 0; i < size; i++) {
            if (starts[i] <= start && start < ends[i]) {
                concurrent++;
            }
            if (start < starts[i] && starts[i] < end) {
                counts[i]++;
                sample.applyAsLong(starts[i], counts[i]);
            }
        }
        starts[next] = start;
        ends[next] = Math.max(end, start + 1);
        counts[next] = concurrent;
        next = (next + 1) % WINDOW;
        size = Math.min(WINDOW, size + 1);
        sample.applyAsLong(start, concurrent);
    }
}
