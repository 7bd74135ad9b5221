package io.stratus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls {@code /system/health} until it answers 200 or time runs out. */
final class Readiness {

    /** The last answer; {@code status} is 0 when nothing answered. */
    record Answer(int status, String body) {
        boolean ready() {
            return status == 200;
        }
    }

    private static final long POLL_MILLIS = 25;

    private Readiness() {
    }

    /** Gives up early when {@code running} turns false (the framework stopped meanwhile). */
    static Answer await(int httpPort, Duration timeout, BooleanSupplier running) throws InterruptedException {
        URI health = URI.create("http://127.0.0.1:" + httpPort + "/system/health");
        long deadline = System.nanoTime() + timeout.toNanos();
        Answer answer = new Answer(0, "no answer from " + health);
        while (System.nanoTime() < deadline && running.getAsBoolean()) {
            answer = get(health, answer);
            if (answer.ready()) {
                return answer;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return answer;
    }

    private static Answer get(URI uri, Answer previous) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            String text = body == null ? "" : readAll(body);
            return new Answer(status, text);
        } catch (IOException e) {
            // not listening yet: keep the last real answer, if there was one
            return previous.status() == 0 ? new Answer(0, "no answer from " + uri + ": " + e) : previous;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
