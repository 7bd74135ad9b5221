package io.stratus.aws.api;

/**
 * The identity a request acts as.
 *
 * @param accountId   12-digit account id
 * @param arn         caller ARN ({@code arn:aws:iam::<account>:root}, a user, or an assumed role)
 * @param userId      the unique id GetCallerIdentity reports
 * @param accessKeyId the access key the request was signed with, or null when unsigned
 */
public record AwsPrincipal(String accountId, String arn, String userId, String accessKeyId) {
}
