package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

/**
 * EventBridge, CloudWatch Logs and CloudWatch under IAM: a user without a policy is denied, a user
 * allowed one operation on one resource may do that and nothing else, the root may do everything;
 * unsigned, wrongly signed and skewed requests are refused in each service's own shape; a function
 * with the default role writes its own log group from inside and is denied another function's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EventsAndMonitoringAuthorizationIT extends IamItSupport {

    private EventBridgeClient rootEvents;
    private CloudWatchLogsClient rootLogs;
    private CloudWatchClient rootCloudWatch;

    @Before
    public void rootClients() {
        StaticCredentialsProvider root = StaticCredentialsProvider.create(rootCredentials());
        rootEvents = events(root);
        rootLogs = logs(root);
        rootCloudWatch = cloudWatch(root);
    }

    @After
    public void closeRootClients() {
        rootEvents.close();
        rootLogs.close();
        rootCloudWatch.close();
    }

    private EventBridgeClient events(AwsCredentialsProvider credentials) {
        return EventBridgeClient.builder().endpointOverride(awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private CloudWatchLogsClient logs(AwsCredentialsProvider credentials) {
        return CloudWatchLogsClient.builder().endpointOverride(awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private CloudWatchClient cloudWatch(AwsCredentialsProvider credentials) {
        return CloudWatchClient.builder().endpointOverride(awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A new user with one access key and, unless null, one inline policy. */
    private StaticCredentialsProvider user(String name, String policy) {
        try (IamClient iam = rootIam()) {
            iam.createUser(b -> b.userName(name));
            if (policy != null) {
                iam.putUserPolicy(b -> b.userName(name).policyName("only").policyDocument(policy));
            }
            AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        }
    }

    private static String allow(String action, String resource, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"" + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
    }

    private static void denied(Runnable call) {
        deniedAs("AccessDeniedException", call);
    }

    private static void deniedAs(String code, Runnable call) {
        assertAwsError(code, 403, assertThrows(AwsServiceException.class, call::run));
    }

    private static String ruleArn(String name) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name;
    }

    private static String groupArn(String group) {
        return "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + group;
    }

    private void createGroup(String group) {
        try {
            rootLogs.createLogGroup(b -> b.logGroupName(group));
        } catch (ResourceAlreadyExistsException exists) {
            // created by an earlier invocation's log lines
        }
    }

    // ---- users and policies

    @Test
    public void aUserWithoutAPolicyIsDeniedEverywhere() {
        StaticCredentialsProvider nobody = user("nobody", null);
        rootEvents.putRule(b -> b.name("nobodys").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        createGroup("/nobody/group");
        try (EventBridgeClient events = events(nobody); CloudWatchLogsClient logs = logs(nobody);
                CloudWatchClient cloudWatch = cloudWatch(nobody)) {
            denied(() -> events.listRules(b -> { }));
            denied(() -> events.describeRule(b -> b.name("nobodys")));
            denied(() -> events.putRule(b -> b.name("mine").scheduleExpression("rate(1 day)")));
            denied(() -> logs.describeLogGroups());
            denied(() -> logs.createLogGroup(b -> b.logGroupName("/nobody/mine")));
            denied(() -> logs.putLogEvents(b -> b.logGroupName("/nobody/group").logStreamName("s")
                    .logEvents(e -> e.timestamp(System.currentTimeMillis()).message("no"))));
            // CloudWatch is query-compatible: the SDK reads the query protocol's code, AccessDenied
            deniedAs("AccessDenied", () -> cloudWatch.listMetrics());
            deniedAs("AccessDenied", () -> cloudWatch.putMetricData(b -> b.namespace("Nobody")
                    .metricData(d -> d.metricName("m").value(1.0))));
        }
        // nothing was changed by the denied calls
        assertThrows(AwsServiceException.class, () -> rootEvents.describeRule(b -> b.name("mine")));
        assertTrue(rootLogs.describeLogGroups(b -> b.logGroupNamePrefix("/nobody/mine")).logGroups().isEmpty());
        assertTrue(rootCloudWatch.listMetrics(b -> b.namespace("Nobody")).metrics().isEmpty());
    }

    @Test
    public void anEventBridgeUserMayDescribeExactlyTheOneRuleItsPolicyNames() {
        rootEvents.putRule(b -> b.name("visible").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        rootEvents.putRule(b -> b.name("hidden").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        StaticCredentialsProvider reader = user("rule-reader", allow("events:DescribeRule", ruleArn("visible"), null));
        try (EventBridgeClient events = events(reader)) {
            assertEquals(ruleArn("visible"), events.describeRule(b -> b.name("visible")).arn());
            denied(() -> events.describeRule(b -> b.name("hidden")));
            denied(() -> events.listRules(b -> { }));
            denied(() -> events.disableRule(b -> b.name("visible")));
            denied(() -> events.deleteRule(b -> b.name("visible")));
            denied(() -> events.listTargetsByRule(b -> b.rule("visible")));
        }
        assertEquals(RuleState.DISABLED, rootEvents.describeRule(b -> b.name("visible")).state());
    }

    @Test
    public void aLogsUserMayWriteExactlyTheOneStreamItsPolicyNames() {
        createGroup("/app/orders");
        createGroup("/app/payments");
        rootLogs.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("web"));
        rootLogs.createLogStream(b -> b.logGroupName("/app/orders").logStreamName("batch"));
        rootLogs.createLogStream(b -> b.logGroupName("/app/payments").logStreamName("web"));
        StaticCredentialsProvider writer = user("orders-writer",
                allow("logs:PutLogEvents", groupArn("/app/orders") + ":log-stream:web", null));
        long now = System.currentTimeMillis();
        try (CloudWatchLogsClient logs = logs(writer)) {
            logs.putLogEvents(b -> b.logGroupName("/app/orders").logStreamName("web")
                    .logEvents(e -> e.timestamp(now).message("order 1")));
            denied(() -> logs.putLogEvents(b -> b.logGroupName("/app/orders").logStreamName("batch")
                    .logEvents(e -> e.timestamp(now).message("order 2"))));
            denied(() -> logs.putLogEvents(b -> b.logGroupName("/app/payments").logStreamName("web")
                    .logEvents(e -> e.timestamp(now).message("payment 1"))));
            denied(() -> logs.getLogEvents(b -> b.logGroupName("/app/orders").logStreamName("web")));
            denied(() -> logs.filterLogEvents(b -> b.logGroupName("/app/orders")));
            denied(() -> logs.deleteLogGroup(b -> b.logGroupName("/app/orders")));
        }
        assertEquals(List.of("order 1"), messages("/app/orders", "web"));
        assertEquals(List.of(), messages("/app/orders", "batch"));
        assertEquals(List.of(), messages("/app/payments", "web"));
    }

    private List<String> messages(String group, String stream) {
        return rootLogs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(true)).events()
                .stream().map(OutputLogEvent::message).toList();
    }

    @Test
    public void aMetricsUserMayPutDataInExactlyTheOneNamespaceItsPolicyNames() throws Exception {
        StaticCredentialsProvider publisher = user("shop-publisher", allow("cloudwatch:PutMetricData", "*",
                "{\"StringEquals\":{\"cloudwatch:namespace\":\"Shop\"}}"));
        try (CloudWatchClient cloudWatch = cloudWatch(publisher)) {
            cloudWatch.putMetricData(b -> b.namespace("Shop").metricData(d -> d.metricName("Orders").value(3.0)));
            deniedAs("AccessDenied", () -> cloudWatch.putMetricData(b -> b.namespace("Warehouse")
                    .metricData(d -> d.metricName("Orders").value(5.0))));
            deniedAs("AccessDenied", () -> cloudWatch.listMetrics(b -> b.namespace("Shop")));
            deniedAs("AccessDenied", () -> cloudWatch.getMetricStatistics(b -> b.namespace("Shop").metricName("Orders")
                    .startTime(Instant.now().minusSeconds(3600)).endTime(Instant.now()).period(60)
                    .statistics(Statistic.SUM)));
        }
        // the aws CLI's JSON 1.0 form is authorized the same way
        AwsCredentials keys = publisher.resolveCredentials();
        Answer allowed = send(cloudWatchJson("PutMetricData",
                "{\"Namespace\":\"Shop\",\"MetricData\":[{\"MetricName\":\"Refunds\",\"Value\":1}]}"), keys, Clock.systemUTC());
        assertEquals(allowed.body(), 200, allowed.status());
        Answer refused = send(cloudWatchJson("PutMetricData",
                "{\"Namespace\":\"Warehouse\",\"MetricData\":[{\"MetricName\":\"Refunds\",\"Value\":1}]}"), keys, Clock.systemUTC());
        assertEquals(refused.body(), 403, refused.status());
        assertTrue(refused.body(), refused.body().contains("\"__type\":\"AccessDeniedException\""));

        List<String> names = rootCloudWatch.listMetrics(b -> b.namespace("Shop")).metrics().stream()
                .map(Metric::metricName).sorted().toList();
        assertEquals(List.of("Orders", "Refunds"), names);
        assertTrue(rootCloudWatch.listMetrics(b -> b.namespace("Warehouse")).metrics().isEmpty());
    }

    @Test
    public void theRootMayDoEverything() throws Exception {
        deployTestFunctions("log-writer");
        String target = arn("log-writer");
        rootEvents.putRule(b -> b.name("root-rule").scheduleExpression("rate(1 day)").state(RuleState.DISABLED));
        rootEvents.putTargets(b -> b.rule("root-rule").targets(t -> t.id("t").arn(target)));
        assertEquals(List.of("root-rule"), rootEvents.listRuleNamesByTarget(b -> b.targetArn(target)).ruleNames());
        assertEquals(1, rootEvents.listTargetsByRule(b -> b.rule("root-rule")).targets().size());
        rootEvents.enableRule(b -> b.name("root-rule"));
        rootEvents.disableRule(b -> b.name("root-rule"));
        assertTrue(rootEvents.listRules(b -> b.namePrefix("root-")).rules().stream().anyMatch(r -> r.name().equals("root-rule")));
        rootEvents.removeTargets(b -> b.rule("root-rule").ids("t"));
        rootEvents.deleteRule(b -> b.name("root-rule"));

        rootLogs.createLogGroup(b -> b.logGroupName("/root/group"));
        rootLogs.putRetentionPolicy(b -> b.logGroupName("/root/group").retentionInDays(7));
        rootLogs.createLogStream(b -> b.logGroupName("/root/group").logStreamName("s"));
        rootLogs.putLogEvents(b -> b.logGroupName("/root/group").logStreamName("s")
                .logEvents(e -> e.timestamp(System.currentTimeMillis()).message("root was here")));
        assertEquals(List.of("root was here"), messages("/root/group", "s"));
        assertEquals(1, rootLogs.filterLogEvents(b -> b.logGroupName("/root/group").filterPattern("root")).events().size());
        assertEquals(1, rootLogs.describeLogStreams(b -> b.logGroupName("/root/group")).logStreams().size());
        assertEquals(7, (int) rootLogs.describeLogGroups(b -> b.logGroupNamePrefix("/root/")).logGroups().get(0).retentionInDays());
        rootLogs.deleteLogGroup(b -> b.logGroupName("/root/group"));

        Instant now = Instant.now();
        rootCloudWatch.putMetricData(b -> b.namespace("RootApp").metricData(d -> d.metricName("Ticks").value(2.0).timestamp(now)));
        assertEquals(1, rootCloudWatch.listMetrics(b -> b.namespace("RootApp")).metrics().size());
        assertEquals(2.0, rootCloudWatch.getMetricStatistics(b -> b.namespace("RootApp").metricName("Ticks")
                .startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60)).period(3600).statistics(Statistic.SUM))
                .datapoints().get(0).sum(), 0.0);
        assertEquals(1, rootCloudWatch.getMetricData(b -> b.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60))
                .metricDataQueries(q -> q.id("t").metricStat(s -> s.period(60).stat("Sum")
                        .metric(m -> m.namespace("RootApp").metricName("Ticks"))))).metricDataResults().size());
    }

    // ---- authentication, in each service's own shape

    /** An unsent request: method POST, path, headers and body. */
    record Call(String service, String path, Map<String, String> headers, byte[] body, boolean cbor) {
    }

    private static Call json(String service, String version, String target, String body) {
        return new Call(service, "/", Map.of("Content-Type", "application/x-amz-json-" + version, "X-Amz-Target", target),
                body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Call cloudWatchJson(String operation, String body) {
        return json("monitoring", "1.0", "GraniteServiceVersion20100801." + operation, body);
    }

    private static final Call EVENTS = json("events", "1.1", "AWSEvents.ListRules", "{}");
    private static final Call LOGS = json("logs", "1.1", "Logs_20140328.DescribeLogGroups", "{}");
    private static final Call CLOUDWATCH_JSON = cloudWatchJson("ListMetrics", "{}");
    private static final Call CLOUDWATCH_CBOR = new Call("monitoring", "/service/GraniteServiceVersion20100801/operation/ListMetrics",
            Map.of("Content-Type", "application/cbor", "Accept", "application/cbor", "smithy-protocol", "rpc-v2-cbor"),
            new byte[] {(byte) 0xA0}, true);
    private static final Call[] ALL = {EVENTS, LOGS, CLOUDWATCH_JSON, CLOUDWATCH_CBOR};

    /** Status, content type and body (CBOR read as Latin-1, so its strings show). */
    record Answer(int status, String contentType, String body) {
    }

    private Answer send(Call call, AwsCredentials credentials, Clock clock) throws IOException {
        URI uri = awsEndpoint().resolve(call.path());
        SdkHttpRequest request = credentials == null
                ? SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri).applyMutation(b -> call.headers().forEach(b::putHeader)).build()
                : Signing.sign("POST", uri, call.headers(), call.body(), credentials, call.service(), REGION, clock, null);
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(20_000);
        connection.setRequestMethod("POST");
        request.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                connection.setRequestProperty(name, String.join(",", values));
            }
        });
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(call.body());
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return new Answer(status, connection.getContentType(),
                    in == null ? "" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }

    private static void assertRefused(Call call, String what, String code, Answer answer) {
        assertRefused(call, what, 403, code, answer);
    }

    private static void assertRefused(Call call, String what, int status, String code, Answer answer) {
        String label = call.service() + " " + call.path() + " " + what + ": " + answer;
        assertEquals(label, status, answer.status());
        assertTrue(label, answer.body().contains(code));
        if (call.cbor()) {
            assertEquals(label, "application/cbor", answer.contentType());
        } else {
            assertTrue(label, answer.contentType().startsWith(call.headers().get("Content-Type")));
            assertTrue(label, answer.body().contains("\"__type\""));
        }
    }

    @Test
    public void properlySignedRequestsAreServed() throws Exception {
        for (Call call : ALL) {
            Answer answer = send(call, rootCredentials(), Clock.systemUTC());
            assertEquals(call.service() + " " + call.path() + ": " + answer, 200, answer.status());
        }
    }

    @Test
    public void unsignedRequestsAreRefused() throws Exception {
        for (Call call : ALL) {
            assertRefused(call, "unsigned", "MissingAuthenticationToken", send(call, null, Clock.systemUTC()));
        }
    }

    @Test
    public void wronglySignedRequestsAreRefused() throws Exception {
        AwsCredentials root = rootCredentials();
        AwsCredentials wrong = AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey() + "x");
        for (Call call : ALL) {
            // CloudWatch names it as its query protocol does; the JSON 1.1 services as AWS's JSON services do
            if (call.service().equals("monitoring")) {
                assertRefused(call, "wrong secret", "SignatureDoesNotMatch", send(call, wrong, Clock.systemUTC()));
            } else {
                assertRefused(call, "wrong secret", 400, "InvalidSignatureException", send(call, wrong, Clock.systemUTC()));
            }
        }
    }

    @Test
    public void skewedRequestsAreRefused() throws Exception {
        for (Duration skew : new Duration[] {Duration.ofMinutes(20), Duration.ofMinutes(-20)}) {
            Clock skewed = Clock.fixed(Instant.now().plus(skew), ZoneOffset.UTC);
            for (Call call : ALL) {
                assertRefused(call, "skewed " + skew, "RequestTimeTooSkewed", send(call, rootCredentials(), skewed));
            }
        }
    }

    // ---- a function with the default role

    @Test
    public void aFunctionWithTheDefaultRoleWritesItsOwnLogsFromInsideAndNoOtherFunctions() throws Exception {
        deployTestFunctions("log-writer", "env-b");
        JsonObject own = JsonParser.parseString(text(invoke("log-writer",
                "{\"stream\":\"from-inside\",\"message\":\"written with the function's role\"}"))).getAsJsonObject();
        String createGroup = own.get("CreateLogGroup").getAsString();
        assertTrue(own.toString(), createGroup.startsWith("200 ") || createGroup.contains("ResourceAlreadyExistsException"));
        assertTrue(own.toString(), own.get("CreateLogStream").getAsString().startsWith("200 "));
        assertTrue(own.toString(), own.get("PutLogEvents").getAsString().startsWith("200 "));
        assertEquals(List.of("written with the function's role"), messages("/aws/lambda/log-writer", "from-inside"));

        createGroup("/aws/lambda/env-b");
        JsonObject other = JsonParser.parseString(text(invoke("log-writer",
                "{\"group\":\"/aws/lambda/env-b\",\"stream\":\"intruder\",\"message\":\"not mine\"}"))).getAsJsonObject();
        for (String operation : List.of("CreateLogGroup", "CreateLogStream", "PutLogEvents")) {
            String answer = other.get(operation).getAsString();
            assertTrue(other.toString(), answer.startsWith("403 ") && answer.contains("AccessDeniedException"));
        }
        assertFalse(rootLogs.describeLogStreams(b -> b.logGroupName("/aws/lambda/env-b")).logStreams().stream()
                .anyMatch(s -> s.logStreamName().equals("intruder")));
    }
}
