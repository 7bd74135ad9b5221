package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import example.Fixtures;

/** Counts constructions: one per execution environment. */
public class SlowInit implements RequestHandler<Object, String> {
    public SlowInit() {
        Fixtures.record("constructed", "x");
    }

    @Override
    public String handleRequest(Object input, Context context) {
        return "ok";
    }
}
