package io.stratus.runtime.impl.core;

import static io.stratus.runtime.impl.core.HostRule.eventually;
import static io.stratus.runtime.impl.core.HostRule.function;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;

import example.Fixtures;
import example.functions.Flaky;
import example.functions.Recorder;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRequest;

/** InvocationType Event: durable queue, retries on the injected clock, dead letters, recovery. */
public class AsyncInvocationTest {

    @Rule
    public final HostRule rule = new HostRule();

    private String invokeAsync(String name, String payload) throws FunctionException {
        return rule.host.invokeAsync(InvocationRequest.of(name, payload.getBytes(StandardCharsets.UTF_8)));
    }

    private Path asyncDirectory() {
        return rule.dataDirectory().resolve("runtime/async");
    }

    @Test
    public void failingEventIsRetriedAfterOneThenTwoMinutesThenDeadLettered() throws Exception {
        rule.deploy(1, function("flaky", Flaky.class));
        String requestId = invokeAsync("flaky", "{\"n\":1}");
        assertTrue("queued durably before the id is returned",
                Files.exists(asyncDirectory().resolve(requestId + ".json")));
        assertTrue(Fixtures.latch("flaky-1").await(10, TimeUnit.SECONDS));
        eventually("retry queued", () -> rule.host.pendingEvents() == 1);

        rule.clock.advance(Duration.ofSeconds(59));
        // three dispatcher rounds at 59 s: the retry must not fire yet
        assertFalse("no retry before a minute passed", Fixtures.latch("flaky-2").await(300, TimeUnit.MILLISECONDS));

        rule.clock.advance(Duration.ofSeconds(1));
        assertTrue(Fixtures.latch("flaky-2").await(10, TimeUnit.SECONDS));
        eventually("second retry queued", () -> rule.host.pendingEvents() == 1);
        rule.clock.advance(Duration.ofSeconds(119));
        assertFalse("the second retry waits two more minutes", Fixtures.latch("flaky-3").await(300, TimeUnit.MILLISECONDS));
        rule.clock.advance(Duration.ofSeconds(1));
        assertTrue(Fixtures.latch("flaky-3").await(10, TimeUnit.SECONDS));
        eventually("dead letter", () -> {
            try {
                return rule.host.deadLetters("flaky").size() == 1;
            } catch (FunctionException e) {
                return false;
            }
        });
        DeadLetter letter = rule.host.deadLetters("flaky").get(0);
        assertEquals(requestId, letter.requestId());
        assertEquals(3, letter.attempts());
        assertEquals("java.lang.RuntimeException", letter.errorType());
        assertEquals("attempt 3 failed", letter.errorMessage());
        assertEquals("{\"n\":1}", new String(letter.payload(), StandardCharsets.UTF_8));
        assertTrue(Files.exists(rule.dataDirectory().resolve("runtime/dead-letters/flaky/" + requestId + ".json")));
        // the dead letter is written before the queued event is removed: never lost, at worst both for a moment
        eventually("event removed", () -> !Files.exists(asyncDirectory().resolve(requestId + ".json")));
        assertEquals("the request id is kept across attempts", List.of(requestId, requestId, requestId),
                Fixtures.calls("flaky"));
    }

    @Test
    public void aDeadLetterThatCannotBeStoredIsReportedAndItsEventStaysQueuedUntilItCanBe() throws Exception {
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        rule.host.addDeadLetterErrorListener((function, id, at, reason) -> errors.add(function + " " + id + " " + at));
        rule.deploy(1, function("flaky", Flaky.class));
        rule.host.putEventInvokeConfig("flaky", 0, 3600);
        // a file where the function's dead-letter directory belongs: storing the letter fails
        Path blocker = rule.dataDirectory().resolve("runtime/dead-letters/flaky");
        Files.createDirectories(blocker.getParent());
        Files.write(blocker, new byte[0]);
        String requestId = invokeAsync("flaky", "{}");
        eventually("the dead-letter error reported", () -> errors.size() == 1);
        assertEquals("flaky " + requestId + " " + rule.clock.instant(), errors.get(0));
        assertTrue("the event stays queued", Files.exists(asyncDirectory().resolve(requestId + ".json")));

        Files.delete(blocker);
        rule.clock.advance(Duration.ofMinutes(5));
        eventually("dead letter stored on the next try", () -> {
            try {
                return rule.host.deadLetters("flaky").size() == 1;
            } catch (FunctionException e) {
                return false;
            }
        });
        assertEquals(requestId, rule.host.deadLetters("flaky").get(0).requestId());
        eventually("event removed", () -> !Files.exists(asyncDirectory().resolve(requestId + ".json")));
        assertEquals(1, errors.size());
    }

    @Test
    public void zeroRetriesDeadLettersAfterTheFirstFailure() throws Exception {
        rule.deploy(1, function("flaky", Flaky.class));
        rule.host.putEventInvokeConfig("flaky", 0, 60);
        String requestId = invokeAsync("flaky", "{}");
        eventually("dead letter", () -> {
            try {
                return rule.host.deadLetters("flaky").size() == 1;
            } catch (FunctionException e) {
                return false;
            }
        });
        assertEquals(requestId, rule.host.deadLetters("flaky").get(0).requestId());
        assertEquals(1, rule.host.deadLetters("flaky").get(0).attempts());
        assertEquals(1, Fixtures.calls("flaky").size());
    }

    @Test
    public void throttledEventsWaitWithoutUsingRetriesAndAgeOutAsDeadLetters() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        rule.host.putConcurrency("recorder", 0);
        rule.host.putEventInvokeConfig("recorder", 2, 60);
        String requestId = invokeAsync("recorder", "{}");
        InvocationRecord throttled = rule.nextRecord();
        assertEquals(InvocationRecord.Outcome.THROTTLED, throttled.outcome());
        assertTrue(throttled.asynchronous());
        assertEquals(requestId, throttled.requestId());
        eventually("re-queued", () -> rule.host.pendingEvents() == 1);
        rule.clock.advance(Duration.ofSeconds(61));
        eventually("aged out", () -> {
            try {
                return rule.host.deadLetters("recorder").size() == 1;
            } catch (FunctionException e) {
                return false;
            }
        });
        DeadLetter letter = rule.host.deadLetters("recorder").get(0);
        assertEquals("EventAgeExceeded", letter.errorType());
        assertEquals("throttles use no attempt", 0, letter.attempts());
        assertTrue(Fixtures.calls("recorder").isEmpty());
    }

    @Test
    public void acceptedEventsSurviveARestart() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        rule.host.putConcurrency("recorder", 0); // holds the event in the queue
        String requestId = invokeAsync("recorder", "{\"keep\":true}");
        // wait for the throttled attempt and its re-queue (persisted before it is queued again): an
        // attempt still writing the file while the next host lists the directory may hide it
        assertEquals(InvocationRecord.Outcome.THROTTLED, rule.nextRecord().outcome());
        eventually("held", () -> rule.host.pendingEvents() == 1);

        rule.restartWith(1000);
        assertEquals("recovered from disk", 1, rule.host.pendingEvents());
        rule.deploy(1, function("recorder", Recorder.class));
        rule.host.deleteConcurrency("recorder");
        rule.clock.advance(Duration.ofSeconds(5));
        assertTrue(Fixtures.latch("recorder").await(10, TimeUnit.SECONDS));
        assertEquals(List.of(requestId + " {keep=true}"), Fixtures.calls("recorder"));
        eventually("done", () -> !Files.exists(asyncDirectory().resolve(requestId + ".json")));
    }

    @Test
    public void badAsyncRequestsAreRefusedAndNothingIsQueued() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        try {
            rule.host.invokeAsync(InvocationRequest.of("recorder", new byte[256 * 1024 + 1]));
            fail();
        } catch (FunctionException e) {
            assertEquals("RequestTooLargeException", e.code());
            assertEquals(413, e.status());
        }
        try {
            invokeAsync("recorder", "not json");
            fail();
        } catch (FunctionException e) {
            assertEquals("InvalidRequestContentException", e.code());
        }
        try {
            invokeAsync("nope", "{}");
            fail();
        } catch (FunctionException e) {
            assertEquals("ResourceNotFoundException", e.code());
        }
        assertEquals(0, rule.host.pendingEvents());
        assertFalse(Files.exists(asyncDirectory()) && Files.list(asyncDirectory()).findAny().isPresent());
        try {
            rule.host.deadLetters("nope");
            fail();
        } catch (FunctionException e) {
            assertEquals(404, e.status());
        }
    }
}
