package io.stratus.monitoring.api;

/**
 * One log event.
 *
 * @param timestamp when it was logged (epoch milliseconds)
 * @param stream    its log stream
 * @param eventId   stable identity (what FilterLogEvents reports), for de-duplicating polls
 */
public record LogLine(long timestamp, String stream, String message, String eventId) {
}
