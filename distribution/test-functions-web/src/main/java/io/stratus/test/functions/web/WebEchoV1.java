package io.stratus.test.functions.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.stratus.function.api.Function;
import io.stratus.function.api.HttpRoute;

/** Answers a format 1.0 event with a 1.0 response whose body is that event, plus a repeated header. */
@Function(name = "web-echo-v1")
@HttpRoute(path = "/v1/{proxy+}", payloadFormatVersion = "1.0")
public class WebEchoV1 implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String answer = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\",\"X-Single\":\"one\"},"
                + "\"multiValueHeaders\":{\"X-Multi\":[\"a\",\"b\"]},\"body\":" + Json.quote(event)
                + ",\"isBase64Encoded\":false}";
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
