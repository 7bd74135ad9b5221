package io.stratus.scheduler.impl;

import static io.stratus.scheduler.impl.SchedulerFixtures.ACCOUNT;
import static io.stratus.scheduler.impl.SchedulerFixtures.REGION;
import static io.stratus.scheduler.impl.SchedulerFixtures.functionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.SchedulerException;
import io.stratus.scheduler.api.Target;
import io.stratus.scheduler.api.TargetFailure;
import io.stratus.scheduler.impl.SchedulerFixtures.MovableClock;
import io.stratus.scheduler.impl.SchedulerFixtures.RecordingInvoker;

/** The scheduler on a clock the tests move: what fires, when, how often, and what survives a restart. */
public class LocalSchedulerTest {

    private static final Instant START = Instant.parse("2026-11-26T01:30:00Z");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private MovableClock clock;
    private RecordingInvoker invoker;
    private SchedulerFixtures.Permissions permissions;
    private Path directory;
    private LocalScheduler scheduler;

    @Before
    public void start() throws Exception {
        clock = new MovableClock(START);
        invoker = new RecordingInvoker();
        permissions = new SchedulerFixtures.Permissions();
        directory = folder.newFolder("scheduler").toPath();
        scheduler = open();
    }

    @After
    public void stop() {
        invoker.release();
        scheduler.close();
    }

    private LocalScheduler open() {
        return new LocalScheduler(REGION, ACCOUNT, directory, invoker, permissions, () -> clock,
                SchedulerFixtures.config());
    }

    private void rule(String name, String expression, String... functions) throws SchedulerException {
        scheduler.putRule(new RuleDefinition(name, expression, null, null));
        for (String function : functions) {
            permissions.permit(function, name);
            assertEquals(List.of(), scheduler.putTargets(name, List.of(new Target(function, functionArn(function), null))));
        }
    }

    @Test
    public void aDueTickSendsTheScheduledEventToEveryTarget() throws Exception {
        rule("every-minute", "rate(1 minute)", "alpha", "beta");

        clock.advance(Duration.ofMinutes(1));

        List<InvocationRequest> requests = List.of(invoker.next(), invoker.next());
        assertEquals(List.of(functionArn("alpha"), functionArn("beta")),
                requests.stream().map(InvocationRequest::functionName).sorted().toList());
        JsonObject event = JsonParser.parseString(new String(requests.get(0).payload(), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertEquals("0", event.get("version").getAsString());
        assertEquals("Scheduled Event", event.get("detail-type").getAsString());
        assertEquals("aws.events", event.get("source").getAsString());
        assertEquals(ACCOUNT, event.get("account").getAsString());
        assertEquals(REGION, event.get("region").getAsString());
        assertEquals("2026-11-26T01:31:00Z", event.get("time").getAsString());
        assertEquals("arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/every-minute",
                event.getAsJsonArray("resources").get(0).getAsString());
        assertEquals(1, event.getAsJsonArray("resources").size());
        assertEquals(new JsonObject(), event.getAsJsonObject("detail"));
        assertEquals("both targets get the same event", new String(requests.get(0).payload(), StandardCharsets.UTF_8),
                new String(requests.get(1).payload(), StandardCharsets.UTF_8));
    }

    @Test
    public void eachTickFiresOnceAndTicksJumpedOverAreNotReplayed() throws Exception {
        rule("every-minute", "rate(1 minute)", "alpha");

        clock.advance(Duration.ofMinutes(1));
        assertEquals("2026-11-26T01:31:00Z", time(invoker.next()));
        awaitNextFire("every-minute", START.plusSeconds(120));

        clock.advance(Duration.ofMinutes(5));
        assertEquals("one firing for the jump, for its first tick", "2026-11-26T01:32:00Z", time(invoker.next()));
        awaitNextFire("every-minute", START.plusSeconds(7 * 60));

        clock.advance(Duration.ofMinutes(1));
        assertEquals("2026-11-26T01:37:00Z", time(invoker.next()));
        awaitNextFire("every-minute", START.plusSeconds(8 * 60));
        assertTrue("no second firing of any tick: " + invoker.async, invoker.async.isEmpty());
        assertEquals(START.plusSeconds(7 * 60), scheduler.rule("every-minute").orElseThrow().lastFire());
    }

    @Test
    public void nothingFiresBeforeItsTick() throws Exception {
        rule("noon", "cron(0 12 * * ? *)", "alpha");
        rule("marker", "rate(1 minute)", "marker");
        assertEquals(Instant.parse("2026-11-26T12:00:00Z"), scheduler.rule("noon").orElseThrow().nextFire());

        clock.advance(Duration.ofMinutes(10 * 60 + 29)); // 11:59
        assertEquals(functionArn("marker"), invoker.next().functionName());
        awaitNextFire("marker", Instant.parse("2026-11-26T12:00:00Z")); // the firing thread has seen 11:59

        assertNull(scheduler.rule("noon").orElseThrow().lastFire());
        assertTrue(invoker.async.isEmpty());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(functionArn("alpha"), functionArn("marker")),
                List.of(invoker.next().functionName(), invoker.next().functionName()).stream().sorted().toList());
        assertEquals(Instant.parse("2026-11-26T12:00:00Z"), scheduler.rule("noon").orElseThrow().lastFire());
    }

    @Test
    public void aDisabledRuleDoesNotFireUntilEnabled() throws Exception {
        rule("paused", "rate(1 minute)", "paused");
        rule("running", "rate(1 minute)", "running");

        assertNull(scheduler.setState("paused", RuleState.DISABLED).nextFire());
        clock.advance(Duration.ofMinutes(1));

        assertEquals(functionArn("running"), invoker.next().functionName());
        awaitNextFire("running", START.plusSeconds(120));
        assertNull(scheduler.rule("paused").orElseThrow().lastFire());
        assertTrue(invoker.async.isEmpty());

        assertEquals(START.plusSeconds(120), scheduler.setState("paused", RuleState.ENABLED).nextFire());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(functionArn("paused"), functionArn("running")),
                List.of(invoker.next().functionName(), invoker.next().functionName()).stream().sorted().toList());
    }

    @Test
    public void aTargetsConstantInputReplacesTheEvent() throws Exception {
        scheduler.putRule(new RuleDefinition("constant", "rate(1 minute)", RuleState.ENABLED, "with input"));
        permissions.permit("alpha", "constant");
        scheduler.putTargets("constant", List.of(new Target("t", functionArn("alpha"), "{\"job\":\"report\"}")));

        clock.advance(Duration.ofMinutes(1));

        assertEquals("{\"job\":\"report\"}", new String(invoker.next().payload(), StandardCharsets.UTF_8));
    }

    @Test
    public void aHeldUpTargetDoesNotDelayOtherRules() throws Exception {
        invoker.held.add(functionArn("slow"));
        rule("slow", "rate(1 minute)", "slow");
        rule("fast", "rate(1 minute)", "fast");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(functionArn("fast"), invoker.next().functionName());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("the next tick fires while the slow target still hangs", functionArn("fast"),
                invoker.next().functionName());

        invoker.release();
        assertEquals(List.of(functionArn("slow"), functionArn("slow")),
                List.of(invoker.next().functionName(), invoker.next().functionName()));
    }

    @Test
    public void aTargetWhosePolicyDoesNotAllowTheRuleIsNotRunAndTheOthersAre() throws Exception {
        rule("guarded", "rate(1 minute)", "alpha");
        permissions.permit("beta", "another-rule");
        scheduler.putTargets("guarded", List.of(new Target("beta", functionArn("beta"), null)));

        clock.advance(Duration.ofMinutes(1));
        assertEquals(functionArn("alpha"), invoker.next().functionName());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(functionArn("alpha"), invoker.next().functionName());

        // the refusal of the second tick follows alpha's delivery in the same task: poll for it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (scheduler.refusedDeliveries() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(permissions.asked.contains("beta " + SchedulerFixtures.ruleArn("guarded")));
        assertEquals(2, scheduler.refusedDeliveries());
        permissions.permit("beta", "guarded");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of(functionArn("alpha"), functionArn("beta")),
                List.of(invoker.next().functionName(), invoker.next().functionName()).stream().sorted().toList());
        assertEquals(2, scheduler.refusedDeliveries());
    }

    @Test
    public void aRefusedTargetDoesNotStopTheOthers() throws Exception {
        invoker.refusals.put(functionArn("gone"), FunctionException.notFound("Function not found: gone"));
        rule("mixed", "rate(1 minute)", "a-gone", "b-here");
        permissions.permit("gone", "mixed");
        scheduler.putTargets("mixed", List.of(new Target("a-gone", functionArn("gone"), null)));

        clock.advance(Duration.ofMinutes(1));

        assertEquals(functionArn("b-here"), invoker.next().functionName());
    }

    @Test
    public void rulesAndTargetsSurviveARestartAndMissedTicksAreNotReplayed() throws Exception {
        rule("kept", "rate(5 minutes)", "alpha");
        scheduler.putRule(new RuleDefinition("off", "cron(0 12 * * ? *)", RuleState.DISABLED, "disabled"));
        scheduler.close();

        clock.advance(Duration.ofMinutes(17)); // ticks at 01:35, 01:40 and 01:45 are missed
        scheduler = open();

        assertEquals(List.of(new Target("alpha", functionArn("alpha"), null)),
                scheduler.rule("kept").orElseThrow().targets());
        assertEquals(START, scheduler.rule("kept").orElseThrow().created());
        assertEquals(RuleState.DISABLED, scheduler.rule("off").orElseThrow().state());
        assertEquals("disabled", scheduler.rule("off").orElseThrow().description());
        assertEquals(START.plusSeconds(20 * 60), scheduler.rule("kept").orElseThrow().nextFire());
        assertTrue(invoker.async.isEmpty());

        clock.advance(Duration.ofMinutes(3));
        assertEquals("2026-11-26T01:50:00Z", time(invoker.next()));
    }

    @Test
    public void aRuleWithTargetsCannotBeDeleted() throws Exception {
        rule("busy", "rate(1 hour)", "alpha");

        expect(SchedulerException.VALIDATION, "Rule can't be deleted since it has targets.",
                () -> { scheduler.deleteRule("busy"); return null; });
        assertTrue(scheduler.rule("busy").isPresent());

        scheduler.removeTargets("busy", List.of("alpha", "not-there"));
        scheduler.deleteRule("busy");
        assertFalse(scheduler.rule("busy").isPresent());
        assertFalse(Files.exists(directory.resolve("rules/busy.json")));
        scheduler.deleteRule("busy"); // deleting what is not there succeeds, as in EventBridge
    }

    @Test
    public void putRuleReplacesSettingsAndKeepsTargets() throws Exception {
        rule("changing", "rate(1 hour)", "alpha");
        clock.advance(Duration.ofMinutes(10));

        scheduler.putRule(new RuleDefinition("changing", "rate(1 hour)", RuleState.ENABLED, "same schedule"));
        assertEquals("an unchanged expression keeps its ticks", START.plusSeconds(3600),
                scheduler.rule("changing").orElseThrow().nextFire());

        scheduler.putRule(new RuleDefinition("changing", "rate(2 hours)", null, null));
        assertEquals("a new expression counts from now", START.plusSeconds(600 + 7200),
                scheduler.rule("changing").orElseThrow().nextFire());
        assertEquals(1, scheduler.rule("changing").orElseThrow().targets().size());
    }

    @Test
    public void badTargetsAreReportedOneByOneAndTheGoodOnesApplied() throws Exception {
        rule("r", "rate(1 hour)");

        List<TargetFailure> failures = scheduler.putTargets("r", List.of(
                new Target("good", functionArn("alpha"), "{\"a\":1}"),
                new Target("queue", "arn:aws:sqs:us-east-1:" + ACCOUNT + ":queue", null),
                new Target("elsewhere", "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:alpha", null),
                new Target("broken", functionArn("alpha"), "{not json")));

        assertEquals(List.of("queue", "elsewhere", "broken"), failures.stream().map(TargetFailure::targetId).toList());
        assertTrue(failures.stream().allMatch(f -> f.errorCode().equals("ValidationException")));
        assertTrue(failures.get(2).errorMessage(), failures.get(2).errorMessage().contains("Input is not valid JSON"));
        assertEquals(List.of("good"), scheduler.rule("r").orElseThrow().targets().stream().map(Target::id).toList());
    }

    @Test
    public void aSixthTargetIsRefusedAndNothingChanges() throws Exception {
        rule("full", "rate(1 hour)", "a", "b", "c", "d", "e");

        expect(SchedulerException.LIMIT_EXCEEDED, "maximum number allowed",
                () -> scheduler.putTargets("full", List.of(new Target("a", functionArn("z"), null),
                        new Target("f", functionArn("f"), null))));
        assertEquals(List.of(functionArn("a"), functionArn("b"), functionArn("c"), functionArn("d"), functionArn("e")),
                scheduler.rule("full").orElseThrow().targets().stream().map(Target::arn).toList());
    }

    @Test
    public void invalidRequestsChangeNothing() throws Exception {
        expect("ValidationException", "Parameter ScheduleExpression is not valid: a rate of 1 takes the singular unit",
                () -> scheduler.putRule(new RuleDefinition("r", "rate(1 minutes)", null, null)));
        expect("ValidationException", "regular expression pattern",
                () -> scheduler.putRule(new RuleDefinition("bad name", "rate(1 minute)", null, null)));
        expect("ValidationException", "length between 1 and 64",
                () -> scheduler.putRule(new RuleDefinition("x".repeat(65), "rate(1 minute)", null, null)));
        expect("ValidationException", "EventPattern or ScheduleExpression must be specified",
                () -> scheduler.putRule(new RuleDefinition("r", null, null, null)));
        expect("ValidationException", "less than or equal to 512",
                () -> scheduler.putRule(new RuleDefinition("r", "rate(1 minute)", null, "d".repeat(513))));
        expect("ResourceNotFoundException", "Rule missing does not exist on EventBus default.",
                () -> scheduler.putTargets("missing", List.of(new Target("a", functionArn("a"), null))));
        expect("ResourceNotFoundException", "Rule missing does not exist",
                () -> scheduler.setState("missing", RuleState.ENABLED));
        expect("ResourceNotFoundException", "Rule missing does not exist",
                () -> scheduler.removeTargets("missing", List.of("a")));

        assertEquals(List.of(), scheduler.rules(null));
        try (var files = Files.list(directory.resolve("rules")).filter(Files::isRegularFile)) {
            assertEquals(0, files.count());
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was ever written
        }
    }

    @Test
    public void declaredRulesComeAndGoWithTheirBundleAndCannotBeChangedThroughTheApi() throws Exception {
        StoredRule declared = new StoredRule("nightly", "cron(0 12 * * ? *)", RuleState.ENABLED, null,
                START.toEpochMilli(), List.of(new Target("report", functionArn("report"), null)), "bundle/example");
        scheduler.declare(42L, List.of(declared,
                new StoredRule("broken", "cron(0 12 * * * *)", RuleState.ENABLED, null, 0, List.of(), "bundle/example")));

        assertEquals(List.of("nightly"), scheduler.rules(null).stream().map(r -> r.name()).toList());
        assertEquals("bundle/example", scheduler.rule("nightly").orElseThrow().managedBy());
        expect("ManagedRuleException", "declared by bundle/example",
                () -> scheduler.putTargets("nightly", List.of(new Target("x", functionArn("x"), null))));
        expect("ManagedRuleException", "declared by bundle/example",
                () -> { scheduler.deleteRule("nightly"); return null; });
        expect("ManagedRuleException", "declared by bundle/example",
                () -> scheduler.putRule(new RuleDefinition("nightly", "rate(1 minute)", null, null)));

        clock.advance(Duration.ofHours(11));
        assertEquals(functionArn("report"), invoker.next().functionName());

        scheduler.withdraw(42L);
        assertTrue(scheduler.rules(null).isEmpty());
        assertEquals(List.of(), scheduler.ruleNamesByTarget(functionArn("report")));
    }

    @Test
    public void rulesAreListedByPrefixAndFoundByTarget() throws Exception {
        rule("b-two", "rate(1 hour)", "shared");
        rule("a-one", "rate(1 hour)", "shared", "own");
        rule("c-three", "rate(1 hour)");

        assertEquals(List.of("a-one", "b-two", "c-three"), scheduler.rules(null).stream().map(r -> r.name()).toList());
        assertEquals(List.of("b-two"), scheduler.rules("b").stream().map(r -> r.name()).toList());
        assertEquals(List.of("a-one", "b-two"), scheduler.ruleNamesByTarget(functionArn("shared")));
        assertEquals(List.of("a-one"), scheduler.ruleNamesByTarget(functionArn("own")));
    }

    // ---- helpers

    private static String time(InvocationRequest request) {
        return JsonParser.parseString(new String(request.payload(), StandardCharsets.UTF_8)).getAsJsonObject()
                .get("time").getAsString();
    }

    /** Waits until the firing thread has consumed the tick before {@code next} (it computed the next one). */
    private void awaitNextFire(String rule, Instant next) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!next.equals(scheduler.rule(rule).orElseThrow().nextFire())) {
            if (System.nanoTime() > deadline) {
                fail(rule + " never moved on to " + next + "; it is at " + scheduler.rule(rule).orElseThrow().nextFire());
            }
            Thread.sleep(5);
        }
    }

    private static void expect(String code, String message, Callable<?> call) throws Exception {
        try {
            call.call();
            fail("expected " + code);
        } catch (SchedulerException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertTrue(e.getMessage(), e.getMessage().contains(message));
        }
    }
}
