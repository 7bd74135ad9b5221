package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Faults stay inside the function: exceptions, timeouts, threads ignoring interruption, exit and
 * halt calls, stack overflow and a refused huge allocation each fail only their invocation, with
 * Lambda's error shape, and the platform (which runs in this very JVM) keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FaultsIT extends RuntimeItSupport {

    private static final Duration FINDING = Duration.ofSeconds(15);

    @Before
    public void deploy() throws Exception {
        deployTestFunctions("echo", "thrower", "sleeper", "busy", "exiter", "halter", "recurse", "hog");
    }

    @Test
    public void exceptionIsAnUnhandledErrorWithMessageTypeAndStackTrace() {
        InvokeResponse response = invoke(lambda, "thrower", "{\"message\":\"on purpose\"}");

        assertEquals(200, response.statusCode().intValue());
        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertEquals("boom: on purpose", error.get("errorMessage").getAsString());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").getAsString());
        JsonArray stackTrace = error.getAsJsonArray("stackTrace");
        assertFalse(error.toString(), stackTrace.isEmpty());
        assertTrue(stackTrace.toString(), stackTrace.get(0).getAsString()
                .startsWith("io.stratus.test.functions.Thrower.handleRequest(Thrower.java:"));
        for (JsonElement frame : stackTrace) {
            assertFalse("the runtime's own frames are not shown: " + frame,
                    frame.getAsString().startsWith("io.stratus.runtime."));
        }
        assertEchoAnswers(lambda);
    }

    @Test
    public void sleepingPastTheTimeoutFailsAtTheDeadline() {
        assertEchoAnswers(lambda); // the client's first call warms it up outside the measured one
        long start = System.nanoTime();
        InvokeResponse response = invoke(lambda, "sleeper", "{\"millis\":5000}");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertTrue(error.toString(), error.get("errorMessage").getAsString()
                .endsWith("Task timed out after 1.00 seconds"));
        assertEquals("Sandbox.Timedout", error.get("errorType").getAsString());
        // at the 1 s deadline, not when the 5 s sleep would have ended (the bound allows for a busy machine)
        assertTrue("answered after " + elapsedMillis + " ms", elapsedMillis >= 1000 && elapsedMillis < 3000);
        assertEchoAnswers(lambda);
    }

    @Test
    public void sleeperWithinItsTimeoutSucceeds() {
        InvokeResponse response = invoke(lambda, "sleeper", "{\"millis\":10}");

        assertNull(response.functionError());
        assertEquals("\"slept\"", response.payload().asUtf8String());
    }

    @Test
    public void threadIgnoringInterruptionIsReportedByHealthUntilItEnds() throws Exception {
        assertEchoAnswers(lambda);
        long start = System.nanoTime();
        // busy spins 5 s: timed out at 1 s, reported after the runtime's 2 s grace, ends by itself at 5 s
        InvokeResponse response = invoke(lambda, "busy", "{\"millis\":5000}");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("Unhandled", response.functionError());
        assertTrue(json(response).toString(), json(response).get("errorMessage").getAsString()
                .endsWith("Task timed out after 1.00 seconds"));
        assertTrue("answered after " + elapsedMillis + " ms", elapsedMillis < 3000);

        JsonObject finding = await("a health finding about busy's thread", FINDING, () -> stuckThreadFinding());
        assertEquals("runtime", finding.get("source").getAsString());
        assertFalse(finding.get("critical").getAsBoolean());
        assertTrue(finding.toString(), finding.get("message").getAsString().contains("busy:"));
        // a warning, not an outage: the platform stays UP and serves other functions meanwhile
        assertEquals(200, get("/system/health").status());
        assertEchoAnswers(lambda);

        awaitTrue("busy's thread to end and its finding to clear", FINDING, () -> stuckThreadFinding() == null);
        assertEchoAnswers(lambda);
    }

    @Test
    public void systemExitFailsOnlyTheInvocation() {
        InvokeResponse response = invoke(lambda, "exiter", "{}");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertEquals("Runtime.ExitError", error.get("errorType").getAsString());
        assertTrue(error.toString(), error.get("errorMessage").getAsString().contains("exit status 3"));
        assertEchoAnswers(lambda);
    }

    @Test
    public void runtimeHaltFailsOnlyTheInvocation() {
        InvokeResponse response = invoke(lambda, "halter", "{}");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertEquals("Runtime.ExitError", error.get("errorType").getAsString());
        assertTrue(error.toString(), error.get("errorMessage").getAsString().contains("exit status 4"));
        assertEchoAnswers(lambda);
    }

    @Test
    public void exitingFunctionGetsAFreshEnvironmentAndFailsTheSameWayAgain() {
        for (int i = 0; i < 2; i++) {
            InvokeResponse response = invoke(lambda, "exiter", "{}");
            assertEquals("Runtime.ExitError", json(response).get("errorType").getAsString());
        }
        assertEchoAnswers(lambda);
    }

    @Test
    public void stackOverflowFailsOnlyTheInvocation() {
        InvokeResponse response = invoke(lambda, "recurse", "{}");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertEquals("java.lang.StackOverflowError", error.get("errorType").getAsString());
        JsonArray stackTrace = error.getAsJsonArray("stackTrace");
        assertFalse(error.toString(), stackTrace.isEmpty());
        assertTrue(stackTrace.get(0).getAsString(),
                stackTrace.get(0).getAsString().startsWith("io.stratus.test.functions.Recurse.depth(Recurse.java:"));
        assertEchoAnswers(lambda);
    }

    @Test
    public void hugeAllocationFailsOnlyTheInvocation() {
        InvokeResponse response = invoke(lambda, "hog", "{}");

        assertEquals("Unhandled", response.functionError());
        assertEquals("java.lang.OutOfMemoryError", json(response).get("errorType").getAsString());
        assertEchoAnswers(lambda);
    }

    /** The runtime's health finding about threads ignoring interruption, or null. */
    private JsonObject stuckThreadFinding() throws Exception {
        JsonObject health = json(get("/system/health").body());
        for (JsonElement element : health.getAsJsonArray("findings")) {
            JsonObject finding = element.getAsJsonObject();
            if (finding.get("message").getAsString().contains("ignore interruption")) {
                return finding;
            }
        }
        return null;
    }
}
