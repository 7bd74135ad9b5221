package io.stratus.gateway.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stratus.function.api.HttpRouteNamespace;

/**
 * Routes to one function set through ConfigAdmin: a factory configuration {@code io.stratus.gateway.route}
 * (e.g. {@code deploy/io.stratus.gateway.route-shop.cfg}, or the Web Console) with {@code function},
 * {@code routes} (route keys; in a .cfg file separated by commas), optional {@code payloadFormatVersion}
 * and {@code cors.*} entries. Its routes override routes of the same shape that bundles declare. The
 * gateway receives these configurations as a {@code ManagedServiceFactory}: a component requiring a
 * configuration would count as unsatisfied on /system/health while no route is configured.
 */
final class RouteConfiguration {

    static final String PID = "io.stratus.gateway.route";
    static final String FUNCTION = "function";
    static final String ROUTES = "routes";
    static final String PAYLOAD_FORMAT_VERSION = "payloadFormatVersion";

    private RouteConfiguration() {
    }

    /** Reads one configuration's properties. */
    static RouteDeclarations.Result read(String pid, long order, Map<String, ?> properties) {
        Object function = properties.get(FUNCTION);
        Object payloadFormatVersion = properties.get(PAYLOAD_FORMAT_VERSION);
        return read(pid, order, function == null ? "" : function.toString(),
                RouteDeclarations.strings(properties.get(ROUTES)),
                payloadFormatVersion == null ? "" : payloadFormatVersion.toString(), properties);
    }

    static RouteDeclarations.Result read(String pid, long order, String function, List<String> routeKeys,
            String payloadFormatVersion, Map<String, ?> properties) {
        List<Route> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String where = "configuration " + pid;
        if (function == null || function.isBlank()) {
            problems.add(where + " is rejected: it names no function");
            return new RouteDeclarations.Result(routes, problems);
        }
        PayloadFormat format;
        CorsPolicy cors;
        try {
            format = PayloadFormat.parse(payloadFormatVersion);
            Map<String, Object> attributes = new HashMap<>();
            for (String key : new String[] {HttpRouteNamespace.CORS_ALLOW_ORIGINS, HttpRouteNamespace.CORS_ALLOW_METHODS,
                    HttpRouteNamespace.CORS_ALLOW_HEADERS, HttpRouteNamespace.CORS_EXPOSE_HEADERS,
                    HttpRouteNamespace.CORS_MAX_AGE, HttpRouteNamespace.CORS_ALLOW_CREDENTIALS}) {
                Object value = properties.get(key);
                if (value != null) {
                    attributes.put(key, value);
                }
            }
            cors = RouteDeclarations.cors(attributes);
        } catch (IllegalArgumentException e) {
            problems.add(where + " is rejected: " + e.getMessage());
            return new RouteDeclarations.Result(routes, problems);
        }
        List<String> keys = RouteDeclarations.strings(routeKeys);
        if (keys.isEmpty()) {
            problems.add(where + " declares no routes");
        }
        int index = 0;
        for (String key : keys) {
            try {
                routes.add(new Route(RoutePattern.parseKey(key), function.strip(), format, cors,
                        Route.Source.configuration(pid, order, index++)));
            } catch (IllegalArgumentException e) {
                problems.add("route " + key + " of " + where + " is rejected: " + e.getMessage());
            }
        }
        return new RouteDeclarations.Result(routes, problems);
    }
}
