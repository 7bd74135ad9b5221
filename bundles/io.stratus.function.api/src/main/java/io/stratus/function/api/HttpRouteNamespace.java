package io.stratus.function.api;

/**
 * Names of the OSGi capability a function bundle provides for each HTTP route it declares. The
 * {@link HttpRoute} annotation generates it at build time; the gateway follows bundles carrying it.
 */
public final class HttpRouteNamespace {
    /** Capability namespace; its value attribute of the same name is the route path. */
    public static final String NAMESPACE = "io.stratus.http.route";
    /** HTTP method, or {@code ANY}. */
    public static final String METHOD = "method";
    /** Function the route invokes; empty means the function the annotated class declares. */
    public static final String FUNCTION = "function";
    /** Handler class the annotation sits on, to find the function it declares. */
    public static final String HANDLER_CLASS = "handler.class";
    /** {@code 1.0} or {@code 2.0}; empty means inferred from the handler's input type. */
    public static final String PAYLOAD_FORMAT_VERSION = "payloadFormatVersion";
    /** CORS: allowed origins ({@code *} for any); no origins means no CORS for the route. */
    public static final String CORS_ALLOW_ORIGINS = "cors.allowOrigins";
    /** CORS: allowed methods ({@code *} for any). */
    public static final String CORS_ALLOW_METHODS = "cors.allowMethods";
    /** CORS: allowed request headers ({@code *} for any). */
    public static final String CORS_ALLOW_HEADERS = "cors.allowHeaders";
    /** CORS: response headers the browser may read. */
    public static final String CORS_EXPOSE_HEADERS = "cors.exposeHeaders";
    /** CORS: seconds a browser may cache a preflight answer; negative means not sent. */
    public static final String CORS_MAX_AGE = "cors.maxAge";
    /** CORS: whether credentials are allowed. */
    public static final String CORS_ALLOW_CREDENTIALS = "cors.allowCredentials";

    private HttpRouteNamespace() {
    }
}
