package io.stratus.runtime.api;

/**
 * One request to run a function.
 *
 * @param functionName  name or ARN
 * @param qualifier     version or alias; null or {@code $LATEST} for the current code
 * @param payload       JSON event bytes (may be empty)
 * @param clientContext base64 client context (Lambda's X-Amz-Client-Context), or null
 * @param tailLog       whether the result should carry the end of the invocation's log
 */
public record InvocationRequest(String functionName, String qualifier, byte[] payload, String clientContext,
        boolean tailLog) {

    public static InvocationRequest of(String functionName, byte[] payload) {
        return new InvocationRequest(functionName, null, payload, null, false);
    }
}
