package io.stratus.runtime.impl.core;

import static io.stratus.runtime.impl.core.HostRule.eventually;
import static io.stratus.runtime.impl.core.HostRule.function;
import static io.stratus.runtime.impl.core.HostRule.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import com.google.gson.JsonParser;

import example.Fixtures;
import example.functions.Blocker;
import example.functions.ContextProbe;
import example.functions.Greeter;
import example.functions.Greeting;
import example.functions.Recorder;
import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.InvocationResult;

/** Registration, removal, duplicates, failures and configuration changes. */
public class FunctionLifecycleTest {

    @Rule
    public final HostRule rule = new HostRule();

    private final ExecutorService background = Executors.newCachedThreadPool();

    @After
    public void stopBackground() {
        Fixtures.latch("blocker-release").countDown();
        background.shutdownNow();
    }

    private static FunctionException refused(Call call) throws Exception {
        try {
            call.run();
        } catch (FunctionException e) {
            return e;
        }
        throw new AssertionError("the request was not refused");
    }

    private interface Call {
        void run() throws Exception;
    }

    @Test
    public void declarationDefaultsApply() {
        rule.deploy(7, function("greeter", Greeter.class));
        FunctionInfo info = rule.host.get("greeter").orElseThrow();
        assertEquals(FunctionState.Active, info.state());
        assertEquals(128, info.spec().memorySize());
        assertEquals(3, info.spec().timeout());
        assertEquals(Map.of(), info.spec().environment());
        assertEquals("arn:aws:iam::000000000000:role/stratus-lambda-basic-execution", info.spec().role());
        assertEquals(Greeter.class.getName(), info.spec().handler());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:greeter", info.arn());
        assertEquals(7, info.bundleId());
        assertEquals("bundle7", info.bundleSymbolicName());
        assertEquals(EventInvokeConfig.DEFAULT, info.eventInvokeConfig());
        assertNull(info.reservedConcurrency());
    }

    @Test
    public void infoNamesTheRawClassOfTheHandlersInput() {
        rule.deploy(1, function("greeter", Greeter.class), function("probe", ContextProbe.class));
        Map<String, Object> missing = new HashMap<>(function("ghost", Greeter.class));
        missing.put(FunctionNamespace.HANDLER_CLASS, "example.functions.Ghost");
        rule.deploy(2, missing);

        assertEquals(Greeting.class.getName(), rule.host.get("greeter").orElseThrow().handlerInputType());
        // a parameterised input type is named by its raw class
        assertEquals(Map.class.getName(), rule.host.get("probe").orElseThrow().handlerInputType());
        assertNull(rule.host.get("ghost").orElseThrow().handlerInputType());
    }

    @Test
    public void invalidDeclaredValuesRegisterTheFunctionAsFailed() throws Exception {
        rule.deploy(1, function("small", Greeter.class, "memorySize", 127L),
                function("slow", Greeter.class, "timeout", 901L));
        FunctionInfo small = rule.host.get("small").orElseThrow();
        assertEquals(FunctionState.Failed, small.state());
        assertEquals("InvalidConfiguration", small.stateReasonCode());
        assertEquals("1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 128", small.stateReason());
        assertTrue(rule.host.get("slow").orElseThrow().stateReason().contains("less than or equal to 900"));
        FunctionException conflict = refused(() -> rule.invoke("small", "{}"));
        assertEquals("ResourceConflictException", conflict.code());
        assertEquals(409, conflict.status());
        assertEquals("The operation cannot be performed at this time. The function is currently in the following"
                + " state: Failed", conflict.getMessage());
        assertTrue(rule.host.findings().toString(), rule.host.findings().get(0).startsWith(
                "Function slow of bundle bundle1 [1] failed (InvalidConfiguration)"));
        assertEquals(2, rule.host.findings().size());
    }

    @Test
    public void unloadableHandlerRegistersTheFunctionAsFailed() {
        Map<String, Object> missing = new HashMap<>(function("ghost", Greeter.class));
        missing.put(FunctionNamespace.HANDLER_CLASS, "example.functions.Ghost");
        rule.deploy(1, missing, function("wrong-method", Greeter.class, FunctionNamespace.HANDLER_METHOD, "nothere"));
        FunctionInfo ghost = rule.host.get("ghost").orElseThrow();
        assertEquals(FunctionState.Failed, ghost.state());
        assertEquals("FunctionError", ghost.stateReasonCode());
        assertTrue(ghost.stateReason(), ghost.stateReason().startsWith("Cannot load handler class example.functions.Ghost"));
        assertTrue(rule.host.get("wrong-method").orElseThrow().stateReason().startsWith("No public method named nothere"));
    }

    @Test
    public void unresolvableBundleRegistersItsFunctionsAsFailedWithTheReason() throws Exception {
        String reason = "Unable to resolve bundle b [3]: missing requirement osgi.wiring.package; (osgi.wiring.package=x)";
        rule.host.deployFailed(new TestCode(3, "b"), List.of(function("orphan", Greeter.class)), reason);
        FunctionInfo info = rule.host.get("orphan").orElseThrow();
        assertEquals(FunctionState.Failed, info.state());
        assertEquals("FunctionError", info.stateReasonCode());
        assertEquals(reason, info.stateReason());
        assertEquals(409, refused(() -> rule.invoke("orphan", "{}")).status());
        assertTrue(rule.host.findings().get(0).endsWith(reason));
        rule.host.undeploy(3);
        assertTrue(rule.host.list().isEmpty());
        assertTrue(rule.host.findings().isEmpty());
    }

    @Test
    public void secondBundleDeclaringATakenNameIsRefusedUntilTheFirstLeaves() throws Exception {
        rule.deploy(1, function("hello", Greeter.class));
        rule.deploy(2, function("hello", Recorder.class));
        assertEquals(1, rule.host.get("hello").orElseThrow().bundleId());
        assertEquals(List.of("Function hello is declared by bundle bundle1 [1] and again by bundle bundle2 [2];"
                + " the second declaration was refused"), rule.host.findings());
        assertTrue(text(rule.invoke("hello", "{\"name\":\"x\"}")).contains("Hello, x!"));
        rule.host.undeploy(1);
        assertEquals(2, rule.host.get("hello").orElseThrow().bundleId());
        assertEquals("\"ok\"", text(rule.invoke("hello", "{}")));
        assertTrue(rule.host.findings().isEmpty());
    }

    @Test
    public void stoppingRefusesNewInvocationsWaitsForInFlightOnesThenRemoves() throws Exception {
        rule.deploy(1, function("blocker", Blocker.class));
        Future<InvocationResult> inFlight = background.submit(() -> rule.invoke("blocker", "{}"));
        assertTrue(Fixtures.latch("blocker-entered").await(10, TimeUnit.SECONDS));
        Future<?> stopping = background.submit(() -> rule.host.undeploy(1));
        eventually("Inactive", () -> rule.host.get("blocker").map(i -> i.state() == FunctionState.Inactive).orElse(false));
        FunctionException refusedWhileStopping = refused(() -> rule.invoke("blocker", "{}"));
        assertEquals("The operation cannot be performed at this time. The function is currently in the following"
                + " state: Inactive", refusedWhileStopping.getMessage());
        assertFalse("removal waits for the in-flight invocation", stopping.isDone());
        Fixtures.latch("blocker-release").countDown();
        assertEquals("\"released\"", text(inFlight.get(10, TimeUnit.SECONDS)));
        stopping.get(10, TimeUnit.SECONDS);
        assertTrue(rule.host.get("blocker").isEmpty());
        assertEquals("ResourceNotFoundException", refused(() -> rule.invoke("blocker", "{}")).code());
    }

    @Test
    public void configurationUpdatesAreValidatedWithAwsMessagesAndChangeNothingWhenRefused() throws Exception {
        rule.deploy(1, function("probe", ContextProbe.class));
        assertEquals("1 validation error detected: Value '20000' at 'memorySize' failed to satisfy constraint:"
                + " Member must have value less than or equal to 10240", refused(() -> rule.host.update("probe",
                        new FunctionUpdate(20000, null, null, null, null))).getMessage());
        assertEquals("2 validation errors detected: Value '127' at 'memorySize' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 128; Value '0' at 'timeout' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1", refused(() -> rule.host.update(
                        "probe", new FunctionUpdate(127, 0, null, null, null))).getMessage());
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, 901, null, null, null)))
                .getMessage().endsWith("Member must have value less than or equal to 900"));
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null,
                Map.of("AWS_REGION", "x"), null, null))).getMessage().endsWith("Reserved keys used in this request: AWS_REGION"));
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null,
                Map.of("BIG", "v".repeat(4094)), null, null))).getMessage().contains("exceeded the 4KB limit"));
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null,
                Map.of("1BAD", "v"), null, null))).getMessage().contains("at 'environment.variables'"));
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null, null, "not-a-role", null)))
                .getMessage().contains("at 'role'"));
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null, nullKey, null, null)))
                .getMessage().contains("at 'environment.variables'"));
        assertTrue(refused(() -> rule.host.update("probe", new FunctionUpdate(null, null, null, null, "d".repeat(257))))
                .getMessage().contains("at 'description'"));
        FunctionInfo unchanged = rule.host.get("probe").orElseThrow();
        assertEquals(128, unchanged.spec().memorySize());
        assertFalse(Files.exists(rule.dataDirectory().resolve("runtime/functions/probe.json")));
        assertEquals(404, refused(() -> rule.host.update("nope", new FunctionUpdate(256, null, null, null, null))).status());
    }

    @Test
    public void configurationUpdatesPersistAndOverrideTheDeclarationAfterARestart() throws Exception {
        rule.deploy(1, function("probe", ContextProbe.class, "environment", List.of("COLOR=declared")));
        FunctionInfo updated = rule.host.update("probe", new FunctionUpdate(512, 10, Map.of("COLOR", "updated"),
                "arn:aws:iam::000000000000:role/custom", "changed"));
        assertEquals(512, updated.spec().memorySize());
        Map<String, String> emptyValue = new HashMap<>();
        emptyValue.put("EMPTY", null);
        assertEquals(Map.of("EMPTY", ""), rule.host.update("probe", new FunctionUpdate(null, null, emptyValue, null, null))
                .spec().environment());
        rule.host.update("probe", new FunctionUpdate(null, null, Map.of("COLOR", "updated"), null, null));
        assertEquals(10, updated.spec().timeout());
        assertEquals("changed", updated.spec().description());
        assertEquals(rule.clock.instant(), updated.lastModified());
        assertTrue(Files.exists(rule.dataDirectory().resolve("runtime/functions/probe.json")));
        var answer = JsonParser.parseString(text(rule.invoke("probe", "{}"))).getAsJsonObject();
        assertEquals("updated", answer.get("color").getAsString());
        assertEquals("512", answer.get("envMemory").getAsString());
        rule.host.putConcurrency("probe", 5);
        rule.host.putEventInvokeConfig("probe", 1, 120);

        rule.restartWith(1000);
        rule.deploy(1, function("probe", ContextProbe.class, "environment", List.of("COLOR=declared")));
        FunctionInfo restored = rule.host.get("probe").orElseThrow();
        assertEquals(512, restored.spec().memorySize());
        assertEquals(10, restored.spec().timeout());
        assertEquals(Map.of("COLOR", "updated"), restored.spec().environment());
        assertEquals("arn:aws:iam::000000000000:role/custom", restored.spec().role());
        assertEquals(5, restored.reservedConcurrency().intValue());
        assertEquals(995, rule.host.unreservedConcurrency());
        assertEquals(1, restored.eventInvokeConfig().maximumRetryAttempts());
        assertEquals(120, restored.eventInvokeConfig().maximumEventAgeInSeconds());
    }

    @Test
    public void eventInvokeConfigIsValidatedAndCanBeReset() throws Exception {
        rule.deploy(1, function("recorder", Recorder.class));
        assertTrue(refused(() -> rule.host.putEventInvokeConfig("recorder", 3, 60)).getMessage()
                .contains("Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: Member must have value less than or equal to 2"));
        assertTrue(refused(() -> rule.host.putEventInvokeConfig("recorder", 0, 59)).getMessage()
                .contains("Value '59' at 'maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60"));
        assertTrue(refused(() -> rule.host.putEventInvokeConfig("recorder", 0, 21601)).getMessage()
                .contains("less than or equal to 21600"));
        EventInvokeConfig set = rule.host.putEventInvokeConfig("recorder", 0, 60).eventInvokeConfig();
        assertEquals(0, set.maximumRetryAttempts());
        assertEquals(60, set.maximumEventAgeInSeconds());
        assertEquals(rule.clock.instant(), set.lastModified());
        assertEquals(EventInvokeConfig.DEFAULT, rule.host.deleteEventInvokeConfig("recorder").eventInvokeConfig());
        assertEquals("ResourceNotFoundException",
                refused(() -> rule.host.deleteEventInvokeConfig("recorder")).code());
    }

    @Test
    public void listIsSortedByName() {
        rule.deploy(1, function("zeta", Recorder.class), function("alpha", Recorder.class));
        rule.deploy(2, function("mid", Recorder.class));
        assertEquals(List.of("alpha", "mid", "zeta"), rule.host.list().stream().map(FunctionInfo::name).toList());
    }
}
