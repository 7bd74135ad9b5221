package io.stratus.test.functions.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Outlives its 1 s timeout. */
@Function(name = "web-slow", timeout = 1)
@HttpRoute(method = "GET", path = "/errors/timeout")
public class Slow implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "too late";
    }
}
