package io.stratus.aws.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Presigns URLs on the AWS endpoint for the platform's own links, as AWS services hand out
 * presigned S3 URLs (Lambda's {@code GetFunction} {@code Code.Location}). Implemented by the IAM
 * module, which signs with the account root key, so the URL allows exactly one method on one
 * path until it expires. The payload is not signed ({@code UNSIGNED-PAYLOAD}): any body may be sent.
 */
@ConsumerType
public interface RequestPresigner {

    /**
     * @param method  the HTTP method the URL is for, e.g. {@code GET}
     * @param url     an absolute {@code http://host:port/path?query} URL on the AWS endpoint, path
     *                and query already percent-encoded
     * @param service the signing name of the service serving the path, e.g. {@code lambda}
     * @param region  the region to scope the signature to
     * @param expires how long the URL works: 1 s to 7 days
     * @return the URL with the {@code X-Amz-*} query parameters of a SigV4 presigned request
     */
    String presign(String method, String url, String service, String region, Duration expires);
}
