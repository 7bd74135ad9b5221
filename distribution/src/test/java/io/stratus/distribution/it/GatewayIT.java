package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Arrays;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonObject;

import io.stratus.gateway.api.GatewayRoutes;
import io.stratus.runtime.api.FunctionRegistry;

/**
 * The gateway through real HTTP: routes declared by a deployed bundle, both payload formats, typed
 * and untyped handlers, binary bodies, HEAD, OPTIONS and CORS, every error API Gateway gives, routes
 * following bundles and configurations, and conflicts reported.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayIT extends GatewayItSupport {

    private static final String ROUTE_CFG = "io.stratus.gateway.route-web.cfg";

    @Before
    public void deployWebFunctions() throws Exception {
        ensureDeployed(WEB);
        awaitStatus("/pojo", 200);
    }

    @After
    public void removeExtras() throws Exception {
        undeploy(HELLO_WEB);
        Files.deleteIfExists(deployDirectory().resolve(ROUTE_CFG));
    }

    @Test
    public void pathParametersAndTheMostSpecificRoute() throws Exception {
        JsonObject byId = object(fetch("/items/42").body());
        assertEquals("GET /items/{id}", byId.get("routeKey").getAsString());
        assertEquals("42", byId.getAsJsonObject("pathParameters").get("id").getAsString());

        JsonObject literal = object(fetch("/items/special").body());
        assertEquals("GET /items/special", literal.get("routeKey").getAsString());
        assertFalse(literal.has("pathParameters"));

        JsonObject anyMethod = object(send(request("/items/7").POST(HttpRequest.BodyPublishers.ofString("x"))).body());
        assertEquals("ANY /items/{id}", anyMethod.get("routeKey").getAsString());
        assertEquals("POST", anyMethod.getAsJsonObject("requestContext").getAsJsonObject("http").get("method").getAsString());
        assertEquals("x", anyMethod.get("body").getAsString());
    }

    @Test
    public void greedyProxyTakesTheRestOfThePath() throws Exception {
        JsonObject event = object(send(request("/echo/a/b/c%20d").PUT(HttpRequest.BodyPublishers.ofString("{}"))).body());
        assertEquals("ANY /echo/{proxy+}", event.get("routeKey").getAsString());
        assertEquals("a/b/c d", event.getAsJsonObject("pathParameters").get("proxy").getAsString());
        assertEquals("/echo/a/b/c%20d", event.get("rawPath").getAsString());

        JsonObject files = object(fetch("/files/ada/docs/x.txt").body());
        assertEquals("ada", files.getAsJsonObject("pathParameters").get("owner").getAsString());
        assertEquals("docs/x.txt", files.getAsJsonObject("pathParameters").get("path").getAsString());
    }

    @Test
    public void chunkedBodyReachesTheFunction() throws Exception {
        // a body of unknown length is sent chunked (Transfer-Encoding), without Content-Length
        HttpResponse<String> answer = send(request("/echo/chunked").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream("streamed body".getBytes(StandardCharsets.UTF_8)))));

        assertEquals(200, answer.statusCode());
        assertEquals("streamed body", object(answer.body()).get("body").getAsString());
    }

    @Test
    public void multiValuedQueryAndHeadersInFormatTwo() throws Exception {
        HttpResponse<String> answer = send(request("/echo/q?tag=a&tag=b%20c&single=1").GET()
                .header("X-Multi", "1").header("X-Multi", "2").header("User-Agent", "gateway-it"));

        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        JsonObject event = object(answer.body());
        assertEquals("2.0", event.get("version").getAsString());
        assertEquals("tag=a&tag=b%20c&single=1", event.get("rawQueryString").getAsString());
        assertEquals("a,b c", event.getAsJsonObject("queryStringParameters").get("tag").getAsString());
        assertEquals("1,2", event.getAsJsonObject("headers").get("x-multi").getAsString());
        assertEquals("gateway-it", event.getAsJsonObject("headers").get("user-agent").getAsString());
        JsonObject http = event.getAsJsonObject("requestContext").getAsJsonObject("http");
        assertEquals("gateway-it", http.get("userAgent").getAsString());
        assertEquals("127.0.0.1", http.get("sourceIp").getAsString());
        assertEquals("HTTP/1.1", http.get("protocol").getAsString());
    }

    @Test
    public void multiValuedQueryAndHeadersInFormatOne() throws Exception {
        HttpResponse<String> answer = send(request("/v1/q?tag=a&tag=b").GET()
                .header("X-Multi", "1").header("X-Multi", "2"));

        assertEquals(200, answer.statusCode());
        // the function's headers and multiValueHeaders both reach the client
        assertEquals("one", answer.headers().firstValue("X-Single").orElse(null));
        assertEquals(List.of("a", "b"), answer.headers().allValues("X-Multi"));
        JsonObject event = object(answer.body());
        assertEquals("1.0", event.get("version").getAsString());
        assertEquals("/v1/{proxy+}", event.get("resource").getAsString());
        assertEquals("GET", event.get("httpMethod").getAsString());
        assertEquals("[\"a\",\"b\"]", event.getAsJsonObject("multiValueQueryStringParameters").get("tag").toString());
        assertEquals("b", event.getAsJsonObject("queryStringParameters").get("tag").getAsString());
        assertEquals("[\"1\",\"2\"]", member(event.getAsJsonObject("multiValueHeaders"), "X-Multi"));
        assertEquals("2", member(event.getAsJsonObject("headers"), "X-Multi"));
        assertEquals("127.0.0.1", event.getAsJsonObject("requestContext").getAsJsonObject("identity")
                .get("sourceIp").getAsString());
        assertTrue(event.get("body").isJsonNull());
    }

    @Test
    public void typedHandlersGetTheFormatOfTheirEventType() throws Exception {
        HttpResponse<String> v1 = fetch("/typed/v1/7?tag=x&tag=y");
        assertEquals(v1.body(), 200, v1.statusCode());
        assertEquals("text/plain;charset=utf-8", contentType(v1));
        assertEquals(List.of("version=1.0", "resource=/typed/v1/{id}", "id=7", "tags=[x, y]", "tag=y",
                "sourceIp=127.0.0.1"), v1.body().lines().toList());

        HttpResponse<String> v2 = fetch("/typed/v2/9", "Cookie", "a=1; b=2");
        assertEquals(v2.body(), 201, v2.statusCode());
        assertEquals(List.of("version=2.0", "routeKey=GET /typed/v2/{id}", "id=9", "cookies=[a=1, b=2]",
                "method=GET"), v2.body().lines().toList());
    }

    @Test
    public void cookiesOfAFormatTwoAnswerBecomeSetCookieHeaders() throws Exception {
        HttpResponse<String> answer = fetch("/typed/v2/1");
        assertEquals(List.of("session=abc; Path=/; HttpOnly", "theme=dark"), answer.headers().allValues("Set-Cookie"));
    }

    @Test
    public void plainMapHandlerAnswerIsA200JsonBody() throws Exception {
        HttpResponse<String> answer = fetch("/pojo");
        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals(object("{\"greeting\":\"hi\",\"rawPath\":\"/pojo\",\"version\":\"2.0\"}"), object(answer.body()));
    }

    @Test
    public void binaryImageRoundTrips() throws Exception {
        byte[] image = new byte[70_000];
        new Random(7).nextBytes(image);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, image, 0, 8);

        HttpResponse<byte[]> answer = http.send(request("/image").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, answer.statusCode());
        assertEquals("image/png", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals("70000", answer.headers().firstValue("X-Received-Bytes").orElse(null));
        assertArrayEquals(image, answer.body());
    }

    @Test
    public void headAnswersTheGetRouteWithoutABody() throws Exception {
        HttpResponse<String> answer = send(request("/items/special").method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, answer.statusCode());
        assertEquals("", answer.body());
        assertTrue(answer.headers().firstValueAsLong("Content-Length").orElse(0) > 0);
    }

    @Test
    public void optionsWithoutPreflightReachesTheFunction() throws Exception {
        HttpResponse<String> answer = send(request("/echo/x").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertEquals(200, answer.statusCode());
        assertEquals("OPTIONS", object(answer.body()).getAsJsonObject("requestContext").getAsJsonObject("http")
                .get("method").getAsString());
    }

    @Test
    public void corsPreflightIsAnsweredByTheGateway() throws Exception {
        HttpResponse<String> allowed = send(request("/cors/a").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "X-Token"));

        assertEquals(204, allowed.statusCode());
        assertEquals("", allowed.body());
        assertEquals("https://app.example", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("GET,PUT", allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
        assertEquals("X-Token", allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
        assertEquals("600", allowed.headers().firstValue("Access-Control-Max-Age").orElse(null));

        HttpResponse<String> otherOrigin = send(request("/cors/a").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));
        assertEquals(204, otherOrigin.statusCode());
        assertTrue(otherOrigin.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> actual = fetch("/cors/a", "Origin", "https://app.example");
        assertEquals(200, actual.statusCode());
        assertEquals("https://app.example", actual.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("X-Trace", actual.headers().firstValue("Access-Control-Expose-Headers").orElse(null));
        assertEquals("GET /cors/{proxy+}", object(actual.body()).get("routeKey").getAsString());

        HttpResponse<String> noCors = fetch("/items/1", "Origin", "https://app.example");
        assertTrue(noCors.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    public void malformedFunctionAnswerIs502() throws Exception {
        assertError(fetch("/errors/malformed"), 502, "Internal server error");
    }

    @Test
    public void functionErrorIs502() throws Exception {
        assertError(fetch("/errors/fail"), 502, "Internal server error");
    }

    @Test
    public void functionTimeoutIs504() throws Exception {
        assertError(fetch("/errors/timeout"), 504, "Endpoint request timed out");
    }

    @Test
    public void throttledFunctionIs429() throws Exception {
        FunctionRegistry registry = service(FunctionRegistry.class);
        registry.putConcurrency("web-throttled", 0);
        try {
            assertError(fetch("/errors/throttled"), 429, "Too Many Requests");
        } finally {
            registry.deleteConcurrency("web-throttled");
        }
        assertEquals(200, fetch("/errors/throttled").statusCode());
    }

    @Test
    public void noRouteIs404() throws Exception {
        assertError(fetch("/nothing/here"), 404, "Not Found");
        assertError(send(request("/pojo").DELETE()), 404, "Not Found");
    }

    @Test
    public void bodyOver6MbIs413() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        assertError(send(request("/echo/big").POST(HttpRequest.BodyPublishers.ofByteArray(big))), 413,
                "Request Entity Too Large");

        byte[] limit = new byte[1024 * 1024];
        Arrays.fill(limit, (byte) 'a');
        assertEquals(200, send(request("/echo/fits").POST(HttpRequest.BodyPublishers.ofByteArray(limit))).statusCode());
    }

    @Test
    public void routesComeAndGoWithTheirBundle() throws Exception {
        assertError(fetch("/hello?name=Ada"), 404, "Not Found");

        deploy(HELLO_WEB);
        HttpResponse<String> page = awaitStatus("/hello?name=Ada", 200);
        assertEquals("text/html;charset=utf-8", contentType(page));
        assertTrue(page.body(), page.body().contains("<h1>Hello, Ada!</h1>"));

        undeploy(HELLO_WEB);
        awaitStatus("/hello?name=Ada", 404);
    }

    @Test
    public void twoFunctionsClaimingOneRouteAreReported() throws Exception {
        deploy(HELLO_WEB);
        awaitStatus("/hello", 200);

        List<String> findings = await("the conflict on POST /echo in /system/health", DEPLOY, () -> {
            List<String> messages = healthFindings("gateway");
            return messages.isEmpty() ? null : messages;
        });
        assertEquals(1, findings.size());
        String conflict = findings.get(0);
        assertTrue(conflict, conflict.startsWith("route conflict on POST /echo: function web-rival"));
        assertTrue(conflict, conflict.contains("also claimed by function echo-event"));
        assertTrue(conflict, conflict.contains("io.stratus.examples.hello.web"));
        assertEquals(List.of(conflict), service(GatewayRoutes.class).problems());
        // the route stays with the function that had it; health stays up, the conflict is a warning
        assertEquals(object("{\"rival\":true}"),
                object(send(request("/echo").POST(HttpRequest.BodyPublishers.ofString("{}"))).body()));
        assertEquals("UP", health().get("status").getAsString());

        undeploy(HELLO_WEB);
        awaitTrue("the conflict to be gone", DEPLOY, () -> healthFindings("gateway").isEmpty());
    }

    @Test
    public void configuredRoutesAddAndOverrideDeclaredOnes() throws Exception {
        assertFalse(fetch("/items/special").headers().firstValue("X-Single").isPresent());
        Path partial = deployDirectory().resolve(".route.part");
        Files.writeString(partial, "function = web-echo-v1\n"
                + "routes = GET /configured/{name}, GET /items/special\n"
                + "payloadFormatVersion = 1.0\n", StandardCharsets.UTF_8);
        Files.move(partial, deployDirectory().resolve(ROUTE_CFG), StandardCopyOption.ATOMIC_MOVE);

        JsonObject configured = object(awaitStatus("/configured/ada", 200).body());
        assertEquals("/configured/{name}", configured.get("resource").getAsString());
        assertEquals("ada", configured.getAsJsonObject("pathParameters").get("name").getAsString());
        HttpResponse<String> overridden = fetch("/items/special");
        assertEquals("one", overridden.headers().firstValue("X-Single").orElse(null));
        assertEquals("1.0", object(overridden.body()).get("version").getAsString());
        assertTrue(service(GatewayRoutes.class).problems().isEmpty());

        Files.delete(deployDirectory().resolve(ROUTE_CFG));
        awaitStatus("/configured/ada", 404);
        assertEquals("GET /items/special", object(fetch("/items/special").body()).get("routeKey").getAsString());
    }

    @Test
    public void systemPathsStayWithThePlatform() throws Exception {
        HttpResponse<String> health = fetch("/system/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", object(health.body()).get("status").getAsString());
        assertTrue(health.headers().firstValue("apigw-requestid").isEmpty());

        HttpResponse<String> console = fetch("/system/console/bundles");
        assertTrue(console.statusCode() + " " + console.body(), console.statusCode() == 401 || console.statusCode() == 302
                || console.statusCode() == 403);
        assertTrue(console.headers().firstValue("apigw-requestid").isEmpty());

        assertError(fetch("/system/nothing"), 404, "Not Found");
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        assertTrue("no " + type.getName() + " service", reference != null);
        return context.getService(reference);
    }

    private static void assertError(HttpResponse<String> answer, int status, String message) {
        assertEquals(answer.body(), status, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null));
        assertEquals(object("{\"message\":\"" + message + "\"}"), object(answer.body()));
        assertNull(answer.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(answer.headers().firstValue("apigw-requestid").isPresent());
    }
}
