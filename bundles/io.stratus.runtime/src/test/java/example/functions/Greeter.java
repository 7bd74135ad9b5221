package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class Greeter implements RequestHandler<Greeting, Reply> {
    @Override
    public Reply handleRequest(Greeting input, Context context) {
        context.getLogger().log("greeting " + input.name);
        Reply reply = new Reply();
        reply.message = "Hello, " + input.name + "!".repeat(Math.max(1, input.times));
        reply.function = context.getFunctionName();
        reply.requestId = context.getAwsRequestId();
        return reply;
    }
}
