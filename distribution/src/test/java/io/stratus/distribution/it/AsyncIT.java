package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;

/**
 * Asynchronous invocation ({@code InvocationType: Event}) with a test clock registered as the
 * runtime's {@link Clock}: the first attempt runs at once, retries wait for the clock to move (1 min,
 * then 2 min), the request id stays the same, and an event that keeps failing becomes a dead letter.
 *
 * <p>Each accepted event is a file {@code runtime/async/<request id>.json} in the data directory
 * until it succeeds or is given up; the tests read it to know that an attempt has been fully
 * processed (and when the next one is due) before they move the clock.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AsyncIT extends RuntimeItSupport {

    private static final Duration ATTEMPT = Duration.ofSeconds(20);
    /* Lambda's LastModified format, which the dead-letter listing uses for its times. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private MutableClock clock;
    private ServiceRegistration<Clock> clockRegistration;

    @Before
    public void deployAndTakeOverTheClock() throws Exception {
        deployTestFunctions("recorder", "counter");
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        clockRegistration = context.registerService(Clock.class, clock, properties);
    }

    @After
    public void giveBackTheClock() {
        if (clockRegistration != null) {
            clockRegistration.unregister();
        }
    }

    @Test
    public void failingEventIsRetriedAfterOneThenTwoMinutesThenBecomesADeadLetter() throws Exception {
        Path file = newFile();
        Instant accepted = clock.instant();
        String payload = fileEvent(file);

        InvokeResponse response = invokeEvent("recorder", payload);

        assertEquals(202, response.statusCode().intValue());
        String requestId = response.responseMetadata().requestId();
        assertEquals(requestId, UUID.fromString(requestId).toString());

        awaitLines(file, 1);
        JsonObject stored = awaitStoredAttempts(requestId, 1);
        assertEquals("first retry one minute after the failure", accepted.plusSeconds(60).toEpochMilli(),
                stored.get("due").getAsLong());
        assertEquals(List.of(requestId), lines(file));

        clock.advance(Duration.ofSeconds(60));
        awaitLines(file, 2);
        stored = awaitStoredAttempts(requestId, 2);
        assertEquals("second retry two minutes after the first", accepted.plusSeconds(180).toEpochMilli(),
                stored.get("due").getAsLong());

        clock.advance(Duration.ofSeconds(120));
        awaitLines(file, 3);
        JsonObject letter = awaitDeadLetter("recorder", requestId);

        assertEquals(3, letter.get("Attempts").getAsInt());
        assertEquals("java.lang.RuntimeException", letter.get("ErrorType").getAsString());
        assertEquals("recorded failure", letter.get("ErrorMessage").getAsString());
        assertEquals(payload, letter.get("Payload").getAsString());
        assertEquals(TIMESTAMP.format(accepted), letter.get("Accepted").getAsString());
        assertEquals(TIMESTAMP.format(accepted.plusSeconds(180)), letter.get("Failed").getAsString());
        assertEquals(List.of(requestId, requestId, requestId), lines(file));
        // the runtime writes the dead letter first, then removes the queued event
        awaitTrue("a dead letter to be no longer queued", ATTEMPT, () -> !Files.exists(eventFile(requestId)));
    }

    @Test
    public void noRetryWhenMaximumRetryAttemptsIsZero() throws Exception {
        lambda.putFunctionEventInvokeConfig(b -> b.functionName("recorder").maximumRetryAttempts(0));
        try {
            GetFunctionEventInvokeConfigResponse config =
                    lambda.getFunctionEventInvokeConfig(b -> b.functionName("recorder"));
            assertEquals(0, config.maximumRetryAttempts().intValue());
            Path file = newFile();

            String requestId = invokeEvent("recorder", fileEvent(file)).responseMetadata().requestId();

            JsonObject letter = awaitDeadLetter("recorder", requestId);
            assertEquals(1, letter.get("Attempts").getAsInt());
            assertEquals(List.of(requestId), lines(file));
            assertFalse(Files.exists(eventFile(requestId)));
        } finally {
            lambda.deleteFunctionEventInvokeConfig(b -> b.functionName("recorder"));
        }
    }

    @Test
    public void successfulEventTakesEffectOnceAndLeavesNothingQueued() throws Exception {
        Path file = newFile();

        InvokeResponse response = invokeEvent("counter", fileEvent(file));

        assertEquals(202, response.statusCode().intValue());
        String requestId = response.responseMetadata().requestId();
        awaitTrue("counter's event to succeed and leave the queue", ATTEMPT,
                () -> lines(file).contains(requestId) && !Files.exists(eventFile(requestId)));
        assertEquals(List.of(requestId), lines(file));
        assertTrue(deadLetterIds("counter").isEmpty());
    }

    @Test
    public void eventOverTheAsynchronousLimitIsRefusedAndNothingIsQueued() throws Exception {
        Path file = newFile();
        String padding = "x".repeat(256 * 1024);
        String oversized = "{\"file\":" + quoted(file) + ",\"padding\":\"" + padding + "\"}";

        RequestTooLargeException refused = assertThrows(RequestTooLargeException.class,
                () -> invokeEvent("counter", oversized));

        assertEquals(413, refused.statusCode());
        assertTrue(storedEventsMentioning(file).isEmpty());
        // an event accepted after it runs alone: the refused one never reached the function
        String requestId = invokeEvent("counter", fileEvent(file)).responseMetadata().requestId();
        awaitTrue("the accepted event to run", ATTEMPT,
                () -> lines(file).contains(requestId) && !Files.exists(eventFile(requestId)));
        assertEquals(List.of(requestId), lines(file));
    }

    // ---- helpers

    private InvokeResponse invokeEvent(String function, String json) {
        return lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(json)));
    }

    private Path newFile() throws IOException {
        return Files.createTempFile(dataDirectory().getParent(), "events-", ".log");
    }

    private static String fileEvent(Path file) {
        return "{\"file\":" + quoted(file) + "}";
    }

    private static String quoted(Path file) {
        return new com.google.gson.JsonPrimitive(file.toString()).toString();
    }

    private static void awaitLines(Path file, int count) throws InterruptedException {
        awaitTrue(file.getFileName() + " to hold " + count + " request ids", ATTEMPT, () -> lines(file).size() >= count);
    }

    private Path eventFile(String requestId) {
        return dataDirectory().resolve("runtime").resolve("async").resolve(requestId + ".json");
    }

    /** The queued event as the runtime stored it, or null when it is not queued. */
    private JsonObject storedEvent(String requestId) throws IOException {
        Path file = eventFile(requestId);
        return Files.exists(file) ? json(Files.readString(file, StandardCharsets.UTF_8)) : null;
    }

    /** Waits until the stored event records {@code attempts}: the attempt is over and the retry scheduled. */
    private JsonObject awaitStoredAttempts(String requestId, int attempts) throws InterruptedException {
        return await(requestId + " stored with " + attempts + " attempts", ATTEMPT, () -> {
            JsonObject stored = storedEvent(requestId);
            return stored != null && stored.get("attempts").getAsInt() == attempts ? stored : null;
        });
    }

    /** Queued events whose payload names {@code file}. */
    private List<JsonObject> storedEventsMentioning(Path file) throws IOException {
        List<JsonObject> found = new ArrayList<>();
        Path directory = dataDirectory().resolve("runtime").resolve("async");
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path stored : files) {
                JsonObject event = json(Files.readString(stored, StandardCharsets.UTF_8));
                String payload = new String(Base64.getDecoder().decode(event.get("payload").getAsString()),
                        StandardCharsets.UTF_8);
                if (payload.contains(file.getFileName().toString())) {
                    found.add(event);
                }
            }
        }
        return found;
    }

    /** GET /2015-03-31/functions/{name}/dead-letters, plain HTTP on the AWS port, signed with the root key. */
    private List<JsonObject> deadLetters(String function) throws IOException {
        HttpAnswer answer = Signing.rootGet(awsEndpoint().resolve("/2015-03-31/functions/" + function + "/dead-letters"),
                "lambda", property("stratus.region"), Path.of(property("stratus.credentials.file")));
        assertEquals(answer.body(), 200, answer.status());
        List<JsonObject> letters = new ArrayList<>();
        for (JsonElement letter : json(answer.body()).getAsJsonArray("DeadLetters")) {
            letters.add(letter.getAsJsonObject());
        }
        return letters;
    }

    private List<String> deadLetterIds(String function) throws IOException {
        return deadLetters(function).stream().map(l -> l.get("RequestId").getAsString()).toList();
    }

    private JsonObject awaitDeadLetter(String function, String requestId) throws InterruptedException {
        return await("dead letter " + requestId + " of " + function, ATTEMPT, () -> deadLetters(function).stream()
                .filter(l -> requestId.equals(l.get("RequestId").getAsString())).findFirst().orElse(null));
    }
}
