package io.stratus.scheduler.impl;

import static io.stratus.scheduler.impl.SchedulerFixtures.ACCOUNT;
import static io.stratus.scheduler.impl.SchedulerFixtures.REGION;
import static io.stratus.scheduler.impl.SchedulerFixtures.functionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;
import io.stratus.scheduler.impl.SchedulerFixtures.MovableClock;
import io.stratus.scheduler.impl.SchedulerFixtures.RecordingInvoker;

/** How a bundle's {@code io.stratus.schedule} capability becomes a rule. */
public class DeclaredSchedulesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private LocalScheduler scheduler;
    private DeclaredSchedules declared;

    private static final List<Map<String, Object>> FUNCTIONS = List.of(
            Map.of("io.stratus.function", "report", "handler.class", "example.Report"),
            Map.of("io.stratus.function", "audit", "handler.class", "example.Audit"));

    @Before
    public void open() throws Exception {
        scheduler = new LocalScheduler(REGION, ACCOUNT, folder.newFolder().toPath(), new RecordingInvoker(),
                new SchedulerFixtures.Permissions(), () -> new MovableClock(Instant.parse("2026-11-26T01:30:00Z")), SchedulerFixtures.config());
        declared = new DeclaredSchedules(scheduler);
    }

    @After
    public void close() {
        scheduler.close();
    }

    @Test
    public void theRuleRunsTheFunctionItsClassDeclaresWithTheScheduledEvent() {
        StoredRule rule = declared.rule(Map.of("io.stratus.schedule", "nightly", "expression", "cron(0 12 * * ? *)",
                "handler.class", "example.Audit"), FUNCTIONS, "bundle/example", 1234L);

        assertEquals("nightly", rule.name());
        assertEquals("cron(0 12 * * ? *)", rule.expression());
        assertEquals(RuleState.ENABLED, rule.state());
        assertNull(rule.description());
        assertEquals(1234L, rule.created());
        assertEquals("bundle/example", rule.managedBy());
        assertEquals(List.of(new Target("audit", functionArn("audit"), null)), rule.targets());
    }

    @Test
    public void anExplicitFunctionInputDescriptionAndDisabledState() {
        StoredRule rule = declared.rule(Map.of("io.stratus.schedule", "weekly", "expression", "rate(7 days)",
                "handler.class", "example.Audit", "function", "report", "input", "{\"scope\":\"week\"}",
                "description", "weekly report", "enabled", "false"), FUNCTIONS, "bundle/example", 0L);

        assertEquals(List.of(new Target("report", functionArn("report"), "{\"scope\":\"week\"}")), rule.targets());
        assertEquals("weekly report", rule.description());
        assertEquals(RuleState.DISABLED, rule.state());
    }

    @Test
    public void aClassThatDeclaresNoFunctionAndNamesNoneDeclaresNoRule() {
        assertNull(declared.rule(Map.of("io.stratus.schedule", "orphan", "expression", "rate(1 hour)",
                "handler.class", "example.Nothing"), FUNCTIONS, "bundle/example", 0L));
    }

    @Test
    public void invalidDeclarationsAreLeftOutAndTheRestKept() {
        scheduler.declare(5L, List.of(
                declared.rule(Map.of("io.stratus.schedule", "good", "expression", "rate(1 hour)",
                        "handler.class", "example.Report"), FUNCTIONS, "bundle/example", 0L),
                declared.rule(Map.of("io.stratus.schedule", "bad-expression", "expression", "rate(1 hours)",
                        "handler.class", "example.Report"), FUNCTIONS, "bundle/example", 0L),
                declared.rule(Map.of("io.stratus.schedule", "bad-input", "expression", "rate(1 hour)",
                        "handler.class", "example.Report", "input", "{oops"), FUNCTIONS, "bundle/example", 0L),
                declared.rule(Map.of("io.stratus.schedule", "bad name", "expression", "rate(1 hour)",
                        "handler.class", "example.Report"), FUNCTIONS, "bundle/example", 0L)));

        assertEquals(List.of("good"), scheduler.rules(null).stream().map(r -> r.name()).toList());
    }

    @Test
    public void aDeclaredRuleNeverReplacesARuleOfTheSameName() throws Exception {
        scheduler.putRule(new RuleDefinition("taken", "rate(1 hour)", null, "created through the API"));

        scheduler.declare(6L, List.of(declared.rule(Map.of("io.stratus.schedule", "taken", "expression",
                "rate(1 day)", "handler.class", "example.Report"), FUNCTIONS, "bundle/example", 0L)));
        scheduler.withdraw(6L);

        assertEquals("created through the API", scheduler.rule("taken").orElseThrow().description());
        assertEquals("rate(1 hour)", scheduler.rule("taken").orElseThrow().scheduleExpression());
        assertNull(scheduler.rule("taken").orElseThrow().managedBy());
    }
}
