package io.stratus.gateway.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** Route capabilities and route configurations read into routes, and what is rejected. */
public class RouteDeclarationsTest {

    private static Map<String, Object> capability(Object... keyValues) {
        Map<String, Object> attributes = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.put((String) keyValues[i], keyValues[i + 1]);
        }
        return attributes;
    }

    @Test
    public void routeBelongsToTheFunctionItsClassDeclares() {
        RouteDeclarations.Result result = RouteDeclarations.fromBundle(7, "b",
                List.of(capability("io.stratus.http.route", "/hello", "method", "GET", "handler.class", "x.Hello")),
                List.of(capability("io.stratus.function", "hello", "handler.class", "x.Hello")));

        assertEquals(List.of(), result.problems());
        Route route = result.routes().get(0);
        assertEquals("hello", route.function());
        assertEquals("GET /hello", route.pattern().routeKey());
        assertNull(route.format());
        assertNull(route.cors());
        assertEquals("bundle b [7]", route.source().description());
    }

    @Test
    public void explicitFunctionFormatAndCorsAreRead() {
        RouteDeclarations.Result result = RouteDeclarations.fromBundle(7, "b",
                List.of(capability("io.stratus.http.route", "/a/{proxy+}", "function", "other", "handler.class", "x.A",
                        "payloadFormatVersion", "1.0", "cors.allowOrigins", List.of("*"), "cors.maxAge", 60L,
                        "cors.allowMethods", List.of("GET", "POST"))),
                List.of());

        Route route = result.routes().get(0);
        assertEquals("other", route.function());
        assertEquals("ANY /a/{proxy+}", route.pattern().routeKey());
        assertEquals(PayloadFormat.V1, route.format());
        assertEquals(List.of("*"), route.cors().allowOrigins());
        assertEquals(60, route.cors().maxAge());
        assertEquals(List.of("GET", "POST"), route.cors().allowMethods());
    }

    @Test
    public void badDeclarationsAreProblemsNamingTheBundle() {
        RouteDeclarations.Result result = RouteDeclarations.fromBundle(7, "b",
                List.of(capability("io.stratus.http.route", "/x", "handler.class", "x.NoFunction"),
                        capability("io.stratus.http.route", "/system/mine", "function", "f"),
                        capability("io.stratus.http.route", "/y", "function", "f", "payloadFormatVersion", "3.0")),
                List.of());

        assertEquals(List.of(), result.routes());
        assertEquals(3, result.problems().size());
        assertTrue(result.problems().get(0), result.problems().get(0)
                .startsWith("route ANY /x of bundle b [7] is rejected: class x.NoFunction declares no function"));
        assertTrue(result.problems().get(1), result.problems().get(1).contains("reserved for the platform"));
        assertTrue(result.problems().get(2), result.problems().get(2).contains("neither 1.0 nor 2.0"));
    }

    @Test
    public void configurationRoutesMayBeCommaSeparatedAsCfgFilesWriteThem() {
        Map<String, Object> properties = Map.of("function", "shop", "routes", new String[] {"GET /shop/{item}, POST /shop", "$default"},
                "payloadFormatVersion", "2.0", "cors.allowOrigins", "https://a.example, https://b.example");
        RouteDeclarations.Result result = RouteConfiguration.read("io.stratus.gateway.route~shop", 3, properties);

        assertEquals(List.of(), result.problems());
        assertEquals(List.of("GET /shop/{item}", "POST /shop", "$default"),
                result.routes().stream().map(r -> r.pattern().routeKey()).toList());
        assertTrue(result.routes().get(0).source().configuration());
        assertEquals(List.of("https://a.example", "https://b.example"), result.routes().get(0).cors().allowOrigins());
        assertEquals(PayloadFormat.V2, result.routes().get(0).format());
    }

    @Test
    public void badConfigurationsAreProblems() {
        assertEquals(List.of("configuration p is rejected: it names no function"),
                RouteConfiguration.read("p", 1, " ", List.of("GET /a"), "", Map.of()).problems());
        assertEquals(List.of("configuration p is rejected: payload format version '9' is neither 1.0 nor 2.0"),
                RouteConfiguration.read("p", 1, "f", List.of("GET /a"), "9", Map.of()).problems());
        assertEquals(List.of("configuration p declares no routes"),
                RouteConfiguration.read("p", 1, "f", List.of(), "", Map.of()).problems());
        List<String> problems = RouteConfiguration.read("p", 1, "f", List.of("GET a"), "", Map.of()).problems();
        assertTrue(problems.toString(), problems.get(0).startsWith("route GET a of configuration p is rejected"));
    }
}
