package io.stratus.function.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares an HTTP route of the gateway that invokes the function declared by the annotated class,
 * as an API Gateway Lambda proxy integration does. bnd turns each use into an
 * {@code io.stratus.http.route} capability; the gateway adds the route while the bundle is active.
 *
 * <pre>
 * &#64;Function(name = "hello")
 * &#64;HttpRoute(method = "GET", path = "/hello")
 * &#64;HttpRoute(path = "/hello/{proxy+}", corsAllowOrigins = "*")
 * public class Hello implements RequestHandler&lt;APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse&gt; { ... }
 * </pre>
 */
@Retention(CLASS)
@Target(TYPE)
@Repeatable(HttpRoutes.class)
@Capability(namespace = HttpRouteNamespace.NAMESPACE, attribute = HttpRouteNamespace.HANDLER_CLASS + "=${@class}")
public @interface HttpRoute {
    /**
     * Path: literal segments, {@code {name}} segments and a final greedy {@code {name+}} segment;
     * {@code $default} catches what no other route matches. {@code /system/} is reserved.
     */
    @Attribute(HttpRouteNamespace.NAMESPACE)
    String path();

    /** HTTP method, or {@code ANY}. */
    @Attribute(HttpRouteNamespace.METHOD)
    String method() default "ANY";

    /** Function to invoke when it is not the one the annotated class declares. */
    @Attribute(HttpRouteNamespace.FUNCTION)
    String function() default "";

    /** {@code 1.0} or {@code 2.0}; empty infers it from the handler's input type (else 2.0). */
    @Attribute(HttpRouteNamespace.PAYLOAD_FORMAT_VERSION)
    String payloadFormatVersion() default "";

    /** CORS allowed origins; empty leaves CORS off for this route. */
    @Attribute(HttpRouteNamespace.CORS_ALLOW_ORIGINS)
    String[] corsAllowOrigins() default {};

    /** CORS allowed methods. */
    @Attribute(HttpRouteNamespace.CORS_ALLOW_METHODS)
    String[] corsAllowMethods() default {};

    /** CORS allowed request headers. */
    @Attribute(HttpRouteNamespace.CORS_ALLOW_HEADERS)
    String[] corsAllowHeaders() default {};

    /** CORS headers exposed to the browser. */
    @Attribute(HttpRouteNamespace.CORS_EXPOSE_HEADERS)
    String[] corsExposeHeaders() default {};

    /** CORS preflight cache time in seconds; negative leaves the header out. */
    @Attribute(HttpRouteNamespace.CORS_MAX_AGE)
    int corsMaxAge() default -1;

    /** CORS: allow credentials. */
    @Attribute(HttpRouteNamespace.CORS_ALLOW_CREDENTIALS)
    boolean corsAllowCredentials() default false;
}
