package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Sleeps far past any test timeout; an interrupt ends it. */
public class Sleeper implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        try {
            Thread.sleep(60_000);
            return "woke";
        } catch (InterruptedException e) {
            Fixtures.latch("sleeper-interrupted").countDown();
            return "interrupted";
        }
    }
}
