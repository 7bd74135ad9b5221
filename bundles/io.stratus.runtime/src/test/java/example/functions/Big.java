package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class Big implements RequestHandler<Object, String> {
    @Override
    public String handleRequest(Object input, Context context) {
        return "x".repeat(7 * 1024 * 1024);
    }
}
