package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Reports its environment; configured with COLOR=red and SHARED=a. */
@Function(name = "env-a", environment = {"COLOR=red", "SHARED=a"})
public class EnvA implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return EnvironmentReport.read();
    }
}
