package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;

/** Each S3 operation maps to the action and resource the Service Authorization Reference gives it. */
public class S3AccessTest {

    /** A request as the front door hands it over: method, raw path, query parameters, headers, body. */
    private static AwsRequest request(String method, String rawPath, Map<String, String> query,
            Map<String, String> headers, String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        query.forEach((name, value) -> parameters.put(name, List.of(value)));
        Map<String, String> headerMap = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headerMap.putAll(headers);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return new AwsRequest() {
            public String method() {
                return method;
            }

            public String path() {
                return rawPath;
            }

            public String rawPath() {
                return rawPath;
            }

            public String rawQuery() {
                return "";
            }

            public Map<String, List<String>> parameters() {
                return parameters;
            }

            public String parameter(String name) {
                return query.get(name);
            }

            public String header(String name) {
                return headerMap.get(name);
            }

            public List<String> headerNames() {
                return List.copyOf(headerMap.keySet());
            }

            public String target() {
                return null;
            }

            public byte[] body(int limit) {
                return bytes;
            }

            public InputStream bodyStream() {
                return new ByteArrayInputStream(bytes);
            }

            public String requestId() {
                return "test";
            }

            public String region() {
                return "us-east-1";
            }

            public AwsPrincipal principal() {
                return null;
            }

            public String sourceIp() {
                return "127.0.0.1";
            }
        };
    }

    private static List<AccessRequest> access(String method, String rawPath, Map<String, String> query)
            throws Exception {
        return S3Access.of(request(method, rawPath, query, Map.of(), null));
    }

    private static AccessRequest one(String action, String resource) {
        return new AccessRequest(action, resource);
    }

    @Test
    public void serviceAndBucketOperations() throws Exception {
        assertEquals(List.of(one("s3:ListAllMyBuckets", "*")), access("GET", "/", Map.of()));
        assertEquals(List.of(one("s3:CreateBucket", "arn:aws:s3:::photos")), access("PUT", "/photos", Map.of()));
        assertEquals(List.of(one("s3:DeleteBucket", "arn:aws:s3:::photos")), access("DELETE", "/photos", Map.of()));
        assertEquals(List.of(one("s3:ListBucket", "arn:aws:s3:::photos")), access("HEAD", "/photos", Map.of()));
        assertEquals(List.of(one("s3:GetBucketLocation", "arn:aws:s3:::photos")),
                access("GET", "/photos", Map.of("location", "")));
        assertEquals(List.of(one("s3:GetBucketNotification", "arn:aws:s3:::photos")),
                access("GET", "/photos", Map.of("notification", "")));
        assertEquals(List.of(one("s3:PutBucketNotification", "arn:aws:s3:::photos")),
                access("PUT", "/photos", Map.of("notification", "")));
        assertEquals(List.of(one("s3:ListBucketMultipartUploads", "arn:aws:s3:::photos")),
                access("GET", "/photos", Map.of("uploads", "")));
    }

    @Test
    public void listingsCarryTheirConditionKeys() throws Exception {
        assertEquals(List.of(new AccessRequest("s3:ListBucket", "arn:aws:s3:::photos",
                Map.of("s3:prefix", List.of("2024/"), "s3:delimiter", List.of("/"), "s3:max-keys", List.of("10")))),
                access("GET", "/photos", Map.of("list-type", "2", "prefix", "2024/", "delimiter", "/", "max-keys", "10")));
        // an absent parameter is a missing key, not an empty value
        assertEquals(List.of(new AccessRequest("s3:ListBucket", "arn:aws:s3:::photos", Map.of())),
                access("GET", "/photos", Map.of()));
    }

    @Test
    public void objectOperationsActOnTheObjectArn() throws Exception {
        String arn = "arn:aws:s3:::photos/2024/red flower.jpg";
        String path = "/photos/2024/red%20flower.jpg";
        assertEquals(List.of(one("s3:GetObject", arn)), access("GET", path, Map.of()));
        assertEquals(List.of(one("s3:GetObject", arn)), access("HEAD", path, Map.of()));
        assertEquals(List.of(one("s3:PutObject", arn)), access("PUT", path, Map.of("x-id", "PutObject")));
        assertEquals(List.of(one("s3:DeleteObject", arn)), access("DELETE", path, Map.of()));
        assertEquals(List.of(one("s3:PutObject", arn)), access("POST", path, Map.of("uploads", "")));
        assertEquals(List.of(one("s3:PutObject", arn)), access("PUT", path, Map.of("uploadId", "u", "partNumber", "1")));
        assertEquals(List.of(one("s3:PutObject", arn)), access("POST", path, Map.of("uploadId", "u")));
        assertEquals(List.of(one("s3:AbortMultipartUpload", arn)), access("DELETE", path, Map.of("uploadId", "u")));
        assertEquals(List.of(one("s3:ListMultipartUploadParts", arn)), access("GET", path, Map.of("uploadId", "u")));
        // virtual-host style names the bucket in the Host header
        assertEquals(List.of(one("s3:GetObject", arn)), S3Access.of(request("GET", "/2024/red%20flower.jpg", Map.of(),
                Map.of("Host", "photos.localhost:4566"), null)));
    }

    @Test
    public void aCopyReadsItsSourceAndWritesItsTarget() throws Exception {
        assertEquals(List.of(one("s3:GetObject", "arn:aws:s3:::incoming/a b.txt"),
                one("s3:PutObject", "arn:aws:s3:::processed/copy.txt")),
                S3Access.of(request("PUT", "/processed/copy.txt", Map.of(),
                        Map.of("x-amz-copy-source", "/incoming/a%20b.txt?versionId=null"), null)));
        assertEquals(List.of(one("s3:GetObject", "arn:aws:s3:::incoming/a.txt"),
                one("s3:PutObject", "arn:aws:s3:::processed/big")),
                S3Access.of(request("PUT", "/processed/big", Map.of("uploadId", "u", "partNumber", "2"),
                        Map.of("x-amz-copy-source", "incoming/a.txt"), null)));
        AwsException bad = assertThrows(AwsException.class, () -> S3Access.of(request("PUT", "/processed/copy.txt",
                Map.of(), Map.of("x-amz-copy-source", "no-key"), null)));
        assertEquals("InvalidArgument", bad.code());
    }

    @Test
    public void deleteObjectsDeletesEachOfItsKeys() throws Exception {
        String body = "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a.txt</Key></Object>"
                + "<Object><Key>dir/b.txt</Key></Object><Quiet>true</Quiet></Delete>";
        assertEquals(List.of(one("s3:DeleteObject", "arn:aws:s3:::photos/a.txt"),
                one("s3:DeleteObject", "arn:aws:s3:::photos/dir/b.txt")),
                S3Access.of(request("POST", "/photos", Map.of("delete", ""), Map.of(), body)));
        for (String malformed : List.of("<Delete>", "<Delete><Quiet>true</Quiet></Delete>",
                "<Delete><Object><VersionId>1</VersionId></Object></Delete>")) {
            AwsException e = assertThrows(malformed, AwsException.class,
                    () -> S3Access.of(request("POST", "/photos", Map.of("delete", ""), Map.of(), malformed)));
            assertEquals("MalformedXML", e.code());
        }
    }

    @Test
    public void requestsTheServiceRefusesByItselfNeedNoPermission() throws Exception {
        assertEquals(List.of(), access("PUT", "/", Map.of()));
        assertEquals(List.of(), access("PUT", "/photos/a", Map.of("tagging", "")));
        assertEquals(List.of(), access("PATCH", "/photos/a", Map.of()));
        assertEquals(List.of(), access("GET", "/photos", Map.of("tagging", "")));
        assertEquals(List.of(), access("POST", "/photos", Map.of()));
        AwsException traversal = assertThrows(AwsException.class, () -> access("GET", "/photos/a/../../b", Map.of()));
        assertEquals("InvalidArgument", traversal.code());
    }
}
