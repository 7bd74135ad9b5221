package io.stratus.test.functions.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Always throws. */
@Function(name = "web-fail")
@HttpRoute(method = "GET", path = "/errors/fail")
public class Failing implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        throw new IllegalStateException("web-fail always fails");
    }
}
