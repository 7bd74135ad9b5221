package io.stratus.gateway.api;

import java.util.List;

/**
 * One declared route.
 *
 * @param routeKey             {@code METHOD /path} or {@code $default}
 * @param function             the function it invokes
 * @param payloadFormatVersion {@code 1.0} or {@code 2.0} when declared, empty when inferred
 * @param source               where it was declared: {@code bundle <symbolic name> [<id>]} or
 *                             {@code configuration <pid>}
 * @param status               whether it serves requests
 * @param corsAllowOrigins     CORS allowed origins; empty when the route has no CORS
 */
public record HttpRouteInfo(String routeKey, String function, String payloadFormatVersion, String source,
        Status status, List<String> corsAllowOrigins) {

    public HttpRouteInfo {
        corsAllowOrigins = List.copyOf(corsAllowOrigins);
    }

    /** Whether a route serves. */
    public enum Status {
        /** Requests reach its function. */
        SERVING,
        /** A configuration declares the same route and serves instead. */
        OVERRIDDEN,
        /** Another function claimed the same route first; reported as a problem. */
        CONFLICTING
    }
}
