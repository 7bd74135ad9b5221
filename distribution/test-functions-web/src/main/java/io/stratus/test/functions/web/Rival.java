package io.stratus.test.functions.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Claims POST /echo, the route examples/hello-web declares too: deploying both is a conflict. */
@Function(name = "web-rival")
@HttpRoute(method = "POST", path = "/echo")
public class Rival implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("rival", true);
    }
}
