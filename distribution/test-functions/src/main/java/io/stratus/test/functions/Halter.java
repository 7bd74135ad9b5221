package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Calls {@code Runtime.getRuntime().halt(4)}: the platform must contain it. */
@Function(name = "halter")
public class Halter implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Runtime.getRuntime().halt(4);
        return "still running after Runtime.halt";
    }
}
