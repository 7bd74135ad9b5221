package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Reads its environment from a method reference, as some libraries do. */
public class StaticEnv implements RequestHandler<String, String> {
    private static final java.util.function.Function<String, String> GETENV = System::getenv;

    @Override
    public String handleRequest(String name, Context context) {
        return GETENV.apply(name);
    }
}
