package io.stratus.iam.impl.sigv4;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.ChunkSignatures;

/**
 * The verifier's rules around the signature: clock skew, presigned expiry and range, unknown keys
 * and session tokens named per protocol, unsigned requests, payload hashes, and the chained chunk
 * signatures of a streaming upload (AWS's published S3 example).
 */
public class SigV4VerifierTest {

    private static final String VANILLA = "GET / HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 "
            + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31\nX-Amz-Date:20150830T123600Z\n\n";
    private static final String PRESIGNED = "POST /?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830"
            + "%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
            + "&X-Amz-Signature=2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b HTTP/1.1\n"
            + "Host:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\n\n";
    private static final String FORM = "POST / HTTP/1.1\nContent-Type:application/x-www-form-urlencoded\nHost:example.amazonaws.com\n"
            + "Content-Length:13\nx-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e\n"
            + "Authorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, "
            + "Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b\nX-Amz-Date:20150830T123600Z\n\n";

    private static SigV4Verifier at(Instant now, SigningKeys keys) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new SigV4Verifier(keys, () -> clock, () -> clock, 1 << 20);
    }

    private static SigningKeys example(String token, Instant expires) {
        return id -> SigV4VectorsTest.ACCESS_KEY.equals(id) ? new SigningKeys.Key(id, SigV4VectorsTest.SECRET, token,
                expires, SigV4VectorsTest.EXAMPLE) : null;
    }

    private static AwsException refused(SigV4Verifier verifier, TestRequest request) {
        return assertThrows(AwsException.class, () -> verifier.verify(request, "service"));
    }

    private static final Instant SIGNED = SigV4VectorsTest.SIGNED_AT;

    @Test
    public void aSignatureWithinFifteenMinutesOfTheClockVerifies() throws Exception {
        for (long minutes : new long[] {-15, -1, 1, 15}) {
            AwsPrincipal principal = at(SIGNED.plus(Duration.ofMinutes(minutes)), example(null, null))
                    .verify(TestRequest.parse(VANILLA), "service");
            assertEquals(SigV4VectorsTest.EXAMPLE.arn(), principal.arn());
        }
    }

    @Test
    public void aSignatureMoreThanFifteenMinutesAwayIsRequestTimeTooSkewed() {
        for (Duration off : List.of(Duration.ofMinutes(15).plusSeconds(1), Duration.ofMinutes(-16), Duration.ofDays(1))) {
            AwsException e = refused(at(SIGNED.plus(off), example(null, null)), TestRequest.parse(VANILLA));
            assertEquals("RequestTimeTooSkewed", e.code());
            assertEquals(403, e.status());
        }
    }

    @Test
    public void aPresignedUrlWorksUntilItExpires() throws Exception {
        assertNotNull(at(SIGNED.plusSeconds(3600), example(null, null)).verify(TestRequest.parse(PRESIGNED), "service"));
        AwsException e = refused(at(SIGNED.plusSeconds(3601), example(null, null)), TestRequest.parse(PRESIGNED));
        assertEquals("AccessDeniedException", e.code());
        assertEquals("Request has expired", e.getMessage());
        AwsException xml = refused(at(SIGNED.plusSeconds(3601), example(null, null)),
                TestRequest.parse(PRESIGNED).protocol(AwsProtocol.QUERY));
        assertEquals("AccessDenied", xml.code());
    }

    @Test
    public void presignedExpiryMustBeOneSecondToSevenDays() {
        for (String expires : new String[] {"0", "604801", "soon"}) {
            TestRequest request = TestRequest.parse(PRESIGNED.replace("X-Amz-Expires=3600", "X-Amz-Expires=" + expires))
                    .protocol(AwsProtocol.REST_XML);
            AwsException e = refused(at(SIGNED, example(null, null)), request);
            assertEquals(expires, "AuthorizationQueryParametersError", e.code());
            assertEquals(400, e.status());
        }
    }

    @Test
    public void anUnknownKeyIsNamedAsEachProtocolNamesIt() {
        Map<AwsProtocol, String> expected = new LinkedHashMap<>();
        expected.put(AwsProtocol.REST_XML, "InvalidAccessKeyId");
        expected.put(AwsProtocol.QUERY, "InvalidClientTokenId");
        expected.put(AwsProtocol.REST_JSON, "UnrecognizedClientException");
        expected.put(AwsProtocol.JSON_1_1, "UnrecognizedClientException");
        expected.forEach((protocol, code) -> {
            AwsException e = refused(at(SIGNED, id -> null), TestRequest.parse(VANILLA).protocol(protocol));
            assertEquals(protocol.id(), code, e.code());
            assertEquals(403, e.status());
        });
    }

    @Test
    public void anUnsignedRequestIsRefusedAsEachProtocolNamesIt() {
        Map<AwsProtocol, String> expected = Map.of(AwsProtocol.REST_XML, "AccessDenied", AwsProtocol.QUERY,
                "MissingAuthenticationToken", AwsProtocol.REST_JSON, "MissingAuthenticationTokenException");
        expected.forEach((protocol, code) -> {
            TestRequest unsigned = TestRequest.parse("GET / HTTP/1.1\nHost:example.amazonaws.com\n\n").protocol(protocol);
            AwsException e = refused(at(SIGNED, example(null, null)), unsigned);
            assertEquals(code, e.code());
            assertEquals(403, e.status());
        });
    }

    @Test
    public void aSignatureVersion2PresignedUrlIsRefusedAsUnsupportedNotAsUnsigned() {
        String v2 = "GET /bucket/key?AWSAccessKeyId=AKIDEXAMPLE&Signature=t37WBw9zCd32PBS8HxGfeaIMn1g%3D&Expires=1795697140"
                + " HTTP/1.1\nHost:example.amazonaws.com\n\n";
        AwsException s3 = refused(at(SIGNED, example(null, null)), TestRequest.parse(v2).protocol(AwsProtocol.REST_XML));
        assertEquals("InvalidRequest", s3.code());
        assertEquals(400, s3.status());
        assertEquals("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
                s3.getMessage());
        AwsException query = refused(at(SIGNED, example(null, null)), TestRequest.parse(v2).protocol(AwsProtocol.QUERY));
        assertEquals("IncompleteSignature", query.code());
        assertEquals(400, query.status());
        // a parameter that merely ends in the name is no Signature Version 2
        String other = "GET /bucket/key?XAWSAccessKeyId=1 HTTP/1.1\nHost:example.amazonaws.com\n\n";
        assertEquals("AccessDenied", refused(at(SIGNED, example(null, null)),
                TestRequest.parse(other).protocol(AwsProtocol.REST_XML)).code());
        assertTrue(SigV4Verifier.isSigV2Query("Expires=1&AWSAccessKeyId=AK&Signature=s"));
        assertFalse(SigV4Verifier.isSigV2Query("AWSAccessKeyIdX=1&awsaccesskeyid=2"));
    }

    @Test
    public void temporaryCredentialsNeedTheirSessionTokenAndExpire() throws Exception {
        String token = SigV4VectorsTest.TOKEN;
        // signed without the token: refused although the signature itself is right
        AwsException missing = refused(at(SIGNED, example(token, null)), TestRequest.parse(VANILLA).protocol(AwsProtocol.QUERY));
        assertEquals("InvalidClientTokenId", missing.code());
        String withToken = "GET / HTTP/1.1\nHost:example.amazonaws.com\nAuthorization:AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, "
                + "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8\nX-Amz-Date:20150830T123600Z\n"
                + "X-Amz-Security-Token:" + token + "\n\n";
        Instant expires = SIGNED.plusSeconds(60);
        assertNotNull(at(SIGNED, example(token, expires)).verify(TestRequest.parse(withToken), "service"));
        AwsException expired = refused(at(expires, example(token, expires)), TestRequest.parse(withToken).protocol(AwsProtocol.QUERY));
        assertEquals("ExpiredToken", expired.code());
        AwsException otherToken = refused(at(SIGNED, example("another", expires)), TestRequest.parse(withToken));
        assertEquals("UnrecognizedClientException", otherToken.code());
    }

    @Test
    public void aBodyThatIsNotTheSignedOneIsRefused() throws Exception {
        assertNotNull(at(SIGNED, example(null, null)).verify(TestRequest.parse(FORM + "Param1=value1"), "service"));
        AwsException e = refused(at(SIGNED, example(null, null)), TestRequest.parse(FORM + "Param1=value2").protocol(AwsProtocol.QUERY));
        assertEquals("SignatureDoesNotMatch", e.code());
        AwsException s3 = assertThrows(AwsException.class, () -> at(SIGNED, example(null, null))
                .verify(TestRequest.parse(FORM + "Param1=value2").protocol(AwsProtocol.REST_XML), "dynamodb"));
        assertEquals("XAmzContentSHA256Mismatch", s3.code());
    }

    @Test
    public void malformedAuthorizationHeadersAreIncompleteSignatures() {
        for (String header : new String[] {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
                "AWS AKIDEXAMPLE:c2lnbmF0dXJl", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1, SignedHeaders=host, Signature=00"}) {
            TestRequest request = TestRequest.parse(VANILLA).header("Authorization", header);
            AwsException e = refused(at(SIGNED, example(null, null)), request);
            assertEquals(header, "IncompleteSignature", e.code());
            assertEquals(400, e.status());
        }
    }

    /** AWS's published chunked-upload example (Amazon S3 API Reference, "Transferring Payload in Multiple Chunks"). */
    @Test
    public void streamingUploadsChainTheirChunkSignatures() throws Exception {
        String request = "PUT /examplebucket/chunkObject.txt HTTP/1.1\nHost:s3.amazonaws.com\n"
                + "x-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n"
                + "Authorization:AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-decoded-content-length;x-amz-storage-class,"
                + "Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9\n"
                + "x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD\nContent-Encoding:aws-chunked\n"
                + "x-amz-decoded-content-length:66560\nContent-Length:66824\n\n";
        AwsPrincipal owner = new AwsPrincipal("111122223333", "arn:aws:iam::111122223333:user/example", "AIDAEXAMPLE",
                "AKIAIOSFODNN7EXAMPLE");
        SigningKeys keys = id -> "AKIAIOSFODNN7EXAMPLE".equals(id)
                ? new SigningKeys.Key(id, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, null, owner) : null;
        Instant signed = Instant.parse("2013-05-24T00:00:00Z");
        AwsPrincipal principal = at(signed, keys).verify(TestRequest.parse(request).protocol(AwsProtocol.REST_XML), "s3");
        ChunkSignatures chunks = principal.chunks();
        assertNotNull(chunks);
        assertEquals("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", chunks.seedSignature());
        byte[] first = new byte[65536];
        Arrays.fill(first, (byte) 'a');
        byte[] second = new byte[1024];
        Arrays.fill(second, (byte) 'a');
        // out of order: the second chunk's signature does not follow the seed
        assertFalse(chunks.verifyChunk(SigV4.sha256(second), "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"));
        assertTrue(chunks.verifyChunk(SigV4.sha256(first), "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"));
        assertTrue(chunks.verifyChunk(SigV4.sha256(second), "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"));
        assertTrue(chunks.verifyChunk(SigV4.sha256(new byte[0]), "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"));
    }

    @Test
    public void aTamperedChunkBreaksTheChain() throws IOException {
        ChunkChain chain = new ChunkChain(SigV4.signingKey("secret", "20130524", "us-east-1", "s3"), "20130524T000000Z",
                "20130524/us-east-1/s3/aws4_request", "seed");
        assertFalse(chain.verifyChunk(SigV4.sha256("data".getBytes(StandardCharsets.UTF_8)), "00"));
        assertEquals("seed", chain.seedSignature());
    }

    @Test
    public void requestsWithoutStreamingPayloadsCarryNoChunkVerifier() throws Exception {
        assertNull(at(SIGNED, example(null, null)).verify(TestRequest.parse(VANILLA), "service").chunks());
    }

    @Test
    public void aWrongSignatureIsNamedAsEachProtocolNamesIt() {
        String wrong = VANILLA.replace("Signature=5fa0", "Signature=6fa0");
        Map<AwsProtocol, String> codes = Map.of(AwsProtocol.REST_XML, "SignatureDoesNotMatch", AwsProtocol.QUERY,
                "SignatureDoesNotMatch", AwsProtocol.JSON_1_0, "SignatureDoesNotMatch", AwsProtocol.REST_JSON,
                "InvalidSignatureException", AwsProtocol.JSON_1_1, "InvalidSignatureException");
        Map<AwsProtocol, Integer> statuses = Map.of(AwsProtocol.REST_XML, 403, AwsProtocol.QUERY, 403,
                AwsProtocol.JSON_1_0, 403, AwsProtocol.REST_JSON, 403, AwsProtocol.JSON_1_1, 400);
        for (AwsProtocol protocol : AwsProtocol.values()) {
            AwsException e = refused(at(SIGNED, example(null, null)), TestRequest.parse(wrong).protocol(protocol));
            assertEquals(protocol.id(), codes.get(protocol), e.code());
            assertEquals(protocol.id(), (int) statuses.get(protocol), e.status());
        }
        // a body that is not the signed one is the same mismatch outside S3
        AwsException body = refused(at(SIGNED, example(null, null)), TestRequest.parse(FORM + "Param1=value2"));
        assertEquals("InvalidSignatureException", body.code());
    }

    private static TestRequest presigned(String secret) {
        java.net.URI uri = java.net.URI.create(SigV4.presign("GET", "http://example.amazonaws.com/items?max=3", "service",
                "us-east-1", SigV4VectorsTest.ACCESS_KEY, secret, SIGNED, 600));
        return TestRequest.parse("GET " + uri.getRawPath() + "?" + uri.getRawQuery()
                + " HTTP/1.1\nHost:example.amazonaws.com\n\n");
    }

    @Test
    public void aChangedSecretNeverMeetsTheCachedSigningKeyOfTheOldOne() throws Exception {
        Map<String, String> secrets = new java.util.concurrent.ConcurrentHashMap<>();
        secrets.put(SigV4VectorsTest.ACCESS_KEY, SigV4VectorsTest.SECRET);
        SigV4Verifier verifier = at(SIGNED, id -> secrets.containsKey(id)
                ? new SigningKeys.Key(id, secrets.get(id), null, null, SigV4VectorsTest.EXAMPLE) : null);
        TestRequest old = presigned(SigV4VectorsTest.SECRET);
        assertEquals(SigV4VectorsTest.EXAMPLE.arn(), verifier.verify(old, "service").arn());
        assertEquals(SigV4VectorsTest.EXAMPLE.arn(), verifier.verify(old, "service").arn());

        String rotated = "AnotherSecretAnotherSecretAnotherSecret0";
        secrets.put(SigV4VectorsTest.ACCESS_KEY, rotated);
        assertEquals("SignatureDoesNotMatch", refused(verifier, old.protocol(AwsProtocol.QUERY)).code());
        assertEquals(SigV4VectorsTest.EXAMPLE.arn(), verifier.verify(presigned(rotated), "service").arn());

        // a key removed after it signed successfully is refused on its next request
        secrets.clear();
        assertEquals("InvalidClientTokenId", refused(verifier, presigned(rotated).protocol(AwsProtocol.QUERY)).code());
    }

    @Test
    public void theSigningKeyCacheIsBounded() {
        for (int i = 0; i < SigV4.MAX_CACHED_KEYS + 10; i++) {
            SigV4.signingKey("secret-" + i, "20150830", "us-east-1", "service");
            assertTrue(SigV4.cachedSigningKeys() <= SigV4.MAX_CACHED_KEYS);
        }
        // a cached key is the key the HMAC chain derives
        assertTrue(Arrays.equals(SigV4.signingKey("secret-3", "20150830", "us-east-1", "service"),
                reference(reference(reference(reference("AWS4secret-3".getBytes(StandardCharsets.UTF_8), "20150830"),
                        "us-east-1"), "service"), "aws4_request")));
    }

    private static byte[] reference(byte[] key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    public void theThreadsHmacFollowsEveryChangeOfKey() {
        byte[] first = "first key".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second key".getBytes(StandardCharsets.UTF_8);
        byte[] sameBytesOtherArray = first.clone();
        for (byte[] key : List.of(first, first, second, first, sameBytesOtherArray, second, second)) {
            assertTrue(Arrays.equals(reference(key, "data"), SigV4.hmac(key, "data")));
        }
        assertFalse(Arrays.equals(SigV4.hmac(first, "data"), SigV4.hmac(second, "data")));
    }

    @Test
    public void signaturesCompareAsHexInEitherCaseAndNothingElse() {
        byte[] mac = reference("k".getBytes(StandardCharsets.UTF_8), "d");
        String hex = SigV4.hex(mac);
        assertTrue(SigV4.same(mac, hex));
        assertTrue(SigV4.same(mac, hex.toUpperCase(java.util.Locale.ROOT)));
        assertFalse(SigV4.same(mac, hex.substring(1)));
        assertFalse(SigV4.same(mac, null));
        assertFalse(SigV4.same(mac, (hex.charAt(0) == '0' ? "1" : "0") + hex.substring(1)));
        // a digit outside ASCII is no hex digit, though Character.digit reads it as one
        assertFalse(SigV4.same(mac, hex.replace('0', '\uff10').replace('1', '\uff11')));
        assertEquals(java.util.HexFormat.of().formatHex(mac), hex);
    }

    @Test
    public void aPresignedUrlWithOperationParametersVerifiesAndATamperedParameterDoesNot() throws Exception {
        String url = SigV4.presign("GET", "https://example.amazonaws.com/a%20b/c?b=2&a=%C3%A9&flag&a=1&empty=&x%2Dy=%2f",
                "service", "us-east-1", SigV4VectorsTest.ACCESS_KEY, SigV4VectorsTest.SECRET, SIGNED, 60);
        String target = url.substring("https://example.amazonaws.com".length());
        String request = "GET " + target + " HTTP/1.1\nHost:example.amazonaws.com\n\n";
        assertNotNull(at(SIGNED, example(null, null)).verify(TestRequest.parse(request), "service"));
        // the signature over the canonical request the String functions build: the same bytes
        TestRequest parsed = TestRequest.parse(request);
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri(parsed.rawPath(), false),
                SigV4.canonicalQuery(parsed.rawQuery(), "X-Amz-Signature"), "host:example.amazonaws.com\n", "host",
                SigV4Verifier.UNSIGNED_PAYLOAD);
        String signature = SigV4.signature(SigV4.signingKey(SigV4VectorsTest.SECRET, "20150830", "us-east-1", "service"),
                SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
        assertTrue(url, url.endsWith("&X-Amz-Signature=" + signature));
        for (String tampered : List.of(request.replace("b=2", "b=3"), request.replace("&flag&", "&flag=x&"),
                request.replace("a=1", "a=1&a=1"), request.replace("x%2Dy", "x%2Dz"))) {
            AwsException e = refused(at(SIGNED, example(null, null)), TestRequest.parse(tampered).protocol(AwsProtocol.REST_XML));
            assertEquals(tampered, "SignatureDoesNotMatch", e.code());
        }
    }

    @Test
    public void aSignedHeaderValueOutsideAsciiIsHashedAsUtf8() throws Exception {
        String value = "caf\u00e9 \u20ac \ud83d\ude00";
        String headers = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\nx-amz-meta-name:" + value + "\n";
        String canonical = SigV4.canonicalRequest("GET", "/", "", headers, "host;x-amz-date;x-amz-meta-name",
                SigV4.EMPTY_SHA256);
        String signature = SigV4.signature(SigV4.signingKey(SigV4VectorsTest.SECRET, "20150830", "us-east-1", "service"),
                SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
        String request = "GET / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\nX-Amz-Meta-Name:" + value
                + "\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-meta-name, Signature=" + signature + "\n\n";
        assertNotNull(at(SIGNED, example(null, null)).verify(TestRequest.parse(request), "service"));
        AwsException e = refused(at(SIGNED, example(null, null)),
                TestRequest.parse(request.replace("caf\u00e9", "cafe")).protocol(AwsProtocol.QUERY));
        assertEquals("SignatureDoesNotMatch", e.code());
    }

    /** A request signed with {@code contentType} as Content-Type, then received with {@code received} instead. */
    private static TestRequest signedWithContentType(String contentType, String received) {
        String headers = "content-type:" + contentType + "\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";
        String canonical = SigV4.canonicalRequest("POST", "/", "", headers, "content-type;host;x-amz-date",
                SigV4.EMPTY_SHA256);
        String signature = SigV4.signature(SigV4.signingKey(SigV4VectorsTest.SECRET, "20150830", "us-east-1", "service"),
                SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical));
        return TestRequest.parse("POST / HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z\nContent-Type:"
                + received + "\nAuthorization:AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=" + signature + "\n\n");
    }

    @Test
    public void aCharsetRespelledInTheOtherCaseStillVerifiesAndNothingElseDoes() throws Exception {
        SigV4Verifier verifier = at(SIGNED, example(null, null));
        for (String[] sentAndReceived : new String[][] {{"application/json; charset=utf-8", "application/json; charset=UTF-8"},
                {"application/json; charset=UTF-8", "application/json; charset=utf-8"},
                {"text/plain;Charset=utf-8", "text/plain;Charset=UTF-8"},
                {"application/json; charset=utf-8", "application/json; charset=utf-8"}}) {
            assertNotNull(sentAndReceived[0], verifier.verify(signedWithContentType(sentAndReceived[0], sentAndReceived[1]),
                    "service"));
        }
        for (String[] sentAndReceived : new String[][] {{"application/json; charset=utf-8", "application/json; charset=Utf-8"},
                {"application/json; charset=utf-8", "application/json; charset=latin1"},
                {"application/json", "APPLICATION/JSON"}}) {
            AwsException e = refused(verifier, signedWithContentType(sentAndReceived[0], sentAndReceived[1])
                    .protocol(AwsProtocol.QUERY));
            assertEquals(sentAndReceived[1], "SignatureDoesNotMatch", e.code());
        }
    }
}
