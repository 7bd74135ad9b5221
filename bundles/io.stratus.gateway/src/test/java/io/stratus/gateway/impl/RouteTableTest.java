package io.stratus.gateway.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.gateway.api.HttpRouteInfo;

/** Route matching by API Gateway's specificity rules, and how declarations of the same route resolve. */
public class RouteTableTest {

    private static Route route(String key, String function, Route.Source source) {
        return new Route(RoutePattern.parseKey(key), function, null, null, source);
    }

    private static Route bundleRoute(String key, String function) {
        return route(key, function, Route.Source.bundle(10, "b", 0));
    }

    private static RouteTable table(Route... routes) {
        return RouteTable.build(List.of(routes), List.of());
    }

    private static String served(RouteTable table, String method, String path) {
        RouteTable.Match match = table.match(method, path, RoutePattern.segments(path));
        return match == null ? null : match.route().pattern().routeKey() + " " + match.pathParameters();
    }

    @Test
    public void mostSpecificRouteWins() {
        RouteTable table = table(bundleRoute("ANY /{proxy+}", "f"), bundleRoute("GET /pets/{id}", "f"),
                bundleRoute("GET /pets/dog", "f"), bundleRoute("ANY /pets/{id}", "f"), bundleRoute("$default", "f"),
                bundleRoute("GET /pets/{id}/toys/{proxy+}", "f"));

        assertEquals("GET /pets/dog {}", served(table, "GET", "/pets/dog"));
        assertEquals("GET /pets/{id} {id=cat}", served(table, "GET", "/pets/cat"));
        assertEquals("ANY /pets/{id} {id=cat}", served(table, "POST", "/pets/cat"));
        assertEquals("ANY /pets/{id} {id=dog}", served(table, "POST", "/pets/dog"));
        assertEquals("GET /pets/{id}/toys/{proxy+} {id=cat, proxy=a/b}", served(table, "GET", "/pets/cat/toys/a/b"));
        assertEquals("ANY /{proxy+} {proxy=pets/cat/toys}", served(table, "GET", "/pets/cat/toys"));
        assertEquals("$default {}", served(table, "GET", "/"));
    }

    @Test
    public void noMatchWithoutACatchAll() {
        RouteTable table = table(bundleRoute("GET /pets/{id}", "f"), bundleRoute("GET /files/{p+}", "f"));

        assertNull(served(table, "GET", "/pets"));
        assertNull(served(table, "GET", "/pets/a/b"));
        assertNull(served(table, "POST", "/pets/a"));
        assertNull(served(table, "GET", "/files"));
        assertEquals("GET /files/{p+} {p=x}", served(table, "GET", "/files/x/"));
    }

    @Test
    public void escapedPathsMatchLiteralRoutesAfterDecoding() {
        RouteTable table = table(bundleRoute("GET /hello world", "f"));
        assertEquals("GET /hello world {}", served(table, "GET", "/hello%20world"));
    }

    @Test
    public void twoFunctionsOnOneRouteAreAConflictTheFirstDeclarationKeeps() {
        Route first = route("GET /items/{id}", "first", Route.Source.bundle(5, "one", 0));
        Route second = route("GET /items/{key}", "second", Route.Source.bundle(9, "two", 0));

        RouteTable table = table(second, first);

        assertEquals("first", table.match("GET", "/items/1", RoutePattern.segments("/items/1")).route().function());
        assertEquals(1, table.problems().size());
        String problem = table.problems().get(0);
        assertTrue(problem, problem.contains("route conflict on GET /items/{id}: function first (bundle one [5])"));
        assertTrue(problem, problem.contains("function second (GET /items/{key}, bundle two [9])"));
        HttpRouteInfo loser = table.infos().stream().filter(i -> i.function().equals("second")).findFirst().orElseThrow();
        assertEquals(HttpRouteInfo.Status.CONFLICTING, loser.status());
    }

    @Test
    public void aConfigurationOverridesABundleRouteWithoutAConflict() {
        Route declared = route("GET /items/{id}", "declared", Route.Source.bundle(5, "one", 0));
        Route configured = route("GET /items/{id}", "configured", Route.Source.configuration("pid", 1, 0));

        RouteTable table = table(declared, configured);

        assertEquals("configured", table.match("GET", "/items/1", RoutePattern.segments("/items/1")).route().function());
        assertEquals(List.of(), table.problems());
        assertEquals(HttpRouteInfo.Status.OVERRIDDEN, table.infos().get(1).status());
    }

    @Test
    public void differentMethodsOnOnePathDoNotConflict() {
        RouteTable table = table(route("GET /a", "f", Route.Source.bundle(1, "x", 0)),
                route("POST /a", "g", Route.Source.bundle(2, "y", 0)));
        assertEquals(List.of(), table.problems());
        assertEquals("g", table.match("POST", "/a", RoutePattern.segments("/a")).route().function());
    }

    @Test
    public void rejectedDeclarationsAreProblems() {
        RouteTable table = RouteTable.build(new ArrayList<>(), List.of("route X is rejected"));
        assertEquals(List.of("route X is rejected"), table.problems());
    }

    @Test
    public void badRoutesAreRejectedWithTheReason() {
        String[][] cases = {
            {"GET hello", "must start with /"},
            {"FETCH /a", "unknown method"},
            {"GET /system/health", "reserved for the platform"},
            {"GET /system", "reserved for the platform"},
            {"GET /a//b", "empty segment"},
            {"GET /{p+}/b", "must be the last one"},
            {"GET /a/{x}/{x}", "twice"},
            {"GET /a/x{y}", "whole segment"},
            {"GET /a/{b c}", "bad parameter name"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(c[0], IllegalArgumentException.class,
                    () -> RoutePattern.parseKey(c[0]));
            assertTrue(c[0] + " -> " + e.getMessage(), e.getMessage().contains(c[1]));
        }
    }

    @Test
    public void routeKeysParseMethodPathAndDefault() {
        assertEquals("ANY /a", RoutePattern.parseKey("/a").routeKey());
        assertEquals("GET /a/{b}", RoutePattern.parseKey("get /a/{b}").routeKey());
        assertEquals("GET /a/{}", RoutePattern.parseKey("GET /a/{b}").shapeKey());
        assertEquals("$default", RoutePattern.parseKey("$default").routeKey());
        assertEquals(Map.of(), RoutePattern.parseKey("GET /").match(new String[0]));
    }
}
