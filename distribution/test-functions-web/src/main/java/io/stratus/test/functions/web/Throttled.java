package io.stratus.test.functions.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Answers when it may run; the tests set its reserved concurrency to 0 to throttle it. */
@Function(name = "web-throttled")
@HttpRoute(method = "GET", path = "/errors/throttled")
public class Throttled implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("ran", true);
    }
}
