package example.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Writes to every output a Java function has: stdout and stderr (without a final line break). */
public class Printer implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        System.out.println("out line 1");
        System.out.print("out line 2\nout line 3\r\n");
        System.err.print("err without newline");
        return "done";
    }
}
