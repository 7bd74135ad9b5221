package io.stratus.examples.hello.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** {@code GET /hello?name=Ada} shows a greeting page. */
@Function(name = "hello-page", description = "Greets on an HTML page")
@HttpRoute(method = "GET", path = "/hello")
public class HelloPage implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> query = event.getQueryStringParameters();
        String name = query == null ? null : query.get("name");
        String who = escape(name == null || name.isBlank() ? "world" : name);
        String page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Hello, " + who
                + "</title></head>\n<body>\n<h1>Hello, " + who + "!</h1>\n<p>Served by the function <code>"
                + context.getFunctionName() + "</code> (request " + context.getAwsRequestId() + ").</p>\n</body>\n</html>\n";
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/html; charset=utf-8"))
                .withBody(page)
                .build();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
