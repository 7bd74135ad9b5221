package io.stratus.gateway.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.stratus.function.api.HttpRouteNamespace;

/**
 * A set of routes to one function set through ConfigAdmin: a factory configuration
 * {@code io.stratus.gateway.route} (e.g. {@code deploy/io.stratus.gateway.route-shop.cfg}, or the Web
 * Console). Its routes override routes of the same shape that bundles declare. The gateway tracks
 * these components as a whiteboard.
 */
@Component(service = RouteConfiguration.class, configurationPid = RouteConfiguration.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RouteConfiguration.Config.class, factory = true)
public final class RouteConfiguration {

    static final String PID = "io.stratus.gateway.route";

    @ObjectClassDefinition(name = "Stratus HTTP routes",
            description = "Routes of the gateway to one function; they override routes of the same shape declared by bundles")
    public @interface Config {
        @AttributeDefinition(name = "Function", description = "Name of the function the routes invoke")
        String function();

        @AttributeDefinition(name = "Routes",
                description = "Route keys: 'GET /pets/{id}', 'ANY /files/{proxy+}', '/path' (any method) or '$default'; in a .cfg file separate them with commas")
        String[] routes();

        @AttributeDefinition(name = "Payload format version", description = "1.0 or 2.0; empty infers it from the handler's input type", required = false)
        String payloadFormatVersion() default "";

        @AttributeDefinition(name = "CORS allowed origins", description = "Empty leaves CORS off; * allows any origin", required = false)
        String[] cors_allowOrigins() default {};

        @AttributeDefinition(name = "CORS allowed methods", required = false)
        String[] cors_allowMethods() default {};

        @AttributeDefinition(name = "CORS allowed headers", required = false)
        String[] cors_allowHeaders() default {};

        @AttributeDefinition(name = "CORS exposed headers", required = false)
        String[] cors_exposeHeaders() default {};

        @AttributeDefinition(name = "CORS max age (seconds)", description = "Negative leaves Access-Control-Max-Age out", required = false)
        int cors_maxAge() default -1;

        @AttributeDefinition(name = "CORS allow credentials", required = false)
        boolean cors_allowCredentials() default false;
    }

    private final String pid;
    private final RouteDeclarations.Result declarations;

    @Activate
    public RouteConfiguration(Config config, Map<String, Object> properties) {
        this.pid = String.valueOf(properties.getOrDefault(Constants.SERVICE_PID, PID));
        long order = properties.get("component.id") instanceof Long id ? id : 0L;
        this.declarations = read(pid, order, config.function(), List.of(config.routes()), config.payloadFormatVersion(),
                properties);
    }

    static RouteDeclarations.Result read(String pid, long order, String function, List<String> routeKeys,
            String payloadFormatVersion, Map<String, Object> properties) {
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

    String pid() {
        return pid;
    }

    RouteDeclarations.Result declarations() {
        return declarations;
    }
}
