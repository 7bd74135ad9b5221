package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Calls {@code System.exit(3)}: the platform must contain it. */
@Function(name = "exiter")
public class Exiter implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        System.exit(3);
        return "still running after System.exit";
    }
}
