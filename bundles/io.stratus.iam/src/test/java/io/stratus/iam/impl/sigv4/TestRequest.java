package io.stratus.iam.impl.sigv4;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;

/** An {@link AwsRequest} parsed from an HTTP/1.1 request text, as the SigV4 suite writes them. */
public final class TestRequest implements AwsRequest {

    final String method;
    final String rawPath;
    final String rawQuery;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final byte[] body;
    AwsProtocol protocol = AwsProtocol.REST_JSON;

    public TestRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        int q = target.indexOf('?');
        this.rawPath = q < 0 ? target : target.substring(0, q);
        this.rawQuery = q < 0 ? "" : target.substring(q + 1);
        headers.forEach((k, v) -> this.headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
        this.body = body;
    }

    /**
     * Parses "METHOD target HTTP/1.1", header lines, a blank line, the body. A continuation line is
     * one more value of the header above it, as the suite's signer reads it.
     */
    public static TestRequest parse(String text) {
        int end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 2);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String last = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.get(last).add(line);
                continue;
            }
            int colon = line.indexOf(':');
            last = line.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(last, k -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        return new TestRequest(method, target, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    public TestRequest protocol(AwsProtocol protocol) {
        this.protocol = protocol;
        return this;
    }

    public TestRequest header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return SigV4.percentDecode(rawPath);
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
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            parameters.putIfAbsent(SigV4.percentDecode(eq < 0 ? pair : pair.substring(0, eq)),
                    List.of(eq < 0 ? "" : SigV4.percentDecode(pair.substring(eq + 1))));
        }
        return parameters;
    }

    @Override
    public String parameter(String name) {
        List<String> values = parameters().get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public List<String> headerNames() {
        return new ArrayList<>(headers.keySet());
    }

    @Override
    public String target() {
        return null;
    }

    @Override
    public byte[] body(int limit) throws AwsException {
        if (body.length > limit) {
            throw new AwsException(413, "RequestTooLargeException", "too large");
        }
        return body;
    }

    @Override
    public InputStream bodyStream() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public String requestId() {
        return "test";
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public AwsPrincipal principal() {
        return null;
    }

    @Override
    public String sourceIp() {
        return "127.0.0.1";
    }

    @Override
    public AwsProtocol protocol() {
        return protocol;
    }
}
