package io.stratus.test.functions;

import java.util.Map;
import java.util.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Logs {@code {"text":...}} through every channel a Java function has: its LambdaLogger, stdout, stderr, JUL (at WARNING, which the platform's default log level lets through). */
@Function(name = "printer")
public class Printer implements RequestHandler<Map<String, Object>, String> {

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        String text = Events.string(event, "text");
        context.getLogger().log("logger " + text);
        System.out.println("stdout " + text);
        System.err.println("stderr " + text);
        Logger.getLogger(Printer.class.getName()).warning("jul " + text);
        return text;
    }
}
