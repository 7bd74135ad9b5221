package example.functions;

import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Signals that it runs, then waits for the test to let it finish. */
public class Blocker implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        Fixtures.latch("blocker-entered", 1).countDown();
        Fixtures.record("blocker", context.getAwsRequestId());
        try {
            Fixtures.latch("blocker-release").await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "released";
    }
}
