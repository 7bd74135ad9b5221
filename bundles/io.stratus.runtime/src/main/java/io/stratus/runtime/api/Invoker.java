package io.stratus.runtime.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs functions. Implemented by the runtime; used by every entry point (Lambda API, gateway,
 * bucket notifications, schedules). Safe for concurrent use; nothing here looks services up per
 * call.
 */
@ProviderType
public interface Invoker {

    /** Maximum synchronous payload, request or response: 6 MB. */
    int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

    /** Maximum asynchronous event: 256 KB. */
    int MAX_ASYNC_PAYLOAD = 256 * 1024;

    /**
     * Runs the function and waits for its answer. A failing handler is a normal result with
     * {@link InvocationResult#functionError()} set; exceptions are for requests that never ran.
     *
     * @throws FunctionException ResourceNotFoundException, TooManyRequestsException,
     *                           RequestTooLargeException, InvalidRequestContentException, ...
     */
    InvocationResult invoke(InvocationRequest request) throws FunctionException;

    /**
     * Queues the event durably and returns its request id at once; the event is then run with
     * retries per the function's {@link EventInvokeConfig}, and ends as a {@link DeadLetter} if it
     * keeps failing.
     */
    String invokeAsync(InvocationRequest request) throws FunctionException;
}
