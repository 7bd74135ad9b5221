package io.stratus.test.functions.web;

import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** A handler typed with the HTTP API event; answers 201 with cookies, which become Set-Cookie. */
@Function(name = "web-typed-v2")
@HttpRoute(method = "GET", path = "/typed/v2/{id}")
public class TypedV2 implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String body = "version=" + event.getVersion()
                + "\nrouteKey=" + event.getRouteKey()
                + "\nid=" + event.getPathParameters().get("id")
                + "\ncookies=" + event.getCookies()
                + "\nmethod=" + event.getRequestContext().getHttp().getMethod();
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withCookies(List.of("session=abc; Path=/; HttpOnly", "theme=dark"))
                .withBody(body)
                .build();
    }
}
