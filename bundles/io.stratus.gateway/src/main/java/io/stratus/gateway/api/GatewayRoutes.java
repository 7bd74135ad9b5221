package io.stratus.gateway.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The gateway's current route table. Implemented by the gateway; answers from a snapshot. */
@ProviderType
public interface GatewayRoutes {

    /** Every declared route, the ones serving first in the order requests try them. */
    List<HttpRouteInfo> routes();

    /** What is wrong with the declarations: conflicts and rejected routes, one sentence each. */
    List<String> problems();
}
