package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Spins, ignoring interruption, until the test releases it. */
public class BusyLoop implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        while (!Fixtures.released) {
            Thread.interrupted();
            Thread.onSpinWait();
        }
        return "done";
    }
}
