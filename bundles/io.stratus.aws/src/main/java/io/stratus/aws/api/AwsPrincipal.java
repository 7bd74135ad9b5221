package io.stratus.aws.api;

/**
 * The identity a request acts as.
 *
 * @param accountId   12-digit account id
 * @param arn         caller ARN ({@code arn:aws:iam::<account>:root}, a user, or an assumed role
 *                    {@code arn:aws:sts::<account>:assumed-role/<role>/<session>})
 * @param userId      the unique id GetCallerIdentity reports
 * @param accessKeyId the access key the request was signed with, or null when unsigned
 * @param chunks      for a request whose payload is {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}
 *                    (or its {@code -TRAILER} variant): the verifier of its chunk signatures, which
 *                    the service decoding the {@code aws-chunked} body calls for every chunk; null
 *                    otherwise
 */
public record AwsPrincipal(String accountId, String arn, String userId, String accessKeyId, ChunkSignatures chunks) {

    public AwsPrincipal(String accountId, String arn, String userId, String accessKeyId) {
        this(accountId, arn, userId, accessKeyId, null);
    }

    /** Whether this is the account's root identity, which IAM policies never restrict. */
    public boolean isRoot() {
        return arn != null && arn.endsWith(":root") && arn.startsWith("arn:aws:iam::");
    }
}
