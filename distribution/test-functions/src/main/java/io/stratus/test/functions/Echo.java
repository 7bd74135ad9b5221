package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Returns its input unchanged (JSON object in, the same JSON object out). */
@Function(name = "echo")
public class Echo implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return event;
    }
}
