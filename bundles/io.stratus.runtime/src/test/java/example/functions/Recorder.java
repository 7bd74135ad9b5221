package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Succeeds and records the request id and input. */
public class Recorder implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        Fixtures.record("recorder", context.getAwsRequestId() + " " + input);
        Fixtures.latch("recorder").countDown();
        return "ok";
    }
}
