package io.stratus.aws.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** One request on the AWS endpoint, as the front door hands it to a service. */
@ProviderType
public interface AwsRequest {

    /** HTTP method, upper case. */
    String method();

    /** Request path, percent-decoded. */
    String path();

    /** Request path as sent (still percent-encoded), for signature checks and S3 keys. */
    String rawPath();

    /** Raw query string, or empty. */
    String rawQuery();

    /** Decoded query parameters (for the query protocol, the form body's parameters too). */
    Map<String, List<String>> parameters();

    /** First value of a query (or form) parameter, or null. */
    String parameter(String name);

    /** First value of a header (case-insensitive), or null. */
    String header(String name);

    /**
     * Every value of a header (case-insensitive), in the order sent; empty when absent. Signature
     * checks need them all.
     */
    default List<String> headers(String name) {
        String value = header(name);
        return value == null ? List.of() : List.of(value);
    }

    /** All header names as sent. */
    List<String> headerNames();

    /** The operation named by {@code X-Amz-Target} after the prefix's dot, or null. */
    String target();

    /**
     * The whole body, at most {@code limit} bytes.
     *
     * @throws AwsException {@code RequestTooLargeException}-style 413 (named by the service's
     *                      protocol) when the body is larger
     */
    byte[] body(int limit) throws AwsException, IOException;

    /** The body as a stream, for services that stream (S3); after {@link #body(int)} it replays the kept bytes. */
    InputStream bodyStream() throws IOException;

    /** The request id the answer carries (x-amzn-RequestId / x-amz-request-id). */
    String requestId();

    /** The region from the credential scope, else the platform's region. */
    String region();

    /** Who is calling, as established by the {@link RequestAuthenticator}. */
    AwsPrincipal principal();

    /** The caller's address. */
    String sourceIp();

    /** The protocol of the service the request was routed to (it names the errors). */
    default AwsProtocol protocol() {
        return AwsProtocol.REST_JSON;
    }
}
