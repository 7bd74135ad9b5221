package io.stratus.runtime.api;

import java.time.Instant;

/**
 * An asynchronous event that could not be processed: retries exhausted or too old.
 *
 * @param requestId    the request id the event kept across attempts
 * @param functionName function it was meant for
 * @param payload      the event as accepted
 * @param attempts     how many times the function was invoked with it
 * @param errorType    error of the last attempt (or {@code EventAgeExceeded})
 * @param errorMessage message of the last attempt
 * @param accepted     when the event was accepted
 * @param failed       when it was given up
 */
public record DeadLetter(String requestId, String functionName, byte[] payload, int attempts, String errorType,
        String errorMessage, Instant accepted, Instant failed) {
}
