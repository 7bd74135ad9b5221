package io.stratus.test.functions;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Leaves a non-daemon thread running after it returns; the thread stops only when interrupted. */
@Function(name = "spawner")
public class Spawner implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        Thread thread = new Thread(Spawner::sleepUntilInterrupted, "spawner-" + context.getAwsRequestId());
        thread.setDaemon(false);
        thread.start();
        return thread.getName();
    }

    private static void sleepUntilInterrupted() {
        try {
            while (true) {
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            // interrupted: the thread ends, which is all the platform asked of it
        }
    }
}
