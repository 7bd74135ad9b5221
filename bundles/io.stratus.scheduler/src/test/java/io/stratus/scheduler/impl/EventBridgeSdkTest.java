package io.stratus.scheduler.impl;

import static io.stratus.scheduler.impl.SchedulerFixtures.ACCOUNT;
import static io.stratus.scheduler.impl.SchedulerFixtures.REGION;
import static io.stratus.scheduler.impl.SchedulerFixtures.functionArn;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import io.stratus.aws.api.AwsService;
import io.stratus.aws.impl.AwsFrontDoor;
import io.stratus.scheduler.impl.SchedulerFixtures.MovableClock;
import io.stratus.scheduler.impl.SchedulerFixtures.RecordingInvoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.LimitExceededException;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ManagedRuleException;
import software.amazon.awssdk.services.eventbridge.model.PutRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The AWS SDK's EventBridgeClient against the real front door and this API on a plain Jetty, over
 * HTTP: every operation, its answers and its errors as the SDK understands them.
 */
public class EventBridgeSdkTest {

    private static Server server;
    private static AwsFrontDoor frontDoor;
    private static String endpoint;
    private static EventBridgeClient events;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private RecordingInvoker invoker;
    private MovableClock clock;
    private LocalScheduler scheduler;
    private EventBridgeApi api;

    @BeforeClass
    public static void startEndpoint() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(EventBridgeSdkTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return Map.of("stratus.account", ACCOUNT).get(args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AwsFrontDoor.Config config = (AwsFrontDoor.Config) Proxy.newProxyInstance(
                EventBridgeSdkTest.class.getClassLoader(), new Class<?>[] { AwsFrontDoor.Config.class },
                (proxy, m, args) -> m.getName().equals("maxFormBytes") ? 1 << 20 : null);
        frontDoor = new AwsFrontDoor(context, config);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(frontDoor), "/*");
        server.setHandler(handler);
        server.start();
        endpoint = "http://127.0.0.1:" + connector.getLocalPort();
        events = EventBridgeClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    @AfterClass
    public static void stopEndpoint() throws Exception {
        events.close();
        server.stop();
    }

    @Before
    public void registerApi() throws Exception {
        invoker = new RecordingInvoker();
        clock = new MovableClock(Instant.parse("2026-11-26T01:30:00Z"));
        scheduler = new LocalScheduler(REGION, ACCOUNT, folder.newFolder().toPath(), invoker, new SchedulerFixtures.Permissions(),
                () -> clock,
                SchedulerFixtures.config());
        api = new EventBridgeApi(scheduler, REGION, ACCOUNT);
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", 1L);
        properties.put(AwsService.SERVICE, "events");
        properties.put(AwsService.PROTOCOL, "json-1.1");
        properties.put(AwsService.TARGET_PREFIX, "AWSEvents");
        frontDoor.addService(api, properties);
    }

    @After
    public void unregisterApi() {
        frontDoor.removeService(api);
        scheduler.close();
    }

    private static String ruleArn(String name) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name;
    }

    @Test
    public void putRuleAnswersTheRuleArnAndDescribeRuleShowsIt() {
        PutRuleResponse put = events.putRule(b -> b.name("nightly").scheduleExpression("cron(0 12 * * ? *)")
                .description("every day at noon"));

        assertEquals(ruleArn("nightly"), put.ruleArn());
        DescribeRuleResponse rule = events.describeRule(b -> b.name("nightly"));
        assertEquals("nightly", rule.name());
        assertEquals(ruleArn("nightly"), rule.arn());
        assertEquals("cron(0 12 * * ? *)", rule.scheduleExpression());
        assertEquals(RuleState.ENABLED, rule.state());
        assertEquals("every day at noon", rule.description());
        assertEquals("default", rule.eventBusName());
        assertEquals(ACCOUNT, rule.createdBy());
        assertNull(rule.managedBy());
    }

    @Test
    public void putRuleWithStateDisabledAndEnableDisableRule() {
        events.putRule(b -> b.name("r").scheduleExpression("rate(5 minutes)").state(RuleState.DISABLED));
        assertEquals(RuleState.DISABLED, events.describeRule(b -> b.name("r")).state());
        assertNull(scheduler.rule("r").orElseThrow().nextFire());

        events.enableRule(b -> b.name("r"));
        assertEquals(RuleState.ENABLED, events.describeRule(b -> b.name("r")).state());
        assertEquals(Instant.parse("2026-11-26T01:35:00Z"), scheduler.rule("r").orElseThrow().nextFire());

        events.disableRule(b -> b.name("r"));
        assertEquals(RuleState.DISABLED, events.describeRule(b -> b.name("r")).state());
    }

    @Test
    public void listRulesFiltersByPrefixAndPages() {
        for (String name : List.of("job-c", "job-a", "other", "job-b")) {
            events.putRule(b -> b.name(name).scheduleExpression("rate(1 hour)"));
        }

        ListRulesResponse first = events.listRules(b -> b.namePrefix("job-").limit(2));
        assertEquals(List.of("job-a", "job-b"), first.rules().stream().map(r -> r.name()).toList());
        assertTrue(first.nextToken() != null);
        ListRulesResponse second = events.listRules(b -> b.namePrefix("job-").limit(2).nextToken(first.nextToken()));
        assertEquals(List.of("job-c"), second.rules().stream().map(r -> r.name()).toList());
        assertNull(second.nextToken());
        assertEquals("rate(1 hour)", second.rules().get(0).scheduleExpression());
        assertEquals(ruleArn("job-c"), second.rules().get(0).arn());

        assertEquals(4, events.listRules(b -> b.limit(100)).rules().size());
        List<String> paged = new ArrayList<>();
        String token = null;
        do {
            String from = token;
            ListRulesResponse page = events.listRules(b -> b.limit(1).nextToken(from));
            page.rules().forEach(r -> paged.add(r.name()));
            token = page.nextToken();
        } while (token != null);
        assertEquals(List.of("job-a", "job-b", "job-c", "other"), paged);
        assertTrue(events.listRules(b -> b.namePrefix("none")).rules().isEmpty());
    }

    @Test
    public void putTargetsListTargetsByRuleAndListRuleNamesByTarget() {
        events.putRule(b -> b.name("r1").scheduleExpression("rate(1 hour)"));
        events.putRule(b -> b.name("r2").scheduleExpression("rate(1 hour)"));

        PutTargetsResponse put = events.putTargets(b -> b.rule("r1").targets(
                Target.builder().id("report").arn(functionArn("report")).build(),
                Target.builder().id("audit").arn(functionArn("audit")).input("{\"level\":\"full\"}").build()));
        events.putTargets(b -> b.rule("r2").targets(Target.builder().id("report").arn(functionArn("report")).build()));

        assertEquals(0, put.failedEntryCount().intValue());
        assertTrue(put.failedEntries().isEmpty());
        ListTargetsByRuleResponse targets = events.listTargetsByRule(b -> b.rule("r1"));
        assertEquals(List.of("audit", "report"), targets.targets().stream().map(Target::id).toList());
        assertEquals("{\"level\":\"full\"}", targets.targets().get(0).input());
        assertEquals(functionArn("report"), targets.targets().get(1).arn());
        assertNull(targets.targets().get(1).input());
        assertEquals(List.of("audit"), events.listTargetsByRule(b -> b.rule("r1").limit(1)).targets().stream()
                .map(Target::id).toList());
        assertEquals(List.of("r1", "r2"), events.listRuleNamesByTarget(b -> b.targetArn(functionArn("report"))).ruleNames());
        assertEquals(List.of("r1"), events.listRuleNamesByTarget(b -> b.targetArn(functionArn("audit"))).ruleNames());
        assertTrue(events.listRuleNamesByTarget(b -> b.targetArn(functionArn("nobody"))).ruleNames().isEmpty());
    }

    @Test
    public void putTargetsReportsEachBadTargetAsAFailedEntry() {
        events.putRule(b -> b.name("r").scheduleExpression("rate(1 hour)"));

        PutTargetsResponse put = events.putTargets(b -> b.rule("r").targets(
                Target.builder().id("ok").arn(functionArn("report")).build(),
                Target.builder().id("sqs").arn("arn:aws:sqs:us-east-1:" + ACCOUNT + ":jobs").build(),
                Target.builder().id("bad-input").arn(functionArn("report")).input("{oops").build(),
                Target.builder().id("path").arn(functionArn("report")).inputPath("$.detail").build()));

        assertEquals(3, put.failedEntryCount().intValue());
        Map<String, PutTargetsResultEntry> failed = new HashMap<>();
        put.failedEntries().forEach(e -> failed.put(e.targetId(), e));
        assertEquals(List.of("bad-input", "path", "sqs"), failed.keySet().stream().sorted().toList());
        failed.values().forEach(e -> assertEquals("ValidationException", e.errorCode()));
        assertTrue(failed.get("sqs").errorMessage().contains("only Lambda functions can be targets"));
        assertTrue(failed.get("bad-input").errorMessage().contains("Input is not valid JSON"));
        assertTrue(failed.get("path").errorMessage().contains("InputPath is not supported"));
        assertEquals(List.of("ok"), events.listTargetsByRule(b -> b.rule("r")).targets().stream().map(Target::id).toList());
    }

    @Test
    public void removeTargetsThenDeleteRule() {
        events.putRule(b -> b.name("r").scheduleExpression("rate(1 hour)"));
        events.putTargets(b -> b.rule("r").targets(Target.builder().id("a").arn(functionArn("a")).build(),
                Target.builder().id("b").arn(functionArn("b")).build()));

        EventBridgeException refused = assertThrows(EventBridgeException.class, () -> events.deleteRule(b -> b.name("r")));
        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        assertEquals("Rule can't be deleted since it has targets.", refused.awsErrorDetails().errorMessage());
        assertEquals(400, refused.statusCode());

        RemoveTargetsResponse removed = events.removeTargets(b -> b.rule("r").ids("a", "b", "never-there"));
        assertEquals(0, removed.failedEntryCount().intValue());
        assertTrue(events.listTargetsByRule(b -> b.rule("r")).targets().isEmpty());
        events.deleteRule(b -> b.name("r"));
        assertThrows(ResourceNotFoundException.class, () -> events.describeRule(b -> b.name("r")));
        events.deleteRule(b -> b.name("r")); // again: succeeds, as in EventBridge
    }

    @Test
    public void unknownRulesAreResourceNotFound() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> events.describeRule(b -> b.name("ghost")));
        assertEquals("Rule ghost does not exist on EventBus default.", e.awsErrorDetails().errorMessage());
        assertFalse(e.requestId() == null || e.requestId().isEmpty());
        assertThrows(ResourceNotFoundException.class, () -> events.enableRule(b -> b.name("ghost")));
        assertThrows(ResourceNotFoundException.class, () -> events.disableRule(b -> b.name("ghost")));
        assertThrows(ResourceNotFoundException.class, () -> events.listTargetsByRule(b -> b.rule("ghost")));
        assertThrows(ResourceNotFoundException.class, () -> events.removeTargets(b -> b.rule("ghost").ids("a")));
        assertThrows(ResourceNotFoundException.class, () -> events.putTargets(b -> b.rule("ghost")
                .targets(Target.builder().id("a").arn(functionArn("a")).build())));
        assertThrows(ResourceNotFoundException.class, () -> events.putRule(b -> b.name("r")
                .scheduleExpression("rate(1 hour)").eventBusName("custom-bus")));
    }

    @Test
    public void invalidInputIsAValidationExceptionAndChangesNothing() {
        List<String> messages = new ArrayList<>();
        messages.add(validation(() -> events.putRule(b -> b.name("r").scheduleExpression("rate(1 minutes)"))));
        messages.add(validation(() -> events.putRule(b -> b.name("r").scheduleExpression("cron(0 12 * * * *)"))));
        messages.add(validation(() -> events.putRule(b -> b.name("r").scheduleExpression("cron(0 12 * * ?)"))));
        messages.add(validation(() -> events.putRule(b -> b.name("r"))));
        messages.add(validation(() -> events.putRule(b -> b.name("bad/name").scheduleExpression("rate(1 hour)"))));
        messages.add(validation(() -> events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"aws.ec2\"]}"))));
        messages.add(validation(() -> events.listRules(b -> b.nextToken("!!!"))));

        assertTrue(messages.get(0), messages.get(0).startsWith("Parameter ScheduleExpression is not valid"));
        assertTrue(messages.get(1), messages.get(1).contains("exactly one of Day-of-month and Day-of-week must be ?"));
        assertTrue(messages.get(2), messages.get(2).contains("6 fields"));
        assertTrue(messages.get(3), messages.get(3).contains("EventPattern or ScheduleExpression must be specified"));
        assertTrue(messages.get(4), messages.get(4).contains("regular expression pattern"));
        assertTrue(messages.get(5), messages.get(5).contains("scheduled rules only"));
        assertTrue(messages.get(6), messages.get(6).contains("NextToken"));
        assertTrue(events.listRules(b -> b.limit(10)).rules().isEmpty());
    }

    @Test
    public void aSixthTargetIsLimitExceeded() {
        events.putRule(b -> b.name("r").scheduleExpression("rate(1 hour)"));
        List<Target> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Target.builder().id("t" + i).arn(functionArn("f" + i)).build());
        }
        events.putTargets(b -> b.rule("r").targets(five));

        assertThrows(LimitExceededException.class, () -> events.putTargets(b -> b.rule("r")
                .targets(Target.builder().id("t5").arn(functionArn("f5")).build())));
        assertEquals(5, events.listTargetsByRule(b -> b.rule("r")).targets().size());
    }

    @Test
    public void aDeclaredRuleIsListedAsManagedAndRefusesChanges() {
        scheduler.declare(7L, List.of(new StoredRule("declared", "rate(1 day)", io.stratus.scheduler.api.RuleState.ENABLED,
                "from a bundle", 0L, List.of(new io.stratus.scheduler.api.Target("job", functionArn("job"), null)),
                "bundle/example")));

        assertEquals("bundle/example", events.describeRule(b -> b.name("declared")).managedBy());
        assertEquals(List.of("declared"), events.listRuleNamesByTarget(b -> b.targetArn(functionArn("job"))).ruleNames());
        assertThrows(ManagedRuleException.class, () -> events.disableRule(b -> b.name("declared")));
        assertThrows(ManagedRuleException.class, () -> events.removeTargets(b -> b.rule("declared").ids("job")));
    }

    @Test
    public void aMalformedBodyIsASerializationExceptionAndAnUnknownOperationIsRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> malformed = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("X-Amz-Target", "AWSEvents.PutRule").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body(), malformed.body().contains("\"__type\":\"SerializationException\""));

        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .header("X-Amz-Target", "AWSEvents.PutEvents").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body(), unknown.body().contains("\"__type\":\"UnknownOperationException\""));
    }

    private static String validation(Runnable call) {
        EventBridgeException e = assertThrows(EventBridgeException.class, call::run);
        assertEquals(e.awsErrorDetails().errorMessage(), "ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        return e.awsErrorDetails().errorMessage();
    }
}
