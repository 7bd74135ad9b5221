package io.stratus.gateway.impl;

import java.util.List;
import java.util.Locale;

/**
 * CORS of a route, as an HTTP API's CORS configuration: the gateway answers preflight requests itself
 * and adds the headers to the function's answers.
 *
 * @param maxAge seconds; negative leaves Access-Control-Max-Age out
 */
record CorsPolicy(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
        List<String> exposeHeaders, int maxAge, boolean allowCredentials) {

    CorsPolicy {
        allowOrigins = List.copyOf(allowOrigins);
        allowMethods = List.copyOf(allowMethods);
        allowHeaders = List.copyOf(allowHeaders);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The value of Access-Control-Allow-Origin for a request from {@code origin}, or null when not allowed. */
    String allowedOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        for (String allowed : allowOrigins) {
            if (allowed.equals("*")) {
                // a wildcard cannot be combined with credentials: browsers then need the origin itself
                return allowCredentials ? origin : "*";
            }
            if (allowed.equalsIgnoreCase(origin)) {
                return origin;
            }
        }
        return null;
    }

    boolean allowsMethod(String method) {
        if (allowMethods.isEmpty()) {
            return true;
        }
        for (String allowed : allowMethods) {
            if (allowed.equals("*") || allowed.equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every header of a comma-separated Access-Control-Request-Headers list is allowed. */
    boolean allowsHeaders(String requested) {
        if (requested == null || requested.isBlank()) {
            return true;
        }
        if (allowHeaders.contains("*")) {
            return true;
        }
        for (String header : requested.split(",")) {
            String name = header.strip();
            if (!name.isEmpty() && allowHeaders.stream().noneMatch(h -> h.equalsIgnoreCase(name))) {
                return false;
            }
        }
        return true;
    }

    /** Access-Control-Allow-Methods of a preflight answer. */
    String allowMethodsHeader(String requestedMethod) {
        if (allowMethods.isEmpty() || allowMethods.contains("*")) {
            return requestedMethod.toUpperCase(Locale.ROOT);
        }
        return String.join(",", allowMethods).toUpperCase(Locale.ROOT);
    }

    /** Access-Control-Allow-Headers of a preflight answer, or null when none were asked for. */
    String allowHeadersHeader(String requested) {
        if (requested == null || requested.isBlank()) {
            return allowHeaders.isEmpty() || allowHeaders.contains("*") ? null : String.join(",", allowHeaders);
        }
        return allowHeaders.contains("*") ? requested : String.join(",", allowHeaders);
    }
}
