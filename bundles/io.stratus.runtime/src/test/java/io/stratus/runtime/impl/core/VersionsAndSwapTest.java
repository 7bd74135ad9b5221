package io.stratus.runtime.impl.core;

import static io.stratus.runtime.impl.core.HostRule.function;
import static io.stratus.runtime.impl.core.HostRule.text;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import example.Fixtures;
import example.functions.Blocker;
import example.functions.ContextProbe;
import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.AliasInfo;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;

/** Published versions, aliases with weighted routing, and code replaced while invocations run. */
public class VersionsAndSwapTest {

    @Rule
    public final HostRule rule = new HostRule();

    private final ExecutorService background = Executors.newCachedThreadPool();

    @After
    public void stopBackground() {
        Fixtures.latch("blocker-release").countDown();
        background.shutdownNow();
    }

    private static Map<String, Object> probe(String color, Object... more) {
        Map<String, Object> attributes = function("probe", ContextProbe.class, FunctionNamespace.ENVIRONMENT,
                List.of("COLOR=" + color));
        for (int i = 0; i < more.length; i += 2) {
            attributes.put((String) more[i], more[i + 1]);
        }
        return attributes;
    }

    private JsonObject call(String function, String qualifier) throws FunctionException {
        InvocationResult result = rule.host.invoke(new InvocationRequest(function, qualifier,
                "{}".getBytes(StandardCharsets.UTF_8), null, false));
        JsonObject json = JsonParser.parseString(text(result)).getAsJsonObject();
        json.addProperty("executed", result.executedVersion());
        return json;
    }

    private void deployVersions() {
        rule.deploy(1, probe("red", FunctionNamespace.CODE_REVISION, 1L));
        rule.deploy(2, probe("blue", FunctionNamespace.FUNCTION_VERSION, "1", FunctionNamespace.CODE_REVISION, 1L));
        rule.deploy(3, probe("green", FunctionNamespace.FUNCTION_VERSION, "2", FunctionNamespace.CODE_REVISION, 1L));
    }

    @Test
    public void aPublishedVersionRunsItsOwnConfigurationUnderItsQualifier() throws Exception {
        deployVersions();

        JsonObject latest = call("probe", null);
        JsonObject one = call("probe:1", null);
        JsonObject two = call("probe", "2");

        assertEquals("red", latest.get("color").getAsString());
        assertEquals("$LATEST", latest.get("version").getAsString());
        assertEquals("$LATEST", latest.get("executed").getAsString());
        assertEquals("blue", one.get("color").getAsString());
        assertEquals("1", one.get("version").getAsString());
        assertEquals("1", one.get("executed").getAsString());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:probe:1", one.get("arn").getAsString());
        assertEquals("green", two.get("color").getAsString());
        assertTrue(two.get("logStream").getAsString().contains("[2]"));
        assertEquals(List.of("$LATEST", "1", "2"),
                rule.host.versions("probe").stream().map(FunctionInfo::version).toList());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:probe:2",
                rule.host.version("probe", "2").orElseThrow().arn());
        assertEquals(1, rule.host.list().size());
    }

    @Test
    public void anUnknownVersionOrAliasIsNotFound() {
        deployVersions();
        for (String qualifier : new String[] {"7", "nope"}) {
            try {
                call("probe", qualifier);
                throw new AssertionError(qualifier + " was found");
            } catch (FunctionException e) {
                assertEquals("ResourceNotFoundException", e.code());
                assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:probe:" + qualifier,
                        e.getMessage());
            }
        }
    }

    @Test
    public void anAliasSendsItsWeightToTheAdditionalVersion() throws Exception {
        deployVersions();
        rule.host.createAlias("probe", "live", "1", Map.of("2", 0.3), "canary");

        int second = 0;
        for (int i = 0; i < 1000; i++) {
            JsonObject answer = call("probe", "live");
            if (answer.get("version").getAsString().equals("2")) {
                second++;
            }
            assertEquals("arn:aws:lambda:us-east-1:000000000000:function:probe:live", answer.get("arn").getAsString());
        }
        // binomial(1000, 0.3): standard deviation 14.5, so +-60 is more than 4 of them
        assertTrue("version 2 ran " + second + " times of 1000", second > 240 && second < 360);
    }

    @Test
    public void movingAnAliasBackIsARollback() throws Exception {
        deployVersions();
        AliasInfo created = rule.host.createAlias("probe", "live", "2", Map.of(), "");
        assertEquals("green", call("probe", "live").get("color").getAsString());

        rule.host.updateAlias("probe", "live", "1", null, null, created.revisionId());

        assertEquals("blue", call("probe", "live").get("color").getAsString());
        FunctionException stale = refused(() -> rule.host.updateAlias("probe", "live", "2", null, null,
                created.revisionId()));
        assertEquals("PreconditionFailedException", stale.code());
    }

    @Test
    public void badAliasesAreRefused() {
        deployVersions();
        assertEquals("ResourceNotFoundException",
                refused(() -> rule.host.createAlias("probe", "a", "9", Map.of(), "")).code());
        assertEquals("InvalidParameterValueException",
                refused(() -> rule.host.createAlias("probe", "a", "$LATEST", Map.of("1", 0.5), "")).code());
        assertEquals("InvalidParameterValueException",
                refused(() -> rule.host.createAlias("probe", "a", "1", Map.of("1", 0.5), "")).code());
        assertEquals("InvalidParameterValueException",
                refused(() -> rule.host.createAlias("probe", "a", "1", Map.of("2", 1.5), "")).code());
        assertEquals("ResourceNotFoundException",
                refused(() -> rule.host.createAlias("nothing", "a", "1", Map.of(), "")).code());
        assertFalse(rule.host.alias("probe", "a").isPresent());
    }

    @Test
    public void aliasesSurviveARestart() throws Exception {
        deployVersions();
        rule.host.createAlias("probe", "live", "2", Map.of(), "kept");
        rule.host.createAlias("probe", "old", "1", Map.of(), "");
        assertEquals("ResourceConflictException",
                refused(() -> rule.host.createAlias("probe", "live", "1", Map.of(), "")).code());

        rule.restartWith(1000);
        deployVersions();

        assertEquals("green", call("probe", "live").get("color").getAsString());
        assertEquals(List.of("live", "old"), rule.host.aliases("probe", null).stream().map(AliasInfo::name).toList());
        assertEquals(List.of("old"), rule.host.aliases("probe", "1").stream().map(AliasInfo::name).toList());
        rule.host.forget("probe");
        assertEquals(List.of(), rule.host.aliases("probe", null));
    }

    @Test
    public void newerCodeTakesNewInvocationsWhileRunningOnesFinishOnTheOld() throws Exception {
        rule.deploy(1, function("swap", Blocker.class, FunctionNamespace.CODE_REVISION, 1L));
        Future<InvocationResult> running = background.submit(() -> rule.invoke("swap", "{}"));
        assertTrue(Fixtures.latch("blocker-entered", 1).await(10, TimeUnit.SECONDS));

        rule.deploy(2, function("swap", ContextProbe.class, FunctionNamespace.CODE_REVISION, 2L));

        // new invocations run the new code at once, while the old one is still running
        assertEquals("swap", JsonParser.parseString(text(rule.invoke("swap", "{}"))).getAsJsonObject()
                .get("function").getAsString());
        assertEquals(2, rule.host.get("swap").orElseThrow().bundleId());
        Future<?> released = background.submit(() -> rule.host.undeploy(1));
        assertFalse(running.isDone());

        Fixtures.latch("blocker-release").countDown();

        assertEquals("\"released\"", text(running.get(10, TimeUnit.SECONDS)));
        released.get(10, TimeUnit.SECONDS);
        assertEquals(2, rule.host.get("swap").orElseThrow().bundleId());
        assertTrue(text(rule.invoke("swap", "{}")).contains("\"function\":\"swap\""));
    }

    @Test
    public void olderOrUnrevisedCodeDoesNotTakeANameOver() throws Exception {
        rule.deploy(1, probe("red", FunctionNamespace.CODE_REVISION, 5L));
        rule.deploy(2, probe("blue", FunctionNamespace.CODE_REVISION, 4L));
        rule.deploy(3, probe("green"));

        assertEquals(1, rule.host.get("probe").orElseThrow().bundleId());
        assertEquals("red", call("probe", null).get("color").getAsString());
    }

    private static FunctionException refused(Call call) {
        try {
            call.run();
        } catch (FunctionException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the request was not refused");
    }

    private interface Call {
        void run() throws Exception;
    }
}
