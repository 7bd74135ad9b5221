package io.stratus.runtime.impl.core;

import static io.stratus.runtime.impl.core.HostRule.eventually;
import static io.stratus.runtime.impl.core.HostRule.function;
import static io.stratus.runtime.impl.core.HostRule.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import example.Fixtures;
import example.functions.Big;
import example.functions.Blocker;
import example.functions.ContextProbe;
import example.functions.Exiter;
import example.functions.Greeter;
import example.functions.Recorder;
import example.functions.Recursor;
import example.functions.SlowInit;
import example.functions.StaticEnv;
import example.functions.Thrower;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.Outcome;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;

public class FunctionHostTest {

    @Rule
    public final HostRule rule = new HostRule();

    private final ExecutorService background = Executors.newCachedThreadPool();

    @After
    public void stopBackground() {
        Fixtures.latch("blocker-release").countDown();
        background.shutdownNow();
    }

    private static JsonObject json(InvocationResult result) {
        return JsonParser.parseString(text(result)).getAsJsonObject();
    }

    private static FunctionException refused(ThrowingCall call) throws Exception {
        try {
            call.run();
        } catch (FunctionException e) {
            return e;
        }
        throw new AssertionError("the request was not refused");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    public void invokesAPojoHandlerAndAnswersWithItsJson() throws Exception {
        rule.deploy(1, function("greeter", Greeter.class));
        InvocationResult result = rule.invoke("greeter", "{\"name\":\"Ada\"}");
        assertNull(result.functionError());
        assertEquals("$LATEST", result.executedVersion());
        JsonObject answer = json(result);
        assertEquals("Hello, Ada!", answer.get("message").getAsString());
        assertEquals("greeter", answer.get("function").getAsString());
        assertEquals(result.requestId(), answer.get("requestId").getAsString());
        assertNull("no tail unless asked", result.logTail());
    }

    @Test
    public void firstInvocationIsAColdStartAndTheNextReusesTheEnvironment() throws Exception {
        rule.deploy(1, function("init", SlowInit.class));
        rule.invoke("init", "{}");
        InvocationRecord cold = rule.nextRecord();
        rule.invoke("init", "{}");
        InvocationRecord warm = rule.nextRecord();
        assertEquals(1, Fixtures.calls("constructed").size());
        assertTrue(cold.initDurationNanos() >= 0);
        assertEquals(-1, warm.initDurationNanos());
        assertEquals(cold.environmentId(), warm.environmentId());
        assertEquals(Outcome.SUCCESS, warm.outcome());
    }

    @Test
    public void anEnvironmentIsRetiredAfterItsMaximumAgeSoItsRoleCredentialsNeverGetOld() throws Exception {
        rule.deploy(1, function("init", SlowInit.class));
        rule.invoke("init", "{}");
        InvocationRecord cold = rule.nextRecord();
        rule.clock.advance(FunctionEntry.MAX_ENVIRONMENT_AGE.minusSeconds(1));
        rule.invoke("init", "{}");
        InvocationRecord warm = rule.nextRecord();
        assertEquals("still young: reused", cold.environmentId(), warm.environmentId());
        rule.clock.advance(java.time.Duration.ofSeconds(1));
        rule.invoke("init", "{}");
        InvocationRecord renewed = rule.nextRecord();
        assertTrue("a new environment starts cold", renewed.initDurationNanos() >= 0);
        assertTrue(!cold.environmentId().equals(renewed.environmentId()));
        assertEquals(2, Fixtures.calls("constructed").size());
    }

    @Test
    public void logHasStartEndAndReportLinesAsAwsWritesThem() throws Exception {
        rule.deploy(1, function("greeter", Greeter.class, "memorySize", 256L));
        InvocationResult result = rule.host.invoke(new InvocationRequest("greeter", null,
                "{\"name\":\"Bo\"}".getBytes(StandardCharsets.UTF_8), null, true));
        String[] lines = result.logTail().split("\n");
        String id = result.requestId();
        assertEquals("START RequestId: " + id + " Version: $LATEST", lines[0]);
        assertEquals("greeting Bo", lines[1]);
        assertEquals("END RequestId: " + id, lines[2]);
        assertTrue(lines[3], lines[3].matches("REPORT RequestId: " + id + "\tDuration: \\d+\\.\\d\\d ms"
                + "\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\tMax Memory Used: \\d+ MB\tInit Duration: \\d+\\.\\d\\d ms"));
        InvocationRecord record = rule.nextRecord();
        assertEquals(4, record.log().size());
        assertEquals(lines[3], record.log().get(3).message());
        assertEquals(rule.clock.millis(), record.log().get(0).timestampMillis());
        InvocationResult warm = rule.host.invoke(new InvocationRequest("greeter", null,
                "{\"name\":\"Bo\"}".getBytes(StandardCharsets.UTF_8), null, true));
        assertFalse(warm.logTail(), warm.logTail().contains("Init Duration"));
    }

    @Test
    public void aReportExtensionExtendsTheTailsReportAndListenersGetTheSameLine() throws Exception {
        rule.deploy(1, function("greeter", Greeter.class));
        java.util.List<InvocationRecord> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        rule.host.reportExtension((record, report) -> {
            asked.add(record);
            return report + "\tExtra: " + record.functionName();
        });
        InvocationResult tail = rule.host.invoke(new InvocationRequest("greeter", null,
                "{\"name\":\"Cy\"}".getBytes(StandardCharsets.UTF_8), null, true));
        String[] lines = tail.logTail().split("\n");
        assertTrue(lines[3], lines[3].startsWith("REPORT RequestId: " + tail.requestId() + "\tDuration: "));
        assertTrue(lines[3], lines[3].endsWith("\tExtra: greeter"));
        assertEquals(1, asked.size());
        assertEquals("the extension sees the log up to END", "END RequestId: " + tail.requestId(),
                asked.get(0).log().get(asked.get(0).log().size() - 1).message());
        assertEquals(lines[3], rule.nextRecord().log().get(3).message());

        rule.invoke("greeter", "{\"name\":\"Di\"}");
        assertEquals("not asked without a tail: listeners extend off the caller's path", 1, asked.size());
        InvocationRecord plain = rule.nextRecord();
        assertFalse(plain.log().get(3).message().contains("Extra"));

        rule.host.reportExtension((record, report) -> {
            throw new IllegalStateException("broken");
        });
        InvocationResult failed = rule.host.invoke(new InvocationRequest("greeter", null,
                "{\"name\":\"Ed\"}".getBytes(StandardCharsets.UTF_8), null, true));
        assertNull(failed.functionError());
        assertTrue("a failing extension leaves AWS's line", failed.logTail().split("\n")[3].endsWith(" MB"));
    }

    @Test
    public void contextAndEnvironmentDescribeTheInvocation() throws Exception {
        rule.deploy(1, function("probe", ContextProbe.class, "memorySize", 256L, "timeout", 7L, "environment",
                List.of("COLOR=blue")));
        String clientContext = Base64.getEncoder().encodeToString(
                "{\"client\":{\"app_title\":\"demo\"},\"custom\":{\"k\":\"v\"},\"env\":{}}".getBytes(StandardCharsets.UTF_8));
        InvocationResult result = rule.host.invoke(new InvocationRequest("probe", null,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), clientContext, true));
        JsonObject out = json(result);
        assertEquals(1, out.getAsJsonObject("input").get("a").getAsInt());
        assertEquals(result.requestId(), out.get("requestId").getAsString());
        assertEquals("/aws/lambda/probe", out.get("logGroup").getAsString());
        String stream = out.get("logStream").getAsString();
        assertTrue(stream, stream.matches("2026/03/04/\\[\\$LATEST\\][0-9a-f]{32}"));
        assertEquals("probe", out.get("function").getAsString());
        assertEquals("$LATEST", out.get("version").getAsString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:probe", out.get("arn").getAsString());
        assertEquals(256, out.get("memory").getAsInt());
        int remaining = out.get("remaining").getAsInt();
        assertTrue("remaining " + remaining, remaining > 5000 && remaining <= 7000);
        assertFalse(out.has("identity"));
        assertEquals("demo", out.get("appTitle").getAsString());
        assertEquals("v", out.getAsJsonObject("custom").get("k").getAsString());
        assertEquals("blue", out.get("color").getAsString());
        assertEquals("probe", out.get("envFunction").getAsString());
        assertEquals(stream, out.get("envStream").getAsString());
        assertEquals("us-east-1", out.get("envRegion").getAsString());
        assertEquals("http://localhost:4566", out.get("envEndpoint").getAsString());
        assertEquals("256", out.get("envMemory").getAsString());
        assertTrue("context class loader is the function's", out.get("loader").getAsBoolean());
        assertTrue(out.get("thread").getAsString().startsWith("stratus-fn-probe-"));
        assertFalse("platform credentials stay out", out.has("secret"));
        assertTrue(result.logTail().contains("\nbytes line\n"));
    }

    @Test
    public void eachFunctionSeesOnlyItsOwnVariables() throws Exception {
        rule.deploy(1, function("red", ContextProbe.class, "environment", List.of("COLOR=red")));
        rule.deploy(2, function("green", ContextProbe.class, "environment", List.of("COLOR=green")));
        assertEquals("red", json(rule.invoke("red", "{}")).get("color").getAsString());
        assertEquals("green", json(rule.invoke("green", "{}")).get("color").getAsString());
        assertEquals("green", json(rule.invoke("green", "{}")).get("envFunction").getAsString());
    }

    @Test
    public void methodReferencesToGetenvAreSandboxedToo() throws Exception {
        rule.deploy(1, function("static-env", StaticEnv.class, "environment", List.of("COLOR=teal")));
        assertEquals("\"teal\"", text(rule.invoke("static-env", "\"COLOR\"")));
        assertEquals("null", text(rule.invoke("static-env", "\"AWS_SECRET_ACCESS_KEY\"")));
    }

    @Test
    public void exceptionBecomesTheAwsErrorShape() throws Exception {
        rule.deploy(1, function("thrower", Thrower.class));
        InvocationResult result = rule.invoke("thrower", "{}");
        assertEquals("Unhandled", result.functionError());
        JsonObject error = json(result);
        assertEquals("boom", error.get("errorMessage").getAsString());
        assertEquals("java.lang.IllegalStateException", error.get("errorType").getAsString());
        JsonArray trace = error.getAsJsonArray("stackTrace");
        assertTrue(trace.get(0).getAsString(), trace.get(0).getAsString().startsWith("example.functions.Thrower.fail(Thrower.java:"));
        assertTrue(trace.get(1).getAsString().startsWith("example.functions.Thrower.handleRequest(Thrower.java:"));
        assertFalse("runtime frames are cut", trace.toString().contains("io.stratus.runtime"));
        InvocationRecord record = rule.nextRecord();
        assertEquals(Outcome.ERROR, record.outcome());
        assertEquals("java.lang.IllegalStateException", record.errorType());
    }

    @Test
    public void stackOverflowFailsOnlyThatInvocationAndDiscardsTheEnvironment() throws Exception {
        rule.deploy(1, function("deep", Recursor.class));
        InvocationResult result = rule.invoke("deep", "{}");
        assertEquals("Unhandled", result.functionError());
        assertEquals("java.lang.StackOverflowError", json(result).get("errorType").getAsString());
        InvocationRecord first = rule.nextRecord();
        rule.invoke("deep", "{}");
        InvocationRecord second = rule.nextRecord();
        assertNotEquals(first.environmentId(), second.environmentId());
        assertTrue("a new environment starts cold", second.initDurationNanos() >= 0);
    }

    @Test
    public void exitAndHaltBecomeRuntimeExitErrorAndThePlatformKeepsRunning() throws Exception {
        rule.deploy(1, function("exiter", Exiter.class));
        InvocationResult exit = rule.invoke("exiter", "\"exit\"");
        assertEquals("Unhandled", exit.functionError());
        assertEquals("Runtime.ExitError", json(exit).get("errorType").getAsString());
        assertEquals("RequestId: " + exit.requestId() + " Error: Runtime exited with error: exit status 3",
                json(exit).get("errorMessage").getAsString());
        InvocationResult halt = rule.invoke("exiter", "\"halt\"");
        assertTrue(json(halt).get("errorMessage").getAsString().endsWith("exit status 7"));
        InvocationResult swallowed = rule.invoke("exiter", "\"swallow\"");
        assertEquals("catching the error does not undo the exit", "Runtime.ExitError",
                json(swallowed).get("errorType").getAsString());
        assertTrue(json(swallowed).get("errorMessage").getAsString().endsWith("exit status 5"));
    }

    @Test
    public void runtimeErrorsAroundTheHandlerAreFunctionErrors() throws Exception {
        rule.deploy(1, function("greeter", Greeter.class), function("big", Big.class));
        InvocationResult unmarshal = rule.invoke("greeter", "{\"name\":\"x\",\"times\":\"lots\"}");
        assertEquals("Unhandled", unmarshal.functionError());
        assertEquals("Runtime.UnmarshalError", json(unmarshal).get("errorType").getAsString());
        InvocationResult big = rule.invoke("big", "{}");
        assertEquals("Unhandled", big.functionError());
        assertEquals("Function.ResponseSizeTooLarge", json(big).get("errorType").getAsString());
    }

    @Test
    public void badRequestsAreRefusedBeforeAnythingRuns() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        FunctionException malformed = refused(() -> rule.invoke("recorder", "{\"a\":"));
        assertEquals("InvalidRequestContentException", malformed.code());
        assertEquals(400, malformed.status());
        assertTrue(malformed.getMessage().startsWith("Could not parse request body into json: "));
        FunctionException tooLarge = refused(() -> rule.host.invoke(
                InvocationRequest.of("recorder", new byte[6 * 1024 * 1024 + 1])));
        assertEquals("RequestTooLargeException", tooLarge.code());
        assertEquals(413, tooLarge.status());
        assertEquals("Request must be smaller than 6291456 bytes for the InvokeFunction operation", tooLarge.getMessage());
        FunctionException unknown = refused(() -> rule.invoke("nope", "{}"));
        assertEquals("ResourceNotFoundException", unknown.code());
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope", unknown.getMessage());
        FunctionException version = refused(() -> rule.host.invoke(
                new InvocationRequest("recorder", "7", new byte[0], null, false)));
        assertEquals(404, version.status());
        FunctionException badName = refused(() -> rule.invoke("no spaces", "{}"));
        assertEquals("InvalidParameterValueException", badName.code());
        FunctionException badContext = refused(() -> rule.host.invoke(
                new InvocationRequest("recorder", null, new byte[0], "%%%", false)));
        assertEquals("InvalidRequestContentException", badContext.code());
        assertTrue(Fixtures.calls("recorder").isEmpty());
        assertTrue(rule.records.isEmpty());
    }

    @Test
    public void functionsAreFoundByNameArnPartialArnAndLatestQualifier() throws Exception {
        rule.deploy(1, function("greeter", Greeter.class));
        for (String name : new String[] {"arn:aws:lambda:us-east-1:000000000000:function:greeter",
                "000000000000:function:greeter", "greeter:$LATEST",
                "arn:aws:lambda:us-east-1:000000000000:function:greeter:$LATEST"}) {
            assertNull(name, rule.invoke(name, "{\"name\":\"n\"}").functionError());
            assertEquals(name, "greeter", rule.host.get(name).orElseThrow().name());
        }
        assertEquals(404, refused(() -> rule.invoke("arn:aws:lambda:eu-west-1:000000000000:function:greeter", "{}")).status());
        assertEquals(404, refused(() -> rule.invoke("111111111111:function:greeter", "{}")).status());
        assertTrue(rule.host.get("greeter:prod").isEmpty());
    }

    @Test
    public void timeoutAnswersAtTheDeadlineAndInterruptsTheHandler() throws Exception {
        rule.deploy(1, function("sleeper", example.functions.Sleeper.class, "timeout", 1L));
        long start = System.nanoTime();
        InvocationResult result = rule.invoke("sleeper", "{}");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals("Unhandled", result.functionError());
        assertEquals("{\"errorMessage\":\"Task timed out after 1.00 seconds\",\"errorType\":\"Sandbox.Timedout\"}",
                text(result));
        assertTrue("answered at the deadline: " + elapsedMillis, elapsedMillis >= 1000 && elapsedMillis < 5000);
        assertTrue(Fixtures.latch("sleeper-interrupted").await(5, TimeUnit.SECONDS));
        InvocationRecord record = rule.nextRecord();
        assertEquals(Outcome.TIMEOUT, record.outcome());
        assertEquals("Sandbox.Timedout", record.errorType());
        assertTrue(record.log().stream().anyMatch(e -> e.message().endsWith("Task timed out after 1.00 seconds")));
        rule.invoke("sleeper", "{}");
        assertNotEquals("the timed-out environment is discarded", record.environmentId(),
                rule.nextRecord().environmentId());
    }

    @Test
    public void threadIgnoringInterruptionIsReportedAsStuckUntilItEnds() throws Exception {
        rule.deploy(1, function("busy", example.functions.BusyLoop.class, "timeout", 1L));
        InvocationResult result = rule.invoke("busy", "{}");
        assertEquals("Sandbox.Timedout", json(result).get("errorType").getAsString());
        eventually("stuck thread reported", () -> rule.host.findings()
                .contains("1 function threads ignore interruption: busy:stratus-fn-busy-1"));
        Fixtures.released = true;
        eventually("stuck thread gone", () -> rule.host.findings().isEmpty());
    }

    @Test
    public void reservedConcurrencyThrottlesBeyondItsLimit() throws Exception {
        rule.deploy(1, function("blocker", Blocker.class));
        rule.host.putConcurrency("blocker", 1);
        Future<InvocationResult> first = background.submit(() -> rule.invoke("blocker", "{}"));
        assertTrue(Fixtures.latch("blocker-entered").await(10, TimeUnit.SECONDS));
        FunctionException throttled = refused(() -> rule.invoke("blocker", "{}"));
        assertEquals("TooManyRequestsException", throttled.code());
        assertEquals(429, throttled.status());
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", throttled.reason());
        InvocationRecord record = rule.nextRecord();
        assertEquals(Outcome.THROTTLED, record.outcome());
        Fixtures.latch("blocker-release").countDown();
        assertEquals("\"released\"", text(first.get(10, TimeUnit.SECONDS)));
        assertNull(rule.invoke("blocker", "{}").functionError());
    }

    @Test
    public void zeroReservedConcurrencyThrottlesEveryInvocation() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        rule.host.putConcurrency("recorder", 0);
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded",
                refused(() -> rule.invoke("recorder", "{}")).reason());
        rule.host.deleteConcurrency("recorder");
        assertNull(rule.invoke("recorder", "{}").functionError());
    }

    @Test
    public void accountConcurrencyThrottlesUnreservedFunctions() throws Exception {
        rule.restartWith(2);
        rule.deploy(1, function("blocker", Blocker.class));
        Fixtures.latch("blocker-entered", 2);
        Future<InvocationResult> a = background.submit(() -> rule.invoke("blocker", "{}"));
        Future<InvocationResult> b = background.submit(() -> rule.invoke("blocker", "{}"));
        assertTrue(Fixtures.latch("blocker-entered").await(10, TimeUnit.SECONDS));
        FunctionException throttled = refused(() -> rule.invoke("blocker", "{}"));
        assertEquals("ConcurrentInvocationLimitExceeded", throttled.reason());
        Fixtures.latch("blocker-release").countDown();
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);
        assertEquals(2, rule.host.accountConcurrencyLimit());
    }

    @Test
    public void reservationsMustLeaveTheUnreservedMinimum() throws Exception {
        rule.deploy(1, function("a", Recorder.class), function("b", Recorder.class));
        rule.host.putConcurrency("a", 500);
        FunctionException tooMuch = refused(() -> rule.host.putConcurrency("b", 401));
        assertEquals("InvalidParameterValueException", tooMuch.code());
        assertEquals("Specified ReservedConcurrentExecutions for function decreases account's"
                + " UnreservedConcurrentExecution below its minimum value of [100].", tooMuch.getMessage());
        assertNull(rule.host.get("b").orElseThrow().reservedConcurrency());
        assertEquals(400, rule.host.putConcurrency("b", 400).reservedConcurrency().intValue());
        assertEquals(100, rule.host.unreservedConcurrency());
        assertEquals("1 validation error detected: Value '-1' at 'reservedConcurrentExecutions' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 0",
                refused(() -> rule.host.putConcurrency("a", -1)).getMessage());
    }

    @Test
    public void smallAccountLimitsScaleTheUnreservedMinimum() throws Exception {
        rule.restartWith(20);
        rule.deploy(1, function("a", Recorder.class));
        assertEquals(18, rule.host.putConcurrency("a", 18).reservedConcurrency().intValue());
        assertTrue(refused(() -> rule.host.putConcurrency("a", 19)).getMessage().endsWith("[2]."));
    }
}
