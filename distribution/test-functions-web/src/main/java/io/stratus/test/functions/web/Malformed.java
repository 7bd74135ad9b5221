package io.stratus.test.functions.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Answers a format 1.0 event without statusCode: API Gateway calls that a malformed proxy response. */
@Function(name = "web-malformed")
@HttpRoute(method = "GET", path = "/errors/malformed", payloadFormatVersion = "1.0")
public class Malformed implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write("{\"status\":200,\"body\":\"no statusCode here\"}".getBytes(StandardCharsets.UTF_8));
    }
}
