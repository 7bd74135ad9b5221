package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Appends its request id to {@code {"file":...}} and succeeds: one line per delivery. */
@Function(name = "counter")
public class Counter implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        RequestLog.append(event, context);
        return "ok";
    }
}
