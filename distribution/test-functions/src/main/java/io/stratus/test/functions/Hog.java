package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/**
 * Asks for one array larger than the whole heap: the JVM refuses it at once with an
 * {@code OutOfMemoryError} without filling the heap that the platform shares.
 */
@Function(name = "hog")
public class Hog implements RequestHandler<Map<String, Object>, Integer> {

    @Override
    public Integer handleRequest(Map<String, Object> event, Context context) {
        long[] huge = new long[length()];
        return huge.length;
    }

    /** One more long than the heap can hold, within the largest array the JVM allows. */
    static int length() {
        return (int) Math.min(Runtime.getRuntime().maxMemory() / 8 + 1, Integer.MAX_VALUE - 8);
    }
}
