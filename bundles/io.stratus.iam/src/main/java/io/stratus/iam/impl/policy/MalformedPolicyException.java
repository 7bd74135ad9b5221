package io.stratus.iam.impl.policy;

/** A policy document that is not valid IAM policy grammar; the API answers MalformedPolicyDocument. */
public final class MalformedPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }
}
