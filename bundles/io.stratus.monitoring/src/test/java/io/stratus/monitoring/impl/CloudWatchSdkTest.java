package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.aws.api.AwsService;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.monitoring.impl.metrics.CloudWatchApi;
import io.stratus.runtime.api.InvocationRecord.Outcome;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.ListMetricsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The SDK for Java v2's CloudWatchClient (Smithy RPC v2 CBOR) against the front door and the
 * CloudWatch API: what the SDK sends is routed and understood, and what we answer it can read.
 */
public class CloudWatchSdkTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");
    private final TestClock clock = new TestClock(NOW);
    private MonitoringCore core;
    private Endpoint endpoint;
    private CloudWatchClient cloudWatch;
    private final List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Before
    public void start() throws Exception {
        core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        endpoint = new Endpoint();
        CloudWatchApi api = new CloudWatchApi(core.metrics(), () -> clock);
        endpoint.add((request, response) -> {
            paths.add(request.path() + " " + request.header("Content-Type"));
            api.handle(request, response);
        }, AwsService.SERVICE, "monitoring",
                AwsService.PROTOCOL, "json-1.0", AwsService.TARGET_PREFIX, CloudWatchApi.TARGET_PREFIX);
        cloudWatch = CloudWatchClient.builder().endpointOverride(endpoint.uri).region(Region.US_EAST_1)
                .credentialsProvider(Endpoint.CREDENTIALS).build();
    }

    @After
    public void stop() throws Exception {
        cloudWatch.close();
        endpoint.close();
    }

    private void invocations(String function, int count, Outcome outcome, long durationNanos) {
        for (int i = 0; i < count; i++) {
            core.record(Records.of(function, "r-" + outcome + i, NOW.minusSeconds(600).plusMillis(i), durationNanos, 128,
                    outcome));
        }
    }

    private double sum(String function, String metric) {
        GetMetricStatisticsResponse response = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda")
                .metricName(metric).dimensions(Dimension.builder().name("FunctionName").value(function).build())
                .startTime(NOW.minus(Duration.ofHours(1))).endTime(NOW).period(3600).statistics(Statistic.SUM));
        return response.datapoints().stream().mapToDouble(Datapoint::sum).sum();
    }

    @Test
    public void deadLetterErrorsAreCountedForTheirFunctionOnly() {
        core.deadLetterError("hello", NOW.minusSeconds(300));
        core.deadLetterError("hello", NOW.minusSeconds(200));
        invocations("other", 1, Outcome.ERROR, 1_000_000);
        assertEquals(2.0, sum("hello", "DeadLetterErrors"), 0.0);
        assertEquals(0.0, sum("other", "DeadLetterErrors"), 0.0);
    }

    @Test
    public void metricsAfterInvocationsErrorsAndThrottlesAreExactlyTheirCounts() {
        invocations("hello", 7, Outcome.SUCCESS, 2_000_000);
        invocations("hello", 3, Outcome.ERROR, 2_000_000);
        invocations("hello", 2, Outcome.TIMEOUT, 3_000_000_000L);
        invocations("hello", 4, Outcome.THROTTLED, 0);
        invocations("other", 5, Outcome.SUCCESS, 1_000_000);
        assertEquals("Invocations exclude throttles", 12.0, sum("hello", "Invocations"), 0);
        assertEquals("Errors include timeouts", 5.0, sum("hello", "Errors"), 0);
        assertEquals(4.0, sum("hello", "Throttles"), 0);
        assertEquals(5.0, sum("other", "Invocations"), 0);
        assertEquals(0.0, sum("other", "Errors"), 0);
        GetMetricStatisticsResponse account = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda")
                .metricName("Invocations").startTime(NOW.minus(Duration.ofHours(1))).endTime(NOW).period(3600)
                .statistics(Statistic.SUM, Statistic.SAMPLE_COUNT));
        assertEquals(17.0, account.datapoints().get(0).sum(), 0);
        assertEquals("the SDK speaks Smithy RPC v2 CBOR", "/service/GraniteServiceVersion20100801/operation/"
                + "GetMetricStatistics application/cbor", paths.get(0));
    }

    @Test
    public void durationStatisticsAndPercentilesComeBackPerPeriod() {
        for (int i = 1; i <= 100; i++) {
            core.record(Records.of("hello", "r" + i, NOW.minusSeconds(120), i * 1_000_000L, 128, Outcome.SUCCESS));
        }
        GetMetricStatisticsResponse response = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda")
                .metricName("Duration").dimensions(Dimension.builder().name("FunctionName").value("hello").build())
                .startTime(NOW.minus(Duration.ofMinutes(5))).endTime(NOW).period(60)
                .statistics(Statistic.MINIMUM, Statistic.MAXIMUM, Statistic.AVERAGE, Statistic.SAMPLE_COUNT));
        assertEquals(1, response.datapoints().size());
        Datapoint point = response.datapoints().get(0);
        assertEquals(NOW.minusSeconds(120), point.timestamp());
        assertEquals(1.0, point.minimum(), 1e-9);
        assertEquals(100.0, point.maximum(), 1e-9);
        assertEquals(50.5, point.average(), 1e-9);
        assertEquals(100.0, point.sampleCount(), 0);
        assertEquals(StandardUnit.MILLISECONDS, point.unit());
        GetMetricStatisticsResponse percentiles = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda")
                .metricName("Duration").dimensions(Dimension.builder().name("FunctionName").value("hello").build())
                .startTime(NOW.minus(Duration.ofMinutes(5))).endTime(NOW).period(300).extendedStatistics("p50", "p99"));
        assertEquals(50.0, percentiles.datapoints().get(0).extendedStatistics().get("p50"), 0.5);
        assertEquals(99.0, percentiles.datapoints().get(0).extendedStatistics().get("p99"), 0.5);
    }

    @Test
    public void getMetricDataAnswersEachQueryNewestFirst() {
        core.record(Records.of("hello", "a", NOW.minusSeconds(300), 5_000_000, 128, Outcome.SUCCESS));
        core.record(Records.of("hello", "b", NOW.minusSeconds(120), 5_000_000, 128, Outcome.SUCCESS));
        core.record(Records.of("hello", "c", NOW.minusSeconds(110), 5_000_000, 128, Outcome.ERROR));
        GetMetricDataResponse response = cloudWatch.getMetricData(r -> r.startTime(NOW.minus(Duration.ofMinutes(10)))
                .endTime(NOW).metricDataQueries(query("inv", "Invocations", "Sum"), query("err", "Errors", "Sum")));
        assertEquals(2, response.metricDataResults().size());
        assertEquals("inv", response.metricDataResults().get(0).id());
        assertEquals(List.of(NOW.minusSeconds(120), NOW.minusSeconds(300)), response.metricDataResults().get(0).timestamps());
        assertEquals(List.of(2.0, 1.0), response.metricDataResults().get(0).values());
        assertEquals(List.of(1.0, 0.0), response.metricDataResults().get(1).values());
    }

    private static MetricDataQuery query(String id, String metric, String stat) {
        return MetricDataQuery.builder().id(id).metricStat(s -> s.stat(stat).period(60).metric(m -> m
                .namespace("AWS/Lambda").metricName(metric)
                .dimensions(Dimension.builder().name("FunctionName").value("hello").build()))).build();
    }

    @Test
    public void putMetricDataInACustomNamespaceIsListedAndReadBack() {
        cloudWatch.putMetricData(r -> r.namespace("Shop/Orders").metricData(
                d -> d.metricName("Placed").value(3.0).unit(StandardUnit.COUNT).timestamp(NOW.minusSeconds(30))
                        .dimensions(Dimension.builder().name("Store").value("north").build()),
                d -> d.metricName("Placed").values(1.0, 2.0).counts(2.0, 1.0).timestamp(NOW.minusSeconds(30))
                        .dimensions(Dimension.builder().name("Store").value("north").build())));
        ListMetricsResponse listed = cloudWatch.listMetrics(r -> r.namespace("Shop/Orders")
                .dimensions(DimensionFilter.builder().name("Store").build()));
        assertEquals(1, listed.metrics().size());
        assertEquals("Placed", listed.metrics().get(0).metricName());
        GetMetricStatisticsResponse stats = cloudWatch.getMetricStatistics(r -> r.namespace("Shop/Orders")
                .metricName("Placed").dimensions(Dimension.builder().name("Store").value("north").build())
                .startTime(NOW.minusSeconds(600)).endTime(NOW).period(600).statistics(Statistic.SUM, Statistic.SAMPLE_COUNT));
        assertEquals(7.0, stats.datapoints().get(0).sum(), 0);
        assertEquals(4.0, stats.datapoints().get(0).sampleCount(), 0);
    }

    @Test
    public void listMetricsShowsTheLambdaMetricsOfAFunction() {
        invocations("hello", 1, Outcome.SUCCESS, 1_000_000);
        ListMetricsResponse listed = cloudWatch.listMetrics(r -> r.namespace("AWS/Lambda").dimensions(
                DimensionFilter.builder().name("FunctionName").value("hello").build()));
        List<String> names = listed.metrics().stream().map(m -> m.metricName()).sorted().toList();
        assertEquals(List.of("ConcurrentExecutions", "Duration", "Errors", "Invocations"), names);
    }

    @Test
    public void writingIntoAnAwsNamespaceIsRefusedAndChangesNothing() {
        try {
            cloudWatch.putMetricData(r -> r.namespace("AWS/Lambda").metricData(d -> d.metricName("Invocations").value(1.0)));
            fail("accepted");
        } catch (InvalidParameterValueException e) {
            assertEquals(400, e.statusCode());
            assertTrue(e.getMessage(), e.getMessage().contains("Namespace"));
        }
        assertTrue(core.metrics().keys().isEmpty());
    }

    @Test
    public void badRequestsGetCloudWatchErrors() {
        try {
            cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda").metricName("Invocations")
                    .startTime(NOW.minusSeconds(600)).endTime(NOW).period(61).statistics(Statistic.SUM));
            fail("accepted a period of 61 s");
        } catch (InvalidParameterValueException e) {
            assertEquals(400, e.statusCode());
        }
        try {
            cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda").metricName("Invocations")
                    .startTime(NOW).endTime(NOW.minusSeconds(600)).period(60).statistics(Statistic.SUM));
            fail("accepted a start after the end");
        } catch (InvalidParameterValueException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("StartTime"));
        }
        try {
            cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda").metricName("Invocations")
                    .startTime(NOW.minus(Duration.ofDays(2))).endTime(NOW).period(60).statistics(Statistic.SUM));
            fail("accepted 2880 datapoints");
        } catch (CloudWatchException e) {
            assertEquals("InvalidParameterCombination", e.awsErrorDetails().errorCode());
        }
    }
}
