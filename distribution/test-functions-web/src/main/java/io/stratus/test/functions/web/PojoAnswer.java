package io.stratus.test.functions.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** A plain Map handler: gets format 2.0 and answers JSON without statusCode (a 200 JSON body). */
@Function(name = "web-pojo")
@HttpRoute(method = "GET", path = "/pojo")
public class PojoAnswer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("greeting", "hi");
        answer.put("rawPath", event.get("rawPath"));
        answer.put("version", event.get("version"));
        return answer;
    }
}
