package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import com.google.gson.JsonPrimitive;

import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleService;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * Scheduled rules on the running platform, created with the SDK's EventBridgeClient, firing through
 * a test clock registered as the platform's {@link Clock}: every tick runs each target once with
 * the Scheduled Event (read by a {@code RequestHandler<ScheduledEvent, ?>}) or its constant input,
 * disabled rules stay quiet, a slow target holds up nobody, and a bundle's declared rule lives as
 * long as the bundle.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulerIT extends RuntimeItSupport {

    private static final Duration FIRING = Duration.ofSeconds(20);
    private static final String NIGHTLY_JAR = "io.stratus.examples.nightly-report.jar";

    private MutableClock clock;
    private ServiceRegistration<Clock> clockRegistration;
    private ServiceRegistration<InvocationListener> listenerRegistration;
    private final List<InvocationRecord> records = new CopyOnWriteArrayList<>();
    private EventBridgeClient events;
    /* function and statement id of each permission a test added */
    private final List<String[]> permissions = new CopyOnWriteArrayList<>();
    private RuleService rules;

    @Before
    public void deployTakeOverTheClockAndListen() throws Exception {
        deployTestFunctions("counter", "sleeper");
        // whole minutes plus 30 s, so no test starts right on a tick
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30));
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        clockRegistration = context.registerService(Clock.class, clock, properties);
        listenerRegistration = context.registerService(InvocationListener.class, records::add, null);
        rules = context.getService(context.getServiceReference(RuleService.class));
        events = EventBridgeClient.builder()
                .endpointOverride(awsEndpoint())
                .region(Region.of(property("stratus.region")))
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(Path.of(property("stratus.credentials.file")))
                                .type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default").build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @After
    public void removeRulesAndGiveBackTheClock() {
        for (String[] permission : permissions) {
            lambda.removePermission(b -> b.functionName(permission[0]).statementId(permission[1]));
        }
        if (events != null) {
            for (Rule rule : rules.rules(null)) {
                if (!rule.managed()) {
                    if (!rule.targets().isEmpty()) {
                        events.removeTargets(b -> b.rule(rule.name()).ids(rule.targets().stream().map(t -> t.id()).toList()));
                    }
                    events.deleteRule(b -> b.name(rule.name()));
                }
            }
            events.close();
        }
        if (listenerRegistration != null) {
            listenerRegistration.unregister();
        }
        if (clockRegistration != null) {
            clockRegistration.unregister();
        }
    }

    @Test
    public void aRateRuleRunsItsTargetOnceForEachTick() throws Exception {
        Path file = newFile();
        events.putRule(b -> b.name("every-minute").scheduleExpression("rate(1 minute)"));
        permit("counter", "every-minute");
        assertEquals(0, events.putTargets(b -> b.rule("every-minute").targets(counter("count", file)))
                .failedEntryCount().intValue());

        Instant first = clock.advance(Duration.ofMinutes(1));
        awaitLines(file, 1);
        awaitNextFire("every-minute", first.plusSeconds(60));

        clock.advance(Duration.ofMinutes(1));
        awaitLines(file, 2);
        awaitNextFire("every-minute", first.plusSeconds(120));

        List<String> ids = lines(file);
        assertEquals("one run per tick, each its own event: " + ids, 2, ids.stream().distinct().count());
        assertEquals(2, countRecords("counter"));
        assertEquals(first.plusSeconds(60), rules.rule("every-minute").orElseThrow().lastFire());
    }

    @Test
    public void aDisabledRuleDoesNotFireUntilItIsEnabledAgain() throws Exception {
        Path quiet = newFile();
        Path marker = newFile();
        events.putRule(b -> b.name("quiet").scheduleExpression("rate(1 minute)"));
        permit("counter", "quiet");
        events.putTargets(b -> b.rule("quiet").targets(counter("count", quiet)));
        events.putRule(b -> b.name("marker").scheduleExpression("rate(1 minute)"));
        permit("counter", "marker");
        events.putTargets(b -> b.rule("marker").targets(counter("count", marker)));
        events.disableRule(b -> b.name("quiet"));

        Instant tick = clock.advance(Duration.ofMinutes(1));
        awaitLines(marker, 1);
        awaitNextFire("marker", tick.plusSeconds(60));
        assertNull(rules.rule("quiet").orElseThrow().lastFire());
        assertEquals(List.of(), lines(quiet));

        events.enableRule(b -> b.name("quiet"));
        clock.advance(Duration.ofMinutes(1));
        awaitLines(quiet, 1);
        awaitLines(marker, 2);
    }

    @Test
    public void aSlowTargetHoldsUpNoOtherRule() throws Exception {
        Path fast = newFile();
        events.putRule(b -> b.name("a-slow").scheduleExpression("rate(1 minute)"));
        permit("sleeper", "a-slow");
        events.putTargets(b -> b.rule("a-slow").targets(Target.builder().id("sleep").arn(arn("sleeper"))
                .input("{\"millis\":900}").build()));
        clock.advance(Duration.ofSeconds(1)); // b-fast ticks a second after a-slow: a-slow fires first
        events.putRule(b -> b.name("b-fast").scheduleExpression("rate(1 minute)"));
        permit("counter", "b-fast");
        events.putTargets(b -> b.rule("b-fast").targets(counter("count", fast)));

        clock.advance(Duration.ofMinutes(1));

        awaitLines(fast, 1);
        InvocationRecord slow = await("sleeper's record", FIRING,
                () -> records.stream().filter(r -> r.functionName().equals("sleeper")).findFirst().orElse(null));
        InvocationRecord quick = records.stream().filter(r -> r.functionName().equals("counter")).findFirst()
                .orElseThrow();
        assertTrue("counter ran while sleeper was still sleeping: counter started " + quick.start()
                + ", sleeper ran from " + slow.start() + " for " + slow.durationNanos() / 1_000_000 + " ms",
                quick.start().isBefore(slow.start().plusNanos(slow.durationNanos())));
        // the sleeper really slept (its 1 s timeout may cut the 900 ms short on a loaded machine)
        assertTrue(slow.outcome().toString(), slow.outcome() == InvocationRecord.Outcome.SUCCESS
                || slow.outcome() == InvocationRecord.Outcome.TIMEOUT);
        assertTrue(slow.durationNanos() / 1_000_000 + " ms", slow.durationNanos() >= 850_000_000L);
    }

    @Test
    public void aRuleWithTargetsCannotBeDeleted() {
        events.putRule(b -> b.name("kept").scheduleExpression("cron(0 12 * * ? *)"));
        events.putTargets(b -> b.rule("kept").targets(Target.builder().id("echo").arn(arn("echo")).build()));

        EventBridgeException refused = assertThrows(EventBridgeException.class,
                () -> events.deleteRule(b -> b.name("kept")));

        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        assertEquals("Rule can't be deleted since it has targets.", refused.awsErrorDetails().errorMessage());
        assertEquals("cron(0 12 * * ? *)", events.describeRule(b -> b.name("kept")).scheduleExpression());
    }

    @Test
    public void theNightlyReportsDeclaredRuleRunsItAtNoonAndGoesAwayWithItsBundle() throws Exception {
        Path jar = deployDirectory().resolve(NIGHTLY_JAR);
        Path partial = deployDirectory().resolve("." + NIGHTLY_JAR + ".part");
        Files.copy(Path.of(required("stratus.test.functions"), NIGHTLY_JAR), partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE);
        try {
            awaitActive(lambda, "nightly-report", this::deploymentState);
            String managedBy = await("the declared rule", DEPLOY,
                    () -> events.describeRule(b -> b.name("nightly-report")).managedBy());
            assertEquals("bundle/io.stratus.examples.nightly-report", managedBy);
            assertEquals("cron(0 12 * * ? *)", events.describeRule(b -> b.name("nightly-report")).scheduleExpression());
            assertEquals(List.of("nightly-report"), events.listRuleNamesByTarget(
                    b -> b.targetArn(arn("nightly-report"))).ruleNames());

            Instant noon = rules.rule("nightly-report").orElseThrow().nextFire();
            assertEquals(0, noon.getEpochSecond() % 86_400 - 12 * 3600);
            clock.advance(Duration.between(clock.instant(), noon));

            InvocationRecord report = await("nightly-report to run", FIRING, () -> records.stream()
                    .filter(r -> r.functionName().equals("nightly-report")).findFirst().orElse(null));
            assertEquals(InvocationRecord.Outcome.SUCCESS, report.outcome());
            assertTrue(report.asynchronous());
            String logged = report.log().stream().map(InvocationRecord.LogEvent::message)
                    .filter(m -> m.startsWith("nightly report")).findFirst().orElseThrow();
            // the handler read the Scheduled Event as a ScheduledEvent: its time, rule and id
            assertTrue(logged, logged.contains("scheduledFor=" + noon.toString().replace("Z", ".000Z")));
            assertTrue(logged, logged.contains("rule=arn:aws:events:" + property("stratus.region") + ":"
                    + property("stratus.account") + ":rule/nightly-report"));
            assertTrue(logged, logged.matches("(?s).*eventId=[0-9a-f-]{36}.*"));
        } finally {
            Files.deleteIfExists(jar);
        }
        await("the declared rule to go with its bundle", DEPLOY, () -> {
            try {
                events.describeRule(b -> b.name("nightly-report"));
                return null;
            } catch (ResourceNotFoundException e) {
                return e;
            }
        });
    }

    @Test
    public void aTargetWhosePolicyDoesNotAllowTheRuleDoesNotRunAndTheOthersDo() throws Exception {
        Path refused = newFile();
        Path marker = newFile();
        events.putRule(b -> b.name("not-allowed").scheduleExpression("rate(1 minute)"));
        // counter lets events.amazonaws.com invoke it for another rule only
        permit("counter", "some-other-rule");
        events.putTargets(b -> b.rule("not-allowed").targets(counter("refused", refused),
                counter("marker", marker).toBuilder().arn(arn("sleeper")).input("{\"millis\":1}").build()));
        permit("sleeper", "not-allowed");
        events.putRule(b -> b.name("allowed").scheduleExpression("rate(1 minute)"));
        permit("counter", "allowed");
        events.putTargets(b -> b.rule("allowed").targets(counter("count", marker)));

        Instant tick = clock.advance(Duration.ofMinutes(1));
        awaitLines(marker, 1);
        awaitNextFire("not-allowed", tick.plusSeconds(60));
        await("sleeper's run for not-allowed", FIRING,
                () -> records.stream().filter(r -> r.functionName().equals("sleeper")).findFirst().orElse(null));
        assertEquals(List.of(), lines(refused));
        assertEquals(1, countRecords("counter"));

        // as on AWS, the permission takes effect from the next delivery
        permit("counter", "not-allowed");
        clock.advance(Duration.ofMinutes(1));
        awaitLines(refused, 1);
        awaitLines(marker, 2);
        assertEquals("only the tick after AddPermission ran it", 1, lines(refused).size());
    }

    // ---- helpers

    /** AddPermission as a user of EventBridge does before a rule may invoke a function. */
    private void permit(String function, String rule) {
        String statementId = "events-" + rule;
        lambda.addPermission(b -> b.functionName(function).statementId(statementId).action("lambda:InvokeFunction")
                .principal("events.amazonaws.com").sourceAccount(property("stratus.account"))
                .sourceArn("arn:aws:events:" + property("stratus.region") + ":" + property("stratus.account")
                        + ":rule/" + rule));
        permissions.add(new String[] { function, statementId });
    }

    private String arn(String function) {
        return "arn:aws:lambda:" + property("stratus.region") + ":" + property("stratus.account") + ":function:"
                + function;
    }

    private Target counter(String id, Path file) {
        return Target.builder().id(id).arn(arn("counter"))
                .input("{\"file\":" + new JsonPrimitive(file.toString()) + "}").build();
    }

    private Path newFile() throws IOException {
        return Files.createTempFile(dataDirectory().getParent(), "ticks-", ".log");
    }

    private long countRecords(String function) {
        return records.stream().filter(r -> r.functionName().equals(function)).count();
    }

    private static void awaitLines(Path file, int count) throws InterruptedException {
        awaitTrue(file.getFileName() + " to hold " + count + " request ids", FIRING, () -> lines(file).size() >= count);
    }

    /** Waits until the scheduler has consumed the tick before {@code next}. */
    private void awaitNextFire(String rule, Instant next) throws InterruptedException {
        awaitTrue(rule + " to be due next at " + next, FIRING,
                () -> next.equals(rules.rule(rule).orElseThrow().nextFire()));
    }
}
