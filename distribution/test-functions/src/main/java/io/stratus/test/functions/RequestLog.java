package io.stratus.test.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;

/** Appends each invocation's request id to the file the event names, one id a line. */
final class RequestLog {

    private RequestLog() {
    }

    static void append(Map<String, Object> event, Context context) {
        Path file = Path.of(Events.string(event, "file"));
        try {
            Files.writeString(file, context.getAwsRequestId() + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
