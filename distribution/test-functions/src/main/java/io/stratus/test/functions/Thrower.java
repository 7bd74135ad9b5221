package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Fails with {@code IllegalStateException("boom: <message>")}. */
@Function(name = "thrower")
public class Thrower implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        throw new IllegalStateException("boom: " + (event == null ? null : event.get("message")));
    }
}
