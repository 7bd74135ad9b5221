package io.stratus.test.functions.web;

import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Sends a binary body back as it came: base64 in the event, base64 in the answer. */
@Function(name = "web-image")
@HttpRoute(method = "POST", path = "/image")
public class Image implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (!event.getIsBase64Encoded()) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(400).withBody("expected a base64 body").build();
        }
        byte[] image = Base64.getDecoder().decode(event.getBody());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", event.getHeaders().get("content-type"),
                        "X-Received-Bytes", Integer.toString(image.length)))
                .withBody(Base64.getEncoder().encodeToString(image))
                .withIsBase64Encoded(true)
                .build();
    }
}
