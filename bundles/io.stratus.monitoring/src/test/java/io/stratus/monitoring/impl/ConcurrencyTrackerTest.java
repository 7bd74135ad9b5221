package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

public class ConcurrencyTrackerTest {

    private final ConcurrencyTracker tracker = new ConcurrencyTracker();
    private final Map<Long, Long> maxByStart = new HashMap<>();

    private void add(long start, long end) {
        tracker.add(start, end, (at, count) -> {
            maxByStart.merge(at, count, Math::max);
            return 0;
        });
    }

    private long max() {
        return maxByStart.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Test
    public void sequentialInvocationsAreOneAtATime() {
        add(0, 10);
        add(10, 20);
        add(20, 30);
        assertEquals(1, max());
    }

    @Test
    public void aLongInvocationThatEndsLastStillCountsTheShortOnesInside() {
        add(5, 8); // finishes first
        add(6, 9);
        add(0, 100); // started first, reported last
        assertEquals(3, max());
    }

    @Test
    public void overlapsAreCountedAtEachStart() {
        add(0, 50);
        add(10, 60);
        add(55, 70);
        assertEquals(2, max());
        assertEquals(2, (long) maxByStart.get(55L));
    }
}
