package io.stratus.test.functions.web;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** A handler typed with the REST API event: the gateway infers payload format 1.0 from it. */
@Function(name = "web-typed-v1")
@HttpRoute(method = "GET", path = "/typed/v1/{id}")
public class TypedV1 implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String body = "version=" + event.getVersion()
                + "\nresource=" + event.getResource()
                + "\nid=" + event.getPathParameters().get("id")
                + "\ntags=" + event.getMultiValueQueryStringParameters().get("tag")
                + "\ntag=" + event.getQueryStringParameters().get("tag")
                + "\nsourceIp=" + event.getRequestContext().getIdentity().getSourceIp();
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/plain; charset=utf-8"))
                .withBody(body);
    }
}
