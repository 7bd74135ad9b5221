package io.stratus.gateway.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

import io.stratus.gateway.impl.GatewayRequest.Header;
import io.stratus.gateway.impl.ProxyResponses.HttpAnswer;
import io.stratus.gateway.impl.ProxyResponses.MalformedResponse;

/** Function answers read as API Gateway reads them, starting from AWS's documented sample responses. */
public class ProxyResponsesTest {

    @Test
    public void formatOneSampleResponse() throws Exception {
        HttpAnswer answer = ProxyResponses.read(PayloadFormat.V1, bytes(ProxyEventsTest.fixture("v1-response.json").toString()));

        assertEquals(200, answer.status());
        assertEquals(List.of(new Header("headerName", "headerValue"), new Header("headerName2", "headerValue"),
                new Header("headerName2", "headerValue2")), answer.headers());
        assertEquals("Hello from Lambda!", new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    public void formatTwoSampleResponseDecodesBase64AndKeepsCookies() throws Exception {
        HttpAnswer answer = ProxyResponses.read(PayloadFormat.V2, bytes(ProxyEventsTest.fixture("v2-response.json").toString()));

        assertEquals(201, answer.status());
        assertEquals(List.of("cookie1", "cookie2"), answer.cookies());
        assertEquals("headervalue", answer.header("headername"));
        assertEquals("Hello from Lambda!", new String(answer.body(), StandardCharsets.UTF_8));
    }

    @Test
    public void formatTwoTakesJsonWithoutStatusCodeAsA200JsonBody() throws Exception {
        for (String json : new String[] {"{\"message\":\"hi\"}", "[1,2]", "\"text\"", "42"}) {
            HttpAnswer answer = ProxyResponses.read(PayloadFormat.V2, bytes(json));
            assertEquals(200, answer.status());
            assertEquals("application/json", answer.header("Content-Type"));
            assertEquals(json, new String(answer.body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void formatOneIgnoresCookies() throws Exception {
        HttpAnswer answer = ProxyResponses.read(PayloadFormat.V1, bytes("{\"statusCode\":204,\"cookies\":[\"a=1\"]}"));
        assertEquals(204, answer.status());
        assertEquals(List.of(), answer.cookies());
        assertEquals(0, answer.body().length);
    }

    @Test
    public void statusCodeMayBeANumericString() throws Exception {
        assertEquals(404, ProxyResponses.read(PayloadFormat.V1, bytes("{\"statusCode\":\"404\"}")).status());
    }

    @Test
    public void binaryBodyRoundTrips() throws Exception {
        HttpAnswer answer = ProxyResponses.read(PayloadFormat.V1,
                bytes("{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"iVBORwABAg==\"}"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2}, answer.body());
    }

    @Test
    public void malformedAnswersAreRejectedWithTheReason() {
        String[][] cases = {
            {"1.0", "{\"status\":200}", "statusCode is missing"},
            {"1.0", "\"hello\"", "not a JSON object"},
            {"1.0", "{\"statusCode\":\"abc\"}", "statusCode is not an HTTP status"},
            {"1.0", "{\"statusCode\":700}", "statusCode is not an HTTP status"},
            {"1.0", "{\"statusCode\":200,\"body\":{\"a\":1}}", "body is not a string"},
            {"1.0", "{\"statusCode\":200,\"headers\":[1]}", "headers is not an object"},
            {"1.0", "{\"statusCode\":200,\"headers\":{\"a\":{}}}", "headers.a is not a string"},
            {"1.0", "{\"statusCode\":200,\"multiValueHeaders\":{\"a\":\"b\"}}", "multiValueHeaders.a is not an array"},
            {"1.0", "{\"statusCode\":200,\"isBase64Encoded\":\"yes\"}", "isBase64Encoded is not a boolean"},
            {"1.0", "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"%%%\"}", "not valid base64"},
            {"2.0", "{\"statusCode\":200,\"cookies\":\"a=1\"}", "cookies is not an array"},
            {"2.0", "not json", "not JSON"},
            {"2.0", "{\"a\":1} trailing", "not JSON"},
            {"2.0", "", "returned nothing"},
        };
        for (String[] c : cases) {
            MalformedResponse e = assertThrows(c[1], MalformedResponse.class,
                    () -> ProxyResponses.read(PayloadFormat.parse(c[0]), bytes(c[1])));
            assertEquals(c[1] + " -> " + e.getMessage(), true, e.getMessage().contains(c[2]));
        }
    }

    private static byte[] bytes(String text) throws IOException {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
