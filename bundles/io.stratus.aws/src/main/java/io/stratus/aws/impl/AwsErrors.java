package io.stratus.aws.impl;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonObject;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.codec.AwsCbor;
import io.stratus.aws.codec.AwsJson;
import io.stratus.aws.codec.AwsXml;

/**
 * The one place where AWS error answers are shaped, per protocol, and where every answer gets its
 * request id headers.
 */
final class AwsErrors {

    /** A rendered error: what the servlet writes. */
    record Rendered(int status, Map<String, String> headers, String contentType, byte[] body) {

        /** The same answer with one more header. */
        Rendered withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Rendered(status, more, contentType, body);
        }
    }

    private AwsErrors() {
    }

    /** The request id headers an answer in this protocol carries. */
    static Map<String, String> requestIdHeaders(AwsProtocol protocol, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        requestIdHeaders(protocol, requestId, headers::put);
        return headers;
    }

    /** The same headers handed to {@code sink} (the servlet response: no map per answer). */
    static void requestIdHeaders(AwsProtocol protocol, String requestId,
            java.util.function.BiConsumer<String, String> sink) {
        if (protocol == AwsProtocol.REST_XML) {
            sink.accept("x-amz-request-id", requestId);
            sink.accept("x-amz-id-2", hostId(requestId));
        } else {
            // query answers carry the id in their XML too; the header is what the SDKs log
            sink.accept("x-amzn-RequestId", requestId);
        }
    }

    /** S3's "host id" for a request: opaque, stable for the request (as the API computes it). */
    static String hostId(String requestId) {
        return io.stratus.aws.api.AwsRequest.hostId(requestId);
    }

    /**
     * A new request id, a version 4 UUID as AWS writes them. Ids must be unique, not unguessable,
     * so they come from the thread's generator instead of the shared SecureRandom.
     */
    static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new java.util.UUID(high, low).toString();
    }

    /**
     * Renders an error in a protocol's shape.
     *
     * @param xmlNamespace the service's XML namespace (query protocol), or null
     * @param withBody     false for HEAD requests, whose answers have no body
     */
    static Rendered render(AwsProtocol protocol, AwsException error, String requestId, String xmlNamespace,
            boolean withBody) {
        Map<String, String> headers = requestIdHeaders(protocol, requestId);
        String message = error.getMessage() == null ? "" : error.getMessage();
        String contentType;
        byte[] body;
        switch (protocol) {
            case REST_JSON -> {
                headers.put("X-Amzn-ErrorType", error.code());
                JsonObject json = new JsonObject();
                json.addProperty("Type", error.senderFault() ? "User" : "Service");
                json.addProperty("message", message);
                error.extra().forEach(json::addProperty);
                contentType = "application/json";
                body = AwsJson.toBytes(json);
            }
            case JSON_1_0, JSON_1_1 -> {
                JsonObject json = new JsonObject();
                json.addProperty("__type", error.code());
                json.addProperty("message", message);
                error.extra().forEach(json::addProperty);
                contentType = protocol == AwsProtocol.JSON_1_0 ? "application/x-amz-json-1.0"
                        : "application/x-amz-json-1.1";
                body = AwsJson.toBytes(json);
            }
            case QUERY -> {
                AwsXml.Writer xml = AwsXml.fragment().start("ErrorResponse").attribute("xmlns", xmlNamespace)
                        .start("Error")
                        .element("Type", error.senderFault() ? "Sender" : "Receiver")
                        .element("Code", error.code())
                        .element("Message", message);
                error.extra().forEach(xml::element);
                xml.end().element("RequestId", requestId);
                contentType = "text/xml";
                body = xml.toBytes();
            }
            case REST_XML -> {
                AwsXml.Writer xml = AwsXml.document().start("Error")
                        .element("Code", error.code())
                        .element("Message", message);
                error.extra().forEach(xml::element);
                xml.element("RequestId", requestId).element("HostId", hostId(requestId));
                contentType = "application/xml";
                body = xml.toBytes();
            }
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        }
        return new Rendered(error.status(), headers, contentType, withBody ? body : new byte[0]);
    }

    /** The header in which query-compatible services give the SDKs an error's query-protocol code. */
    static final String QUERY_ERROR = "x-amzn-query-error";

    /**
     * The {@link #QUERY_ERROR} value of an error: its code as the query protocol names it (a denial is
     * {@code AccessDenied} there, {@code AccessDeniedException} in JSON) and whose fault it is.
     */
    static String queryError(AwsException error) {
        String code = "AccessDeniedException".equals(error.code()) ? "AccessDenied" : error.code();
        return code + ";" + (error.senderFault() ? "Sender" : "Receiver");
    }

    /**
     * Renders an error for a Smithy RPC v2 CBOR request (the SDK for Java v2's CloudWatch): a CBOR
     * map with {@code __type} and {@code message}, plus the {@code x-amzn-query-error} header that
     * query-compatible services (CloudWatch) send and the SDKs take the error code from.
     */
    static Rendered renderCbor(AwsException error, String requestId, boolean withBody) {
        Map<String, String> headers = requestIdHeaders(AwsProtocol.JSON_1_0, requestId);
        headers.put(AwsCbor.PROTOCOL_HEADER, AwsCbor.PROTOCOL);
        headers.put(QUERY_ERROR, queryError(error));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", error.code());
        body.put("message", error.getMessage() == null ? "" : error.getMessage());
        body.putAll(error.extra());
        return new Rendered(error.status(), headers, AwsCbor.CONTENT_TYPE, withBody ? AwsCbor.encode(body) : new byte[0]);
    }

    /** The answer to an exception the service did not expect: never a stack trace or a Jetty page. */
    static AwsException internal(AwsProtocol protocol) {
        boolean xml = protocol == AwsProtocol.QUERY || protocol == AwsProtocol.REST_XML;
        return new AwsException(500, xml ? "InternalError" : "InternalFailure",
                xml ? "We encountered an internal error. Please try again."
                        : "The request processing has failed because of an unknown error, exception or failure.",
                false, Map.of());
    }
}
