package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class Thrower implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        return fail();
    }

    private String fail() {
        throw new IllegalStateException("boom");
    }
}
