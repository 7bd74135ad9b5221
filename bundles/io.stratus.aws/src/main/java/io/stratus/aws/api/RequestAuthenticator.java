package io.stratus.aws.api;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The one place where requests on the AWS endpoint are authenticated (SigV4). Implemented by the
 * IAM module; the front door calls the highest-ranked one before dispatching. Without one, every
 * request acts as the account root.
 */
@ConsumerType
public interface RequestAuthenticator {

    /**
     * Verifies the request's signature and returns who sent it.
     *
     * @param service the target service's signing name; {@link AwsRequest#body(int)} may be read
     *                here (the front door keeps it for the service)
     * @throws AwsException InvalidAccessKeyId / UnrecognizedClientException, SignatureDoesNotMatch,
     *                      RequestTimeTooSkewed, ... as the service names them
     * @throws IOException  when the body (for the payload hash) cannot be read
     */
    AwsPrincipal authenticate(AwsRequest request, String service) throws AwsException, IOException;
}
