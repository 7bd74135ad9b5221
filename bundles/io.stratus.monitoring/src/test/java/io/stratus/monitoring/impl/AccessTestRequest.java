package io.stratus.monitoring.impl;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;

/** A signed request as the front door hands it to a service's access(): target, path and body only. */
public record AccessTestRequest(String target, String path, Map<String, String> headers, byte[] content) implements AwsRequest {

    public static AccessTestRequest json(String target, String body) {
        return new AccessTestRequest(target, "/", Map.of(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public String method() { return "POST"; }
    public String rawPath() { return path; }
    public String rawQuery() { return null; }
    public Map<String, List<String>> parameters() { return Map.of(); }
    public String parameter(String name) { return null; }
    public String header(String name) { return headers.get(name); }
    public List<String> headerNames() { return List.copyOf(headers.keySet()); }
    public byte[] body(int limit) { return content; }
    public InputStream bodyStream() { return new ByteArrayInputStream(content); }
    public String requestId() { return "r"; }
    public String region() { return "eu-west-1"; }
    public AwsPrincipal principal() {
        return new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/u", "AIDA", "AKIA");
    }
    public String sourceIp() { return "127.0.0.1"; }
}
