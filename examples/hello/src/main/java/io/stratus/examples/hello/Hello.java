package io.stratus.examples.hello;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Greets whoever the event names: {@code {"name":"Ada"}} answers {@code {"message":"Hello, Ada!"}}. */
@Function(name = "hello", memorySize = 256, timeout = 5, environment = "GREETING=Hello",
        description = "Says hello")
public class Hello implements RequestHandler<Map<String, String>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, String> event, Context context) {
        String name = event == null ? null : event.get("name");
        String greeting = System.getenv().getOrDefault("GREETING", "Hello");
        context.getLogger().log("greeting " + (name == null ? "the world" : name));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("message", greeting + ", " + (name == null ? "world" : name) + "!");
        answer.put("function", context.getFunctionName());
        answer.put("requestId", context.getAwsRequestId());
        return answer;
    }
}
