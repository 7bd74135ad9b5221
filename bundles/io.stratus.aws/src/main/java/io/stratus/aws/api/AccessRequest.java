package io.stratus.aws.api;

import java.util.List;
import java.util.Map;

/**
 * What one request asks to do, in IAM's terms: the action, the resource it acts on and the
 * request's service-specific condition keys. A service states it through
 * {@link AwsService#access(AwsRequest)}; the front door asks the {@link RequestAuthorizer} before the
 * service runs. Global keys ({@code aws:SourceIp}, {@code aws:CurrentTime}, {@code aws:username},
 * {@code aws:SecureTransport}, ...) are added by the authorizer itself.
 *
 * @param action     {@code service:Operation} as in AWS's Service Authorization Reference, e.g.
 *                   {@code s3:GetObject}, {@code lambda:InvokeFunction}, {@code iam:CreateUser}
 * @param resource   the resource ARN, e.g. {@code arn:aws:s3:::bucket/key},
 *                   {@code arn:aws:lambda:us-east-1:000000000000:function:hello}; {@code *} for
 *                   operations on no particular resource (ListFunctions, GetCallerIdentity)
 * @param conditions condition keys of this request and their values, e.g. {@code s3:prefix};
 *                   names as AWS spells them (compared case-insensitively)
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> conditions) {

    public AccessRequest {
        if (action == null || action.indexOf(':') <= 0) {
            throw new IllegalArgumentException("action must be service:Operation, not " + action);
        }
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("resource must be an ARN or *");
        }
        conditions = conditions == null ? Map.of() : Map.copyOf(conditions);
    }

    public AccessRequest(String action, String resource) {
        this(action, resource, Map.of());
    }
}
