package io.stratus.gateway.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import io.stratus.gateway.impl.GatewayRequest.Header;

/**
 * The events written for a request, compared with the sample events AWS documents for payload format
 * 1.0 and 2.0 (src/test/resources/events; the samples less what Stratus has no source for: authorizer,
 * client certificate, stage variables). Each fixture is the event for the request the sample
 * describes.
 */
public class ProxyEventsTest {

    private static final BinaryMediaTypes BINARY = new BinaryMediaTypes(List.of("image/*", "application/octet-stream"));

    static JsonObject fixture(String name) throws IOException {
        try (InputStream in = ProxyEventsTest.class.getResourceAsStream("/events/" + name)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    static JsonObject event(PayloadFormat format, GatewayRequest request, String routeKey,
            ProxyEvents.Context context) {
        Route route = new Route(RoutePattern.parseKey(routeKey), "f", format, null, Route.Source.bundle(1, "b", 0));
        RouteTable table = RouteTable.build(List.of(route), List.of());
        RouteTable.Match match = table.match(request.method(), request.rawPath(), RoutePattern.segments(request.rawPath()));
        byte[] event = ProxyEvents.write(format, request, match, context);
        return JsonParser.parseString(new String(event, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    public void formatOneEventIsTheDocumentedSample() throws IOException {
        GatewayRequest request = new GatewayRequest("GET", "/my/path", "parameter1=value1&parameter1=value2&parameter2=value",
                List.of(new Header("header1", "value1"), new Header("header2", "value1"), new Header("header2", "value2"),
                        new Header("Host", "id.execute-api.us-east-1.amazonaws.com"), new Header("User-Agent", "user-agent")),
                "Hello from Lambda!".getBytes(StandardCharsets.UTF_8), "192.0.2.1", "HTTP/1.1");
        ProxyEvents.Context context = new ProxyEvents.Context("123456789012", "id", "$default", "request-id",
                1583349317135L, BINARY);

        assertEquals(fixture("v1-request.json"), event(PayloadFormat.V1, request, "GET /my/path", context));
    }

    @Test
    public void formatTwoEventIsTheDocumentedSample() throws IOException {
        GatewayRequest request = new GatewayRequest("POST", "/my/path", "parameter1=value1&parameter1=value2&parameter2=value",
                List.of(new Header("Header1", "value1"), new Header("header2", "value1"), new Header("Header2", "value2"),
                        new Header("Cookie", "cookie1; cookie2"), new Header("Host", "id.execute-api.us-east-1.amazonaws.com"),
                        new Header("User-Agent", "agent")),
                "Hello from Lambda".getBytes(StandardCharsets.UTF_8), "192.0.2.1", "HTTP/1.1");
        ProxyEvents.Context context = new ProxyEvents.Context("123456789012", "api-id", "$default", "id",
                1584039838000L, BINARY);

        assertEquals(fixture("v2-request.json"), event(PayloadFormat.V2, request, "$default", context));
    }

    @Test
    public void eventsReadIntoTheLambdaEventTypesOfTheirFormat() {
        GatewayRequest request = request("POST", "/items/7", "tag=a&tag=b",
                List.of(new Header("Cookie", "c=1"), new Header("User-Agent", "ua"), new Header("X-A", "1"),
                        new Header("X-A", "2")), "hi".getBytes(StandardCharsets.UTF_8));
        Gson gson = new Gson();

        APIGatewayV2HTTPEvent v2 = gson.fromJson(event(PayloadFormat.V2, request, "POST /items/{id}", context()),
                APIGatewayV2HTTPEvent.class);
        assertEquals("POST /items/{id}", v2.getRouteKey());
        assertEquals(Map.of("id", "7"), v2.getPathParameters());
        assertEquals(List.of("c=1"), v2.getCookies());
        assertEquals("1,2", v2.getHeaders().get("x-a"));
        assertEquals("a,b", v2.getQueryStringParameters().get("tag"));
        assertEquals("ua", v2.getRequestContext().getHttp().getUserAgent());
        assertEquals("127.0.0.1", v2.getRequestContext().getHttp().getSourceIp());
        assertEquals("hi", v2.getBody());
        assertFalse(v2.getIsBase64Encoded());

        APIGatewayProxyRequestEvent v1 = gson.fromJson(event(PayloadFormat.V1, request, "POST /items/{id}", context()),
                APIGatewayProxyRequestEvent.class);
        assertEquals("/items/{id}", v1.getResource());
        assertEquals("/items/7", v1.getPath());
        assertEquals("POST", v1.getHttpMethod());
        assertEquals(List.of("1", "2"), v1.getMultiValueHeaders().get("X-A"));
        assertEquals("2", v1.getHeaders().get("X-A"));
        assertEquals(List.of("a", "b"), v1.getMultiValueQueryStringParameters().get("tag"));
        assertEquals("127.0.0.1", v1.getRequestContext().getIdentity().getSourceIp());
        assertEquals("000000000000", v1.getRequestContext().getAccountId());
        assertEquals(Long.valueOf(0L), v1.getRequestContext().getRequestTimeEpoch());
        assertEquals("hi", v1.getBody());
        assertEquals(Boolean.FALSE, v1.getIsBase64Encoded());
    }

    @Test
    public void pathParametersAreDecodedAndGreedyOnesSpanSegments() {
        GatewayRequest request = request("GET", "/files/ada%20l/docs/a%2Fb.txt", null, List.of(), new byte[0]);

        JsonObject v2 = event(PayloadFormat.V2, request, "GET /files/{owner}/{path+}", context());
        assertEquals("ada l", v2.getAsJsonObject("pathParameters").get("owner").getAsString());
        assertEquals("docs/a/b.txt", v2.getAsJsonObject("pathParameters").get("path").getAsString());
        assertEquals("/files/ada%20l/docs/a%2Fb.txt", v2.get("rawPath").getAsString());
        assertEquals("GET /files/{owner}/{path+}", v2.get("routeKey").getAsString());

        JsonObject v1 = event(PayloadFormat.V1, request, "GET /files/{owner}/{path+}", context());
        assertEquals("/files/{owner}/{path+}", v1.get("resource").getAsString());
        assertEquals("ada l", v1.getAsJsonObject("pathParameters").get("owner").getAsString());
    }

    @Test
    public void formatTwoLeavesOutWhatTheRequestDoesNotHave() {
        JsonObject v2 = event(PayloadFormat.V2, request("GET", "/a", null, List.of(), new byte[0]), "GET /a", context());

        assertEquals("", v2.get("rawQueryString").getAsString());
        for (String absent : new String[] {"cookies", "queryStringParameters", "pathParameters", "body"}) {
            assertFalse(absent, v2.has(absent));
        }
        assertFalse(v2.get("isBase64Encoded").getAsBoolean());
    }

    @Test
    public void formatOneWritesNullsForWhatTheRequestDoesNotHave() {
        JsonObject v1 = event(PayloadFormat.V1, request("GET", "/a", null, List.of(), new byte[0]), "GET /a", context());

        for (String empty : new String[] {"headers", "multiValueHeaders", "queryStringParameters",
            "multiValueQueryStringParameters", "pathParameters", "stageVariables", "body"}) {
            assertTrue(empty, v1.get(empty).isJsonNull());
        }
    }

    @Test
    public void queryValuesAreDecodedAndAValueLessNameIsEmpty() {
        JsonObject v1 = event(PayloadFormat.V1, request("GET", "/a", "q=a+b%26c&flag&q=%E2%82%AC", List.of(), new byte[0]),
                "GET /a", context());

        assertEquals("[\"a b&c\",\"€\"]", v1.getAsJsonObject("multiValueQueryStringParameters").get("q").toString());
        assertEquals("€", v1.getAsJsonObject("queryStringParameters").get("q").getAsString());
        assertEquals("", v1.getAsJsonObject("queryStringParameters").get("flag").getAsString());
    }

    @Test
    public void binaryMediaTypesAndNonUtf8BodiesArrivBase64Encoded() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        JsonObject image = event(PayloadFormat.V2, request("POST", "/a", null,
                List.of(new Header("Content-Type", "image/png")), png), "POST /a", context());
        assertTrue(image.get("isBase64Encoded").getAsBoolean());
        assertEquals(Base64.getEncoder().encodeToString(png), image.get("body").getAsString());

        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        JsonObject text = event(PayloadFormat.V1, request("POST", "/a", null,
                List.of(new Header("Content-Type", "text/plain")), latin1), "POST /a", context());
        assertTrue(text.get("isBase64Encoded").getAsBoolean());

        JsonObject json = event(PayloadFormat.V2, request("POST", "/a", null,
                List.of(new Header("Content-Type", "application/json")), "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)),
                "POST /a", context());
        assertFalse(json.get("isBase64Encoded").getAsBoolean());
        assertEquals("{\"a\":\"é\"}", json.get("body").getAsString());
    }

    @Test
    public void requestTimeIsWrittenAsApiGatewayWritesItWhateverSecondCameBefore() {
        assertEquals("04/Mar/2020:19:15:17 +0000", ProxyEvents.requestTime(1583349317135L));
        assertEquals("04/Mar/2020:19:15:18 +0000", ProxyEvents.requestTime(1583349318001L));
        assertEquals("04/Mar/2020:19:15:17 +0000", ProxyEvents.requestTime(1583349317999L));
        assertEquals("01/Jan/1970:00:00:00 +0000", ProxyEvents.requestTime(0L));
    }

    @Test
    public void domainPrefixIsTheFirstLabelWithoutPort() {
        assertEquals("localhost", ProxyEvents.domainPrefix("localhost:8080"));
        assertEquals("id", ProxyEvents.domainPrefix("id.example.com"));
        assertEquals(null, ProxyEvents.domainPrefix(null));
    }

    private static GatewayRequest request(String method, String path, String query, List<Header> headers, byte[] body) {
        return new GatewayRequest(method, path, query, headers, body, "127.0.0.1", "HTTP/1.1");
    }

    private static ProxyEvents.Context context() {
        return new ProxyEvents.Context("000000000000", "stratus", "$default", "r-1", 0L, BINARY);
    }
}
