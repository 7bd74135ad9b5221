package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.api.RequestAuthenticator;
import io.stratus.aws.api.RequestAuthorizer;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.monitoring.impl.metrics.CloudWatchApi;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/**
 * What each CloudWatch operation asks IAM for, in both protocols: through the front door with the
 * SDK for Java v2 (Smithy RPC v2 CBOR), an authenticated user and an authorizer that allows only
 * what it is told, and as JSON 1.0 requests (the aws CLI's form).
 */
public class CloudWatchAccessTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final TestClock clock = new TestClock(java.time.Instant.parse("2026-11-26T10:30:00Z"));
    private final List<AccessRequest> asked = new CopyOnWriteArrayList<>();
    private volatile Set<String> allowed = Set.of();
    private MonitoringCore core;
    private CloudWatchApi api;
    private Endpoint endpoint;
    private CloudWatchClient cloudWatch;

    @Before
    public void start() throws Exception {
        core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        api = new CloudWatchApi(core.metrics(), () -> clock);
        endpoint = new Endpoint();
        endpoint.add(api, AwsService.SERVICE, "monitoring", AwsService.PROTOCOL, "json-1.0",
                AwsService.TARGET_PREFIX, CloudWatchApi.TARGET_PREFIX,
                AwsService.PATH_PREFIX, "/service/" + CloudWatchApi.TARGET_PREFIX + "/");
        AwsPrincipal bob = new AwsPrincipal("000000000000", "arn:aws:iam::000000000000:user/bob", "AIDABOB", "test");
        RequestAuthenticator authenticator = (request, service) -> bob;
        // allows "action" or "action@namespace" entries of the allowed set
        RequestAuthorizer authorizer = (principal, access, request) -> {
            asked.add(access);
            List<String> namespace = access.conditions().get("cloudwatch:namespace");
            String key = namespace == null ? access.action() : access.action() + "@" + namespace.get(0);
            return allowed.contains(key) ? RequestAuthorizer.Decision.allow("allowed")
                    : RequestAuthorizer.Decision.deny("no statement allows " + key);
        };
        set("authenticator", authenticator);
        set("authorizer", authorizer);
        cloudWatch = CloudWatchClient.builder().endpointOverride(endpoint.uri).region(Region.US_EAST_1)
                .credentialsProvider(Endpoint.CREDENTIALS).build();
    }

    private void set(String field, Object value) throws Exception {
        Field f = endpoint.frontDoor.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(endpoint.frontDoor, value);
    }

    @After
    public void stop() throws Exception {
        cloudWatch.close();
        endpoint.close();
        core.close();
    }

    private void put(String namespace) {
        cloudWatch.putMetricData(b -> b.namespace(namespace).metricData(d -> d.metricName("Orders").value(1.0)
                .timestamp(clock.instant())));
    }

    @Test
    public void readingOperationsActOnEverything() {
        allowed = Set.of("cloudwatch:ListMetrics");
        cloudWatch.listMetrics(b -> b.namespace("AWS/Lambda"));
        assertEquals(List.of(new AccessRequest("cloudwatch:ListMetrics", "*")), asked);

        CloudWatchException denied = assertThrows(CloudWatchException.class, () -> cloudWatch.getMetricStatistics(b -> b
                .namespace("AWS/Lambda").metricName("Invocations").startTime(clock.instant().minusSeconds(3600))
                .endTime(clock.instant()).period(60).statistics(Statistic.SUM)));
        assertEquals(403, denied.statusCode());
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode()); // the query-protocol code, as AWS's CloudWatch
        assertTrue(denied.getMessage(), denied.getMessage().contains("cloudwatch:GetMetricStatistics"));
    }

    @Test
    public void putMetricDataIsAuthorizedForItsNamespace() {
        allowed = Set.of("cloudwatch:PutMetricData@Shop", "cloudwatch:ListMetrics");
        put("Shop");
        assertEquals(new AccessRequest("cloudwatch:PutMetricData", "*", Map.of("cloudwatch:namespace", List.of("Shop"))),
                asked.get(0));

        CloudWatchException denied = assertThrows(CloudWatchException.class, () -> put("Billing"));
        assertEquals(403, denied.statusCode());
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode()); // the query-protocol code, as AWS's CloudWatch
        List<String> namespaces = cloudWatch.listMetrics(b -> b.metricName("Orders")).metrics().stream()
                .map(Metric::namespace).toList();
        assertEquals("the denied datum was not recorded", List.of("Shop"), namespaces);
    }

    @Test
    public void theJsonFormStatesTheSameAccesses() throws Exception {
        assertEquals(List.of(new AccessRequest("cloudwatch:GetMetricData", "*")),
                api.access(AccessTestRequest.json("GetMetricData", "{}")));
        assertEquals(List.of(new AccessRequest("cloudwatch:PutMetricData", "*",
                Map.of("cloudwatch:namespace", List.of("Shop")))), api.access(AccessTestRequest.json("PutMetricData",
                        "{\"Namespace\":\"Shop\",\"MetricData\":[{\"MetricName\":\"Orders\",\"Value\":1}]}")));
    }

    @Test
    public void badRequestsAreAnsweredAsTheOperationWouldAnswerThem() {
        assertEquals("MissingParameter", assertThrows(AwsException.class,
                () -> api.access(AccessTestRequest.json("PutMetricData", "{}"))).code());
        assertEquals("SerializationException", assertThrows(AwsException.class,
                () -> api.access(AccessTestRequest.json("PutMetricData", "{\"Namespace\":"))).code());
        assertEquals("UnknownOperationException", assertThrows(AwsException.class,
                () -> api.access(AccessTestRequest.json("PutDashboard", "{}"))).code());
    }
}
