package io.stratus.monitoring.impl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.HdrHistogram.DoubleHistogram;

/** Counters since the platform started, per function, for Prometheus (which computes rates itself). */
final class Totals {

    /** One function's counters; guarded by itself. */
    static final class Counters {
        long invocations;
        long errors;
        long throttles;
        long deadLetterErrors;
        double durationSumMillis;
        final DoubleHistogram durations = new DoubleHistogram(3);
    }

    private final ConcurrentHashMap<String, Counters> functions = new ConcurrentHashMap<>();

    void invoked(String function, boolean error, double durationMillis) {
        Counters c = functions.computeIfAbsent(function, f -> new Counters());
        synchronized (c) {
            c.invocations++;
            if (error) {
                c.errors++;
            }
            c.durationSumMillis += durationMillis;
            c.durations.recordValue(Math.max(0, durationMillis));
        }
    }

    void throttled(String function) {
        Counters c = functions.computeIfAbsent(function, f -> new Counters());
        synchronized (c) {
            c.throttles++;
        }
    }

    void deadLetterError(String function) {
        Counters c = functions.computeIfAbsent(function, f -> new Counters());
        synchronized (c) {
            c.deadLetterErrors++;
        }
    }

    /** A sorted view of the functions' counters (read each under its lock). */
    Map<String, Counters> snapshot() {
        return new TreeMap<>(functions);
    }
}
