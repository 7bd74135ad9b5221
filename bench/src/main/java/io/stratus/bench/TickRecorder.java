package io.stratus.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * The scheduler benchmark's trivial target: appends {@code <rule ARN> <epoch ms now>} to the file
 * named by its {@code TICKS} variable. Packaged into a function bundle by SchedulerBench at run time.
 */
public class TickRecorder implements RequestHandler<Map<String, Object>, String> {

    private static FileChannel channel;

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        long now = System.currentTimeMillis();
        Object resources = event.get("resources");
        String rule = resources instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : "?";
        byte[] line = (rule + " " + now + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            synchronized (TickRecorder.class) {
                if (channel == null) {
                    channel = FileChannel.open(Path.of(System.getenv("TICKS")), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                }
                channel.write(ByteBuffer.wrap(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "ok";
    }
}
