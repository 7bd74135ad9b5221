package io.stratus.console.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.gateway.api.GatewayRoutes;
import io.stratus.gateway.api.HttpRouteInfo;

/** The gateway's routes to each function, with the ones that don't serve marked. */
@Component(service = FunctionLinks.class)
public final class GatewayLinks implements FunctionLinks {

    private final GatewayRoutes routes;

    @Activate
    public GatewayLinks(@Reference GatewayRoutes routes) {
        this.routes = routes;
    }

    @Override
    public Kind kind() {
        return Kind.ROUTES;
    }

    @Override
    public Map<String, List<String>> byFunction() {
        Map<String, List<String>> links = new TreeMap<>();
        for (HttpRouteInfo route : routes.routes()) {
            String text = route.status() == HttpRouteInfo.Status.SERVING ? route.routeKey()
                    : route.routeKey() + " (" + route.status().name().toLowerCase(java.util.Locale.ROOT) + ")";
            links.computeIfAbsent(route.function(), f -> new ArrayList<>()).add(text);
        }
        return links;
    }
}
