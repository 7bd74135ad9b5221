package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Reports its environment; configured with COLOR=blue only, so SHARED must not leak in from env-a. */
@Function(name = "env-b", environment = "COLOR=blue")
public class EnvB implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return EnvironmentReport.read();
    }
}
