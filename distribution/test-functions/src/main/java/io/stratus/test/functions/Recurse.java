package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Recurses without end: a {@code StackOverflowError} in the handler. */
@Function(name = "recurse")
public class Recurse implements RequestHandler<Map<String, Object>, Long> {

    @Override
    public Long handleRequest(Map<String, Object> event, Context context) {
        return depth(0);
    }

    // the addition after the call keeps every frame alive
    private static long depth(long n) {
        return depth(n + 1) + 1;
    }
}
