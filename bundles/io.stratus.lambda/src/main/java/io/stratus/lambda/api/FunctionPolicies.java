package io.stratus.lambda.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Functions' resource-based policies, kept by the Lambda service (AddPermission, RemovePermission,
 * GetPolicy) and evaluated with IAM's policy evaluation. Triggers configured through an API (a
 * bucket notification, an EventBridge target) invoke a function only when this allows it.
 */
@ProviderType
public interface FunctionPolicies {

    /** Service principals of the triggers Stratus has. */
    String S3 = "s3.amazonaws.com";
    String EVENTS = "events.amazonaws.com";

    /**
     * Whether the policy of a function (or of one of its versions or aliases) lets a service invoke it
     * ({@code lambda:InvokeFunction}) on behalf of a source.
     *
     * @param function      the function's name
     * @param qualifier     the version or alias the trigger names, or null for the unqualified function
     * @param service       the service principal, e.g. {@link #S3}
     * @param sourceArn     the bucket or rule ARN ({@code aws:SourceArn})
     * @param sourceAccount the account owning the source ({@code aws:SourceAccount}), or null
     */
    Decision mayInvoke(String function, String qualifier, String service, String sourceArn, String sourceAccount);

    /** The outcome and why. */
    record Decision(boolean allowed, String reason) {
    }
}
