package io.stratus.aws.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.codec.UrlCodec;

/**
 * An {@link AwsRequest} over a servlet request. The body is read lazily, up to the limit a caller
 * asks for, and kept so that the authenticator and the service can both read it.
 */
final class ServletAwsRequest implements AwsRequest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int CHUNK = 8192;
    /**
     * A refused body is read and dropped up to this size, so that clients that send the whole body
     * before reading (the SDKs do) get the 413 instead of a broken connection; beyond it the
     * connection is cut.
     */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final HttpServletRequest request;
    private final String requestId;
    private final String rawPath;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> queryParameters;
    private final CredentialScope scope;
    private final String region;

    private Map<String, List<String>> parameters;
    private AwsProtocol protocol = AwsProtocol.REST_JSON;
    private AwsPrincipal principal;

    /** Bytes read from the servlet stream so far. */
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean bodyComplete;
    /** The body was too large for a caller and has been dropped. */
    private boolean bodyRefused;
    private boolean streamHandedOut;

    ServletAwsRequest(HttpServletRequest request, String requestId, String defaultRegion) {
        this.request = request;
        this.requestId = requestId;
        String uri = request.getRequestURI() == null ? "/" : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String raw = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        this.rawPath = raw.isEmpty() ? "/" : raw;
        this.path = UrlCodec.decodePath(rawPath);
        this.rawQuery = request.getQueryString() == null ? "" : request.getQueryString();
        String[] credential = new String[1];
        this.queryParameters = operationParameters(rawQuery, credential);
        this.parameters = queryParameters;
        this.scope = CredentialScope.of(request.getHeader("Authorization"), credential[0]);
        this.region = scope != null ? scope.region() : defaultRegion;
    }

    /** The query parameters of a presigned request that belong to its signature, not to the operation. */
    static final java.util.Set<String> SIGNING_PARAMETERS = java.util.Set.of("X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token");

    /**
     * The decoded query parameters but the signing ones (authentication reads those from the raw
     * query), and the first X-Amz-Credential into {@code credential[0]}: its scope names the region.
     */
    static Map<String, List<String>> operationParameters(String rawQuery, String[] credential) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        UrlCodec.forEachPair(rawQuery, (raw, start, eq, end) -> {
            String name = UrlCodec.decodeForm(raw.substring(start, eq));
            if (SIGNING_PARAMETERS.contains(name)) {
                if (credential[0] == null && name.equals("X-Amz-Credential")) {
                    credential[0] = eq == end ? "" : UrlCodec.decodeForm(raw.substring(eq + 1, end));
                }
                return;
            }
            String value = eq == end ? "" : UrlCodec.decodeForm(raw.substring(eq + 1, end));
            parameters.computeIfAbsent(name, k -> new java.util.ArrayList<>(1)).add(value);
        });
        return parameters;
    }

    CredentialScope scope() {
        return scope;
    }

    /** The protocol of the service the request was routed to; names the 413 error. */
    void protocol(AwsProtocol protocol) {
        this.protocol = protocol;
    }

    void principal(AwsPrincipal principal) {
        this.principal = principal;
    }

    /** Whether the body is a form (query protocol, or a browser-style POST). */
    boolean isForm() {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    /** Whether the request looks like the query protocol: an {@code Action} parameter or a form body. */
    boolean looksLikeQuery() {
        return queryParameters.containsKey("Action") || isForm() && "POST".equals(method());
    }

    /**
     * Reads a form body into {@link #parameters()} (query protocol requests carry their parameters
     * there). Query parameters come first.
     */
    void readForm(int limit) throws AwsException, IOException {
        if (!isForm()) {
            return;
        }
        Map<String, List<String>> all = new LinkedHashMap<>();
        queryParameters.forEach((k, v) -> all.put(k, new java.util.ArrayList<>(v)));
        UrlCodec.parseForm(new String(body(limit), StandardCharsets.UTF_8), all);
        all.replaceAll((k, v) -> List.copyOf(v));
        this.parameters = Collections.unmodifiableMap(all);
    }

    @Override
    public String method() {
        return request.getMethod().toUpperCase(Locale.ROOT);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawPath() {
        return rawPath;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    @Override
    public String parameter(String name) {
        return first(parameters, name);
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public List<String> headers(String name) {
        java.util.Enumeration<String> values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public AwsProtocol protocol() {
        return protocol;
    }

    @Override
    public List<String> headerNames() {
        return request.getHeaderNames() == null ? List.of() : Collections.list(request.getHeaderNames());
    }

    @Override
    public String target() {
        String target = request.getHeader("X-Amz-Target");
        if (target == null) {
            return null;
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? null : target.substring(dot + 1);
    }

    @Override
    public byte[] body(int limit) throws AwsException, IOException {
        if (streamHandedOut) {
            throw new IllegalStateException("the body was already handed out as a stream");
        }
        long declared = request.getContentLengthLong();
        if (bodyRefused) {
            throw tooLarge(limit);
        }
        if (declared > limit) {
            drain(declared);
            throw tooLarge(limit);
        }
        if (!bodyComplete) {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[CHUNK];
            while (kept.size() <= limit) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, (long) limit + 1 - kept.size()));
                if (n < 0) {
                    bodyComplete = true;
                    break;
                }
                kept.write(buffer, 0, n);
            }
        }
        if (kept.size() > limit) {
            drain(-1);
            throw tooLarge(limit);
        }
        return kept.toByteArray();
    }

    @Override
    public InputStream bodyStream() throws IOException {
        streamHandedOut = true;
        if (bodyComplete) {
            return new ByteArrayInputStream(kept.toByteArray());
        }
        if (kept.size() == 0) {
            return request.getInputStream();
        }
        return new SequenceInputStream(new ByteArrayInputStream(kept.toByteArray()), request.getInputStream());
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public AwsPrincipal principal() {
        return principal;
    }

    @Override
    public String sourceIp() {
        return request.getRemoteAddr();
    }

    /**
     * Reads and drops the body the service answered without reading (an error found before the
     * body mattered). Answering while the body is still on its way makes the server close the
     * connection after the answer without saying so, and a client keeping connections alive then
     * fails its next request on it. A client that waits for {@code 100 Continue} has sent nothing
     * yet: asking for its body just to drop it would only cost time.
     */
    /**
     * Whether a body the client may still send was left unread: it waited for {@code 100 Continue},
     * which a refusal never gives, and clients (the JDK's URL connection among them) send the body
     * anyway after a while, where the connection's next request would be read. Such an answer closes
     * the connection.
     */
    boolean bodyMayFollow() {
        return !streamHandedOut && !bodyComplete && request.getContentLengthLong() != 0
                && "100-continue".equalsIgnoreCase(request.getHeader("Expect"));
    }

    void discardUnreadBody() throws IOException {
        if (streamHandedOut || bodyComplete || bodyRefused
                || "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            return;
        }
        drain(request.getContentLengthLong());
    }

    /** Reads and drops the rest of a refused body, when it is small enough to be worth it. */
    private void drain(long declared) throws IOException {
        bodyRefused = true;
        kept.reset();
        if (declared > DRAIN_LIMIT || bodyComplete) {
            return;
        }
        InputStream in = request.getInputStream();
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        int n;
        while (total <= DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private AwsException tooLarge(int limit) {
        String message = "Request must be smaller than " + limit + " bytes";
        return switch (protocol) {
            case REST_XML -> new AwsException(413, "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size", true,
                    Map.of("MaxSizeAllowed", String.valueOf(limit)));
            case QUERY -> new AwsException(413, "RequestEntityTooLarge", message);
            default -> new AwsException(413, "RequestTooLargeException", message);
        };
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
