package io.stratus.runtime.impl.core;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.stratus.runtime.api.InvocationRecord.LogEvent;

/** One invocation's log, kept in memory (no file I/O on the invocation path). Thread-safe. */
final class InvocationLog {

    private final Clock clock;
    private final List<LogEvent> events = new ArrayList<>();

    InvocationLog(Clock clock) {
        this.clock = clock;
    }

    synchronized void add(String message) {
        events.add(new LogEvent(clock.millis(), message));
    }

    synchronized List<LogEvent> events() {
        return List.copyOf(events);
    }

    /** The log as text, one event per line. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (LogEvent event : events) {
            text.append(event.message());
            if (!event.message().endsWith("\n")) {
                text.append('\n');
            }
        }
        return text.toString();
    }
}
