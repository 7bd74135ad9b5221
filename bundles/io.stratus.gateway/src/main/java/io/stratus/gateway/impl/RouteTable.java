package io.stratus.gateway.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stratus.gateway.api.HttpRouteInfo;

/**
 * An immutable snapshot of the routes that serve, built from every declaration. Requests read it
 * without locks; a change of declarations builds a new one. Routes of the same shape (they would
 * match the same requests) are resolved here: a configuration overrides bundles, and between two
 * functions claiming it the earlier declaration keeps it and the conflict is reported.
 */
final class RouteTable {

    /** A matched route and its path parameters. */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    static final RouteTable EMPTY = build(List.of(), List.of());

    private final Map<String, Route> literal;
    private final Route[] patterned;
    private final Route catchAll;
    private final List<HttpRouteInfo> infos;
    private final List<String> problems;

    private RouteTable(Map<String, Route> literal, Route[] patterned, Route catchAll, List<HttpRouteInfo> infos,
            List<String> problems) {
        this.literal = literal;
        this.patterned = patterned;
        this.catchAll = catchAll;
        this.infos = infos;
        this.problems = problems;
    }

    /**
     * @param declared every route declared, in any order
     * @param rejected declarations already rejected, one sentence each
     */
    static RouteTable build(List<Route> declared, List<String> rejected) {
        Map<String, List<Route>> byShape = new LinkedHashMap<>();
        for (Route route : declared) {
            byShape.computeIfAbsent(route.pattern().shapeKey(), k -> new ArrayList<>()).add(route);
        }
        List<String> problems = new ArrayList<>(rejected);
        List<Route> serving = new ArrayList<>();
        List<HttpRouteInfo> others = new ArrayList<>();
        for (List<Route> claims : byShape.values()) {
            claims.sort((a, b) -> Route.Source.byPrecedence(a.source(), b.source()));
            Route winner = claims.get(0);
            serving.add(winner);
            List<String> rivals = new ArrayList<>();
            for (Route other : claims.subList(1, claims.size())) {
                if (other.source().configuration() != winner.source().configuration()) {
                    others.add(info(other, HttpRouteInfo.Status.OVERRIDDEN));
                } else if (other.function().equals(winner.function())
                        && other.pattern().routeKey().equals(winner.pattern().routeKey())) {
                    // the same function declaring the same route twice is harmless
                    others.add(info(other, HttpRouteInfo.Status.OVERRIDDEN));
                } else {
                    others.add(info(other, HttpRouteInfo.Status.CONFLICTING));
                    rivals.add("function " + other.function() + " (" + other.pattern().routeKey() + ", "
                            + other.source().description() + ")");
                }
            }
            if (!rivals.isEmpty()) {
                problems.add("route conflict on " + winner.pattern().routeKey() + ": function " + winner.function()
                        + " (" + winner.source().description() + ") serves it; also claimed by "
                        + String.join(", ", rivals));
            }
        }
        serving.sort((a, b) -> RoutePattern.bySpecificity(a.pattern(), b.pattern()));

        Map<String, Route> literal = new HashMap<>();
        List<Route> patterned = new ArrayList<>();
        Route catchAll = null;
        for (Route route : serving) {
            RoutePattern pattern = route.pattern();
            if (pattern.catchAll()) {
                catchAll = route;
            } else if (pattern.literal()) {
                literal.put(pattern.method() + " " + pattern.path(), route);
            } else {
                patterned.add(route);
            }
        }
        List<HttpRouteInfo> infos = new ArrayList<>();
        for (Route route : serving) {
            infos.add(info(route, HttpRouteInfo.Status.SERVING));
        }
        others.sort(Comparator.comparing(HttpRouteInfo::routeKey));
        infos.addAll(others);
        return new RouteTable(literal, patterned.toArray(new Route[0]), catchAll, List.copyOf(infos),
                List.copyOf(problems));
    }

    private static HttpRouteInfo info(Route route, HttpRouteInfo.Status status) {
        return new HttpRouteInfo(route.pattern().routeKey(), route.function(),
                route.format() == null ? "" : route.format().version, route.source().description(), status,
                route.cors() == null ? List.of() : route.cors().allowOrigins());
    }

    /**
     * The most specific route for a request, or null.
     *
     * @param method   the request's method, upper case
     * @param path     the raw request path (literal routes are found by it in one lookup)
     * @param segments its decoded segments
     */
    Match match(String method, String path, String[] segments) {
        if (!literal.isEmpty()) {
            String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (normalized.indexOf('%') < 0) {
                Route route = literal.get(method + " " + normalized);
                if (route == null) {
                    route = literal.get(RoutePattern.ANY + " " + normalized);
                }
                if (route != null) {
                    return new Match(route, Map.of());
                }
            } else {
                Match found = matchLiteralDecoded(method, segments);
                if (found != null) {
                    return found;
                }
            }
        }
        for (Route route : patterned) {
            if (route.pattern().acceptsMethod(method)) {
                Map<String, String> parameters = route.pattern().match(segments);
                if (parameters != null) {
                    return new Match(route, parameters);
                }
            }
        }
        return catchAll == null ? null : new Match(catchAll, Map.of());
    }

    /* an escaped path (rare) is compared segment by segment after decoding */
    private Match matchLiteralDecoded(String method, String[] segments) {
        Route any = null;
        for (Route route : literal.values()) {
            if (route.pattern().acceptsMethod(method) && route.pattern().match(segments) != null) {
                if (!route.pattern().anyMethod()) {
                    return new Match(route, Map.of());
                }
                any = route;
            }
        }
        return any == null ? null : new Match(any, Map.of());
    }

    List<HttpRouteInfo> infos() {
        return infos;
    }

    List<String> problems() {
        return problems;
    }
}
