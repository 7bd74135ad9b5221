package io.stratus.iam.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * IAM's policy language for resource-based policies (such as a Lambda function's): a service
 * holding such a policy asks here whether it is well-formed and whether it lets a service principal
 * act, with IAM's own evaluation (conditions, wildcards, explicit deny wins). Implemented by the IAM
 * bundle as an OSGi service.
 */
@ProviderType
public interface ResourcePolicies {

    /**
     * Checks a resource-based policy document (Principal and Resource required).
     *
     * @throws IllegalArgumentException with IAM's MalformedPolicyDocument message when it is not valid
     */
    void validate(String document);

    /**
     * Whether the policy lets a service principal perform an action on a resource.
     *
     * @param service  the service principal, e.g. {@code s3.amazonaws.com}
     * @param context  condition keys and their values, e.g. {@code aws:SourceArn}, {@code aws:SourceAccount}
     *                 (case-insensitive, as in IAM)
     * @throws IllegalArgumentException when the document is not a valid resource-based policy
     */
    Decision evaluate(String document, String service, String action, String resource, Map<String, String> context);

    /** The outcome and why (the statement that allowed or denied, or that none allowed). */
    record Decision(boolean allowed, String reason) {
    }
}
