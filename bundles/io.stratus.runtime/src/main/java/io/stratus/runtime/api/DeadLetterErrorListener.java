package io.stratus.runtime.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: hears when an asynchronous event that failed for good could not be stored as a dead
 * letter (what CloudWatch counts as {@code DeadLetterErrors}). The event is not lost: it stays queued
 * and storing it is tried again later. Called on a runtime thread; must not block.
 */
@ConsumerType
public interface DeadLetterErrorListener {

    /**
     * @param functionName the function the event was for
     * @param requestId    the event's request id
     * @param at           when storing failed
     * @param reason       why, for the log
     */
    void deadLetterFailed(String functionName, String requestId, Instant at, String reason);
}
