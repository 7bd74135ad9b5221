package io.stratus.examples.hello.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/**
 * {@code POST /echo} answers with the API Gateway event the function received: JSON without a
 * {@code statusCode} is a 200 {@code application/json} answer in payload format 2.0.
 */
@Function(name = "echo-event", description = "Answers the HTTP event it received")
@HttpRoute(method = "POST", path = "/echo")
public class EchoEvent implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(output);
    }
}
