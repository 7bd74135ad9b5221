package io.stratus.aws.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;

public class ServletAwsRequestTest {

    private static ServletAwsRequest request(FakeHttp.Request fake) {
        return new ServletAwsRequest(fake.servlet(), "req-1", "us-east-1");
    }

    @Test
    public void rawPathKeepsEscapesAndPathDecodesThemButNotPlus() {
        ServletAwsRequest request = request(new FakeHttp.Request("GET",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/configuration"));
        assertEquals("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Ahello/configuration",
                request.rawPath());
        assertEquals("/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/configuration",
                request.path());

        ServletAwsRequest s3 = request(new FakeHttp.Request("GET", "/bucket/a%2Fb+c%20d%E2%82%AC"));
        assertEquals("/bucket/a/b+c d\u20ac", s3.path());
        assertEquals("/bucket/a%2Fb+c%20d%E2%82%AC", s3.rawPath());
    }

    @Test
    public void malformedEscapesAreKeptAsWritten() {
        assertEquals("/a%zz/b%", request(new FakeHttp.Request("GET", "/a%zz/b%")).path());
    }

    @Test
    public void queryParametersAreFormDecodedAndRepeatable() {
        ServletAwsRequest request = request(new FakeHttp.Request("GET", "/x?a=1&b=two+words&a=2&flag&e=%3D"));

        assertEquals("a=1&b=two+words&a=2&flag&e=%3D", request.rawQuery());
        assertEquals(List.of("1", "2"), request.parameters().get("a"));
        assertEquals("1", request.parameter("a"));
        assertEquals("two words", request.parameter("b"));
        assertEquals("", request.parameter("flag"));
        assertEquals("=", request.parameter("e"));
        assertNull(request.parameter("missing"));
    }

    @Test
    public void presignedSigningParametersAreNotOperationParametersButTheirScopeNamesTheRegion() {
        ServletAwsRequest request = request(new FakeHttp.Request("GET", "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKID%2F20260101%2Feu-west-3%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z"
                + "&versionId=v+1&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=t%2Bk"
                + "&X-Amz-Credential=AKID%2F20260101%2Fus-west-2%2Fs3%2Faws4_request"
                + "&X%2DAmz-Signature=ab&X-Amz-Signature=cd&x-amz-date=kept&X-Amz-Other=kept&uploads"));

        assertEquals(List.of("versionId", "x-amz-date", "X-Amz-Other", "uploads"), List.copyOf(request.parameters().keySet()));
        assertEquals("v 1", request.parameter("versionId"));
        assertEquals("", request.parameter("uploads"));
        assertNull(request.parameter("X-Amz-Signature"));
        assertNull(request.parameter("X-Amz-Credential"));
        // the first credential's scope, as the verifier reads the first of each signing parameter
        assertEquals("eu-west-3", request.region());
        assertEquals("s3", request.scope().service());
        assertTrue(request.rawQuery().contains("X-Amz-Signature=cd"));
    }

    @Test
    public void formBodiesAreParsedIntoParametersAfterTheQuery() throws Exception {
        ServletAwsRequest request = request(new FakeHttp.Request("POST", "/?Action=FromQuery")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body("Action=FromBody&Tags.member.1.Key=k%C3%A9y"));

        request.readForm(1024);

        assertEquals(List.of("FromQuery", "FromBody"), request.parameters().get("Action"));
        assertEquals("k\u00e9y", request.parameter("Tags.member.1.Key"));
        assertTrue(request.looksLikeQuery());
    }

    @Test
    public void otherBodiesAreNotParsedAsForms() throws Exception {
        ServletAwsRequest request = request(new FakeHttp.Request("POST", "/")
                .header("Content-Type", "application/json").body("Action=Nope"));

        request.readForm(1024);

        assertNull(request.parameter("Action"));
        assertEquals("Action=Nope", new String(request.body(100), StandardCharsets.UTF_8));
    }

    @Test
    public void theBodyCanBeReadAgainAndStreamedAfterwards() throws Exception {
        ServletAwsRequest request = request(new FakeHttp.Request("PUT", "/b/k").body("hello body"));

        assertArrayEquals("hello body".getBytes(), request.body(100));
        assertArrayEquals("hello body".getBytes(), request.body(100));
        assertArrayEquals("hello body".getBytes(), request.bodyStream().readAllBytes());
    }

    @Test
    public void anUnreadBodyStreamsStraightFromTheConnection() throws Exception {
        FakeHttp.Request fake = new FakeHttp.Request("PUT", "/b/k").body("streamed");
        ServletAwsRequest request = request(fake);

        assertArrayEquals("streamed".getBytes(), request.bodyStream().readAllBytes());
    }

    @Test
    public void aDeclaredLengthOverTheLimitIs413AndTheBodyIsDrainedSoTheClientReadsTheAnswer() throws Exception {
        FakeHttp.Request fake = new FakeHttp.Request("POST", "/x").body(new byte[2000]);
        ServletAwsRequest request = request(fake);

        AwsException error = expect413(request, 1000);

        assertEquals("RequestTooLargeException", error.code());
        assertEquals("Request must be smaller than 1000 bytes", error.getMessage());
        assertEquals(2000, fake.bytesRead);
    }

    @Test
    public void aDeclaredLengthBeyondTheDrainLimitIsNotReadAtAll() throws Exception {
        FakeHttp.Request fake = new FakeHttp.Request("PUT", "/b/k").body(new byte[10]);
        fake.declaredLength = ServletAwsRequest.DRAIN_LIMIT + 1;
        ServletAwsRequest request = request(fake);

        expect413(request, 1000);

        assertEquals(0, fake.bytesRead);
    }

    @Test
    public void aChunkedBodyOverTheLimitIs413AndIsDrained() throws Exception {
        FakeHttp.Request fake = new FakeHttp.Request("POST", "/x").body(new byte[100_000]).chunked();
        ServletAwsRequest request = request(fake);

        expect413(request, 1000);

        assertEquals(100_000, fake.bytesRead);
    }

    @Test
    public void aBodyExactlyAtTheLimitIsAccepted() throws Exception {
        ServletAwsRequest request = request(new FakeHttp.Request("POST", "/x").body(new byte[1000]).chunked());

        assertEquals(1000, request.body(1000).length);
    }

    @Test
    public void aRefusedBodyStaysRefused() throws Exception {
        ServletAwsRequest request = request(new FakeHttp.Request("POST", "/x").body(new byte[5000]).chunked());

        expect413(request, 1000);

        expect413(request, 10_000);
    }

    @Test
    public void aSmallLimitThenALargerOneReadsTheWholeBody() throws Exception {
        byte[] data = new byte[5000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        ServletAwsRequest request = request(new FakeHttp.Request("POST", "/x").body(data).chunked());

        assertArrayEquals(data, request.body(5000));
        assertArrayEquals(data, request.body(10_000));
    }

    @Test
    public void the413IsNamedByTheProtocol() throws Exception {
        ServletAwsRequest s3 = request(new FakeHttp.Request("PUT", "/b/k").body(new byte[20]));
        s3.protocol(AwsProtocol.REST_XML);
        AwsException error = expect413(s3, 10);
        assertEquals("EntityTooLarge", error.code());
        assertEquals("10", error.extra().get("MaxSizeAllowed"));

        ServletAwsRequest iam = request(new FakeHttp.Request("POST", "/").body(new byte[20]));
        iam.protocol(AwsProtocol.QUERY);
        assertEquals("RequestEntityTooLarge", expect413(iam, 10).code());
    }

    @Test
    public void targetIsTheOperationAfterTheLastDot() {
        assertEquals("PutRule", request(new FakeHttp.Request("POST", "/").header("X-Amz-Target", "AWSEvents.PutRule")).target());
        assertNull(request(new FakeHttp.Request("POST", "/")).target());
    }

    @Test
    public void regionComesFromTheCredentialScopeElseTheDefault() {
        assertEquals("sa-east-1", request(new FakeHttp.Request("GET", "/").signedFor("s3", "sa-east-1")).region());
        assertEquals("us-east-1", request(new FakeHttp.Request("GET", "/")).region());
        assertEquals("us-east-1", request(new FakeHttp.Request("GET", "/")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=broken, Signature=x")).region());
    }

    @Test
    public void credentialScopesOfOtherShapesAreIgnored() {
        assertNull(CredentialScope.parse("AKID/20260101/us-east-1/s3"));
        assertNull(CredentialScope.parse("AKID/20260101/us-east-1/s3/aws5_request"));
        assertNull(CredentialScope.parse("AKID//us-east-1/s3/aws4_request"));
        assertNull(CredentialScope.of("AWS AKID:signature", null));
        assertEquals(new CredentialScope("AKID", "20260101", "us-west-2", "lambda"),
                CredentialScope.of("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/lambda/aws4_request,SignedHeaders=host, Signature=x", null));
    }

    private static AwsException expect413(ServletAwsRequest request, int limit) throws Exception {
        try {
            request.body(limit);
            fail("expected 413");
            return null;
        } catch (AwsException e) {
            assertEquals(413, e.status());
            return e;
        }
    }
}
