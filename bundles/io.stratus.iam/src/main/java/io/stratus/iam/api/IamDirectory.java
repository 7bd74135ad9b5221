package io.stratus.iam.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** A read-only view of IAM's state. Implemented by the IAM bundle as an OSGi service. */
@ProviderType
public interface IamDirectory {

    List<User> users();

    List<Role> roles();

    /** Customer managed policies and the AWS managed ones Stratus has. */
    List<ManagedPolicy> policies();

    /** The access keys of a user (metadata only). */
    List<AccessKey> accessKeys(String userName);

    /** The most recent authorization denials, newest first (at most a few hundred are kept). */
    List<Denial> recentDenials();

    record User(String name, String path, String id, String arn, Instant created, Map<String, String> inlinePolicies,
            List<String> attachedPolicies) {
    }

    record Role(String name, String path, String id, String arn, Instant created, String description,
            String assumeRolePolicyDocument, int maxSessionDuration, Map<String, String> inlinePolicies,
            List<String> attachedPolicies) {
    }

    record ManagedPolicy(String name, String path, String id, String arn, String description, Instant created,
            Instant updated, String document, int attachmentCount, boolean awsManaged) {
    }

    record AccessKey(String accessKeyId, String userName, String status, Instant created) {
    }

    /** One denied request and why it was denied. */
    record Denial(Instant time, String principalArn, String action, String resource, String reason, String requestId) {
    }
}
