package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Fails every time and records each attempt's request id (for async retries). */
public class Flaky implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        Fixtures.record("flaky", context.getAwsRequestId());
        Fixtures.latch("flaky-" + Fixtures.calls("flaky").size()).countDown();
        throw new RuntimeException("attempt " + Fixtures.calls("flaky").size() + " failed");
    }
}
