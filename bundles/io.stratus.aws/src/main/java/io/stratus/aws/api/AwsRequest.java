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

    /**
     * Decoded query parameters (for the query protocol, the form body's parameters too), without
     * the signing parameters of a presigned request ({@code X-Amz-Algorithm}, {@code -Credential},
     * {@code -Date}, {@code -Expires}, {@code -SignedHeaders}, {@code -Signature},
     * {@code -Security-Token}): they belong to authentication, which reads {@link #rawQuery()}.
     */
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

    /** S3's "host id" of this request (x-amz-id-2; S3 event records carry it too). */
    default String hostId() {
        return hostId(requestId());
    }

    /**
     * S3's "host id" for a request id: opaque, the same for the same id. 32 bytes mixed from the
     * id (FNV-1a, then SplitMix64's finalizer per word), base64: nothing secret rests on it.
     */
    static String hostId(String requestId) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < requestId.length(); i++) {
            hash = (hash ^ requestId.charAt(i)) * 0x100000001b3L;
        }
        byte[] bytes = new byte[32];
        for (int word = 0; word < 4; word++) {
            long z = hash + (word + 1) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            for (int i = 0; i < 8; i++) {
                bytes[word * 8 + i] = (byte) (z >>> (56 - 8 * i));
            }
        }
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

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
