package example.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

public class Recursor implements RequestHandler<Object, Integer> {
    @Override
    public Integer handleRequest(Object input, Context context) {
        return depth(0);
    }

    private int depth(int n) {
        return depth(n + 1) + 1;
    }
}
