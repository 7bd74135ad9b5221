package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Sleeps {@code {"millis":N}}; stops as soon as it is interrupted (a well-behaved slow function). */
@Function(name = "sleeper", timeout = 1)
public class Sleeper implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        try {
            Thread.sleep(Events.millis(event, 0));
            return "slept";
        } catch (InterruptedException e) {
            // keep the flag so the platform sees the thread honoured the interrupt
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
