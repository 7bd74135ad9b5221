package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Asks the JVM to stop, as careless function code does; the sandbox turns that into an error. */
public class Exiter implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String how, Context context) {
        if ("halt".equals(how)) {
            Runtime.getRuntime().halt(7);
        } else if ("swallow".equals(how)) {
            try {
                System.exit(5);
            } catch (Throwable ignored) {
                return "survived";
            }
        } else {
            System.exit(3);
        }
        return "still here";
    }
}
