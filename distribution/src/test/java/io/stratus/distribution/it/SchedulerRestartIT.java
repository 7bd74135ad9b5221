package io.stratus.distribution.it;

import static io.stratus.distribution.it.RuntimeItSupport.awaitActive;
import static io.stratus.distribution.it.RuntimeItSupport.awaitTrue;
import static io.stratus.distribution.it.RuntimeItSupport.lines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.google.gson.JsonPrimitive;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Rules and their targets outlive the platform being killed ({@code kill -9}) and fire again after
 * the restart, on the real clock: a {@code rate(1 minute)} rule runs its function within a minute of
 * the platform coming back.
 */
public class SchedulerRestartIT {

    private static final Duration READY = Duration.ofSeconds(60);
    /* a rate(1 minute) rule fires within a minute of the restart; the rest is slack for a loaded machine */
    private static final Duration TICK = Duration.ofSeconds(100);

    @Test
    public void rulesSurviveAKillAndFireAfterTheRestart() throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        Path directory = Files.createTempDirectory(work, "SchedulerRestartIT-");
        Path file = directory.resolve("ticks.log");
        String input = "{\"file\":" + new JsonPrimitive(file.toString()) + "}";

        StratusProcess first = StratusProcess.start(directory, Map.of());
        String arn;
        try {
            first.awaitBanner(READY);
            try (EventBridgeClient events = events(first)) {
                arn = events.putRule(b -> b.name("every-minute").scheduleExpression("rate(1 minute)")
                        .description("kept across restarts")).ruleArn();
                events.putTargets(b -> b.rule("every-minute").targets(Target.builder().id("count")
                        .arn("arn:aws:lambda:us-east-1:000000000000:function:counter").input(input).build()));
                events.putRule(b -> b.name("paused").scheduleExpression("cron(0 12 ? * MON-FRI *)")
                        .state(RuleState.DISABLED));
            }
        } finally {
            first.kill();
        }
        assertTrue(Files.isRegularFile(directory.resolve("data/scheduler/rules/every-minute.json")));

        try (StratusProcess second = first.restart(Map.of())) {
            second.awaitBanner(READY);
            RuntimeItSupport.dropTestFunctions(directory.resolve("deploy"));
            try (EventBridgeClient events = events(second); LambdaClient lambda = RuntimeItSupport.lambdaClient(
                    URI.create("http://127.0.0.1:" + second.awsPort()), "us-east-1",
                    directory.resolve("data/credentials"))) {
                DescribeRuleResponse rule = events.describeRule(b -> b.name("every-minute"));
                assertEquals(arn, rule.arn());
                assertEquals("rate(1 minute)", rule.scheduleExpression());
                assertEquals(RuleState.ENABLED, rule.state());
                assertEquals("kept across restarts", rule.description());
                assertEquals(List.of(input), events.listTargetsByRule(b -> b.rule("every-minute")).targets().stream()
                        .map(Target::input).toList());
                assertEquals(RuleState.DISABLED, events.describeRule(b -> b.name("paused")).state());
                assertEquals(List.of("every-minute", "paused"),
                        events.listRules(b -> b.limit(10)).rules().stream().map(r -> r.name()).toList());

                awaitActive(lambda, "counter");
                // the function is deployed now: it lets EventBridge invoke it for this rule, as on AWS
                lambda.addPermission(b -> b.functionName("counter").statementId("every-minute")
                        .action("lambda:InvokeFunction").principal("events.amazonaws.com").sourceArn(arn));
                awaitTrue("every-minute to run counter after the restart", TICK, () -> !lines(file).isEmpty());
            }
            assertTrue(second.isAlive());
        }
    }

    private static EventBridgeClient events(StratusProcess stratus) {
        return EventBridgeClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + stratus.awsPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(stratus.workingDirectory().resolve("data/credentials"))
                                .type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default").build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
