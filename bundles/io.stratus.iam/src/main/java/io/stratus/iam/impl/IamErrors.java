package io.stratus.iam.impl;

import io.stratus.aws.api.AwsException;

/** IAM's and STS's error codes. */
final class IamErrors {

    private IamErrors() {
    }

    static AwsException noSuchEntity(String message) {
        return new AwsException(404, "NoSuchEntity", message);
    }

    static AwsException alreadyExists(String message) {
        return new AwsException(409, "EntityAlreadyExists", message);
    }

    static AwsException validation(String message) {
        return new AwsException(400, "ValidationError", message);
    }

    static AwsException invalidInput(String message) {
        return new AwsException(400, "InvalidInput", message);
    }

    static AwsException deleteConflict(String message) {
        return new AwsException(409, "DeleteConflict", message);
    }

    static AwsException limitExceeded(String message) {
        return new AwsException(409, "LimitExceeded", message);
    }

    static AwsException malformedPolicy(String message) {
        return new AwsException(400, "MalformedPolicyDocument", message);
    }

    static AwsException accessDenied(String message) {
        return new AwsException(403, "AccessDenied", message);
    }
}
