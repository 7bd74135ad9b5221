package io.stratus.gateway.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.function.api.HttpRouteNamespace;

/**
 * Turns route declarations into {@link Route}s: the {@code io.stratus.http.route} capabilities of a
 * function bundle, or the lists of a route configuration. What cannot be a route is returned as a
 * problem, naming where it was declared.
 */
final class RouteDeclarations {

    /** Routes read from one source and the declarations rejected. */
    record Result(List<Route> routes, List<String> problems) {
    }

    private RouteDeclarations() {
    }

    /**
     * @param routes    the attributes of each route capability, in manifest order
     * @param functions the attributes of each function capability of the same bundle
     */
    static Result fromBundle(long bundleId, String symbolicName, List<Map<String, Object>> routes,
            List<Map<String, Object>> functions) {
        Map<String, String> functionByHandler = new HashMap<>();
        for (Map<String, Object> function : functions) {
            Object handler = function.get(FunctionNamespace.HANDLER_CLASS);
            Object name = function.get(FunctionNamespace.NAMESPACE);
            if (handler != null && name != null) {
                functionByHandler.put(handler.toString(), name.toString());
            }
        }
        List<Route> result = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (Map<String, Object> attributes : routes) {
            Route.Source source = Route.Source.bundle(bundleId, symbolicName, index++);
            String path = string(attributes.get(HttpRouteNamespace.NAMESPACE));
            String method = string(attributes.get(HttpRouteNamespace.METHOD));
            String function = string(attributes.get(HttpRouteNamespace.FUNCTION));
            String where = "route " + (method.isEmpty() ? RoutePattern.ANY : method) + " " + path + " of "
                    + source.description();
            if (function.isEmpty()) {
                String handler = string(attributes.get(HttpRouteNamespace.HANDLER_CLASS));
                function = functionByHandler.getOrDefault(handler, "");
                if (function.isEmpty()) {
                    problems.add(where + " is rejected: class " + handler
                            + " declares no function (add @Function to it, or name the function in @HttpRoute)");
                    continue;
                }
            }
            try {
                result.add(new Route(RoutePattern.parse(method, path), function,
                        PayloadFormat.parse(string(attributes.get(HttpRouteNamespace.PAYLOAD_FORMAT_VERSION))),
                        cors(attributes), source));
            } catch (IllegalArgumentException e) {
                problems.add(where + " is rejected: " + e.getMessage());
            }
        }
        return new Result(result, problems);
    }

    /** Reads the CORS attributes (capability or configuration); null when no origin is allowed. */
    static CorsPolicy cors(Map<String, Object> attributes) {
        List<String> origins = strings(attributes.get(HttpRouteNamespace.CORS_ALLOW_ORIGINS));
        if (origins.isEmpty()) {
            return null;
        }
        Object maxAge = attributes.get(HttpRouteNamespace.CORS_MAX_AGE);
        Object credentials = attributes.get(HttpRouteNamespace.CORS_ALLOW_CREDENTIALS);
        return new CorsPolicy(origins, strings(attributes.get(HttpRouteNamespace.CORS_ALLOW_METHODS)),
                strings(attributes.get(HttpRouteNamespace.CORS_ALLOW_HEADERS)),
                strings(attributes.get(HttpRouteNamespace.CORS_EXPOSE_HEADERS)),
                maxAge == null ? -1 : (int) Long.parseLong(maxAge.toString().strip()),
                credentials != null && Boolean.parseBoolean(credentials.toString().strip()));
    }

    static String string(Object value) {
        return value == null ? "" : value.toString().strip();
    }

    /** A list attribute; a single string may list values separated by commas (as .cfg files write them). */
    static List<String> strings(Object value) {
        List<String> values = new ArrayList<>();
        if (value == null) {
            return values;
        }
        Collection<?> items = value instanceof Collection<?> c ? c
                : value instanceof Object[] a ? List.of(a) : List.of(value);
        for (Object item : items) {
            for (String part : item.toString().split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values;
    }
}
