package io.stratus.test.functions.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/**
 * Answers with the event it received: a stream handler gets payload format 2.0, and JSON without a
 * statusCode is a 200 application/json answer, so the client reads the event itself.
 */
@Function(name = "web-echo")
@HttpRoute(path = "/echo/{proxy+}")
@HttpRoute(method = "GET", path = "/items/{id}")
@HttpRoute(method = "GET", path = "/items/special")
@HttpRoute(path = "/items/{id}")
@HttpRoute(method = "GET", path = "/files/{owner}/{path+}")
@HttpRoute(method = "GET", path = "/cors/{proxy+}", corsAllowOrigins = "https://app.example",
        corsAllowMethods = {"GET", "PUT"}, corsAllowHeaders = "X-Token", corsExposeHeaders = "X-Trace",
        corsMaxAge = 600)
public class WebEcho implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(output);
    }
}
