package io.stratus.runtime.api;

/**
 * Outcome of a synchronous invocation.
 *
 * @param requestId       the invocation's request id
 * @param executedVersion the version that ran ({@code $LATEST})
 * @param payload         the function's JSON answer, or on error the
 *                        {@code {"errorMessage","errorType","stackTrace"}} document
 * @param functionError   null on success, {@code Unhandled} when the function failed
 * @param logTail         the invocation's log (START..REPORT), when tail was asked for, else null
 */
public record InvocationResult(String requestId, String executedVersion, byte[] payload, String functionError,
        String logTail) {

    public boolean failed() {
        return functionError != null;
    }
}
