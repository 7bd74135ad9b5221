package io.stratus.aws.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The one place where requests on the AWS endpoint are authorized (IAM policy evaluation).
 * Implemented by the IAM module; the front door calls the highest-ranked one after the
 * {@link RequestAuthenticator} and before the service runs, once for every {@link AccessRequest}
 * the service states for the request. Without one, every authenticated request is allowed.
 */
@ConsumerType
public interface RequestAuthorizer {

    /**
     * Evaluates the caller's policies for one access.
     *
     * @param principal who is calling, as authenticated
     * @param access    what the request asks to do
     * @param request   the request (for global condition keys such as the source address)
     * @return the decision; never null
     */
    Decision authorize(AwsPrincipal principal, AccessRequest access, AwsRequest request);

    /**
     * An authorization decision.
     *
     * @param allowed whether the access is allowed
     * @param reason  why, for the log and the denial message: the statement that denied, or that no
     *                policy allowed the action
     */
    record Decision(boolean allowed, String reason) {

        public static Decision allow(String reason) {
            return new Decision(true, reason);
        }

        public static Decision deny(String reason) {
            return new Decision(false, reason);
        }
    }
}
