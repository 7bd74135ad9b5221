package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/**
 * Spins for {@code {"millis":N}} (default 3000) ignoring interruption, then returns: the thread
 * outlives the 1 s timeout but ends by itself.
 */
@Function(name = "busy", timeout = 1)
public class Busy implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        long end = System.nanoTime() + Events.millis(event, 3000) * 1_000_000L;
        long spins = 0;
        while (System.nanoTime() - end < 0) {
            Thread.interrupted(); // clear the flag: this function deliberately ignores interruption
            spins++;
        }
        return "busy for " + spins + " spins";
    }
}
