package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Monitoring on the assembled platform: what functions do shows up in CloudWatch metrics (exact
 * counts, durations of known sleeps), in their log groups (START, what they print, END, REPORT), in
 * the Prometheus text and in the bill, through the SDK's CloudWatch clients.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MonitoringIT extends LambdaItSupport {

    private static final Duration RECORDED = Duration.ofSeconds(30);
    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\\d+\\.\\d{2}) ms"
            + "\tBilled Duration: (\\d+) ms\tMemory Size: (\\d+) MB\tMax Memory Used: (\\d+) MB"
            + "(\tInit Duration: \\d+\\.\\d{2} ms)?\tCPU Time: \\d+\\.\\d{2} ms\tAllocated: \\d+ bytes"
            + "\tBilled GB-s: [0-9.]+\tCost: [0-9.]+ USD");

    private CloudWatchClient cloudWatch;
    private CloudWatchLogsClient logs;

    @Before
    public void clients() throws Exception {
        deployTestFunctions("sleeper", "printer", "log-apis");
        ProfileCredentialsProvider credentials = ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(Path.of(property("stratus.credentials.file")))
                        .type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("default").build();
        cloudWatch = CloudWatchClient.builder().endpointOverride(awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        logs = CloudWatchLogsClient.builder().endpointOverride(awsEndpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @After
    public void closeClients() {
        cloudWatch.close();
        logs.close();
        lambda.deleteFunctionConcurrency(b -> b.functionName("sleeper"));
    }

    private double statistic(String function, String metric, Statistic statistic) {
        Instant now = Instant.now();
        List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda").metricName(metric)
                .dimensions(Dimension.builder().name("FunctionName").value(function).build())
                .startTime(now.minus(Duration.ofHours(1))).endTime(now.plus(Duration.ofMinutes(1))).period(3900)
                .statistics(statistic)).datapoints();
        if (points.isEmpty()) {
            return statistic == Statistic.MINIMUM ? Double.NaN : 0;
        }
        Datapoint p = points.get(0);
        return switch (statistic) {
            case SUM -> p.sum();
            case MINIMUM -> p.minimum();
            case MAXIMUM -> p.maximum();
            case SAMPLE_COUNT -> p.sampleCount();
            default -> p.average();
        };
    }

    @Test
    public void invocationsErrorsAndThrottlesAreCountedExactlyAndDurationsMatchTheSleeps() throws Exception {
        int sleeps = 3;
        for (int i = 1; i <= sleeps; i++) {
            InvokeResponse ok = invoke("sleeper", "{\"millis\":" + (i * 100) + "}");
            assertNull(text(ok), ok.functionError());
        }
        InvokeResponse timedOut = invoke("sleeper", "{\"millis\":5000}");
        assertEquals("Unhandled", timedOut.functionError());
        lambda.putFunctionConcurrency(b -> b.functionName("sleeper").reservedConcurrentExecutions(0));
        int throttles = 2;
        for (int i = 0; i < throttles; i++) {
            assertThrows(TooManyRequestsException.class, () -> invoke("sleeper", "{\"millis\":0}"));
        }
        lambda.deleteFunctionConcurrency(b -> b.functionName("sleeper"));

        int invocations = sleeps + 1;
        await("the invocations to be counted", RECORDED, () -> statistic("sleeper", "Invocations", Statistic.SUM)
                + statistic("sleeper", "Throttles", Statistic.SUM) == invocations + throttles ? true : null);
        assertEquals(invocations, statistic("sleeper", "Invocations", Statistic.SUM), 0);
        assertEquals("the timeout is an error", 1, statistic("sleeper", "Errors", Statistic.SUM), 0);
        assertEquals(throttles, statistic("sleeper", "Throttles", Statistic.SUM), 0);
        assertEquals(invocations, statistic("sleeper", "Duration", Statistic.SAMPLE_COUNT), 0);
        double fastest = statistic("sleeper", "Duration", Statistic.MINIMUM);
        assertTrue("the 100 ms sleep took " + fastest + " ms", fastest >= 100 && fastest < 100 + 900);
        double slowest = statistic("sleeper", "Duration", Statistic.MAXIMUM);
        assertTrue("the 1 s timeout took " + slowest + " ms", slowest >= 1000 && slowest < 1000 + 2000);
        double sum = statistic("sleeper", "Duration", Statistic.SUM);
        assertTrue("sum " + sum, sum >= 100 + 200 + 300 + 1000 && sum < 1600 + 4 * 900);

        String prometheus = get("/system/metrics").body();
        assertTrue(prometheus, prometheus.contains("stratus_lambda_invocations_total{function=\"sleeper\"} " + invocations + "\n"));
        assertTrue(prometheus, prometheus.contains("stratus_lambda_errors_total{function=\"sleeper\"} 1\n"));
        assertTrue(prometheus, prometheus.contains("stratus_lambda_throttles_total{function=\"sleeper\"} " + throttles + "\n"));

        JsonObject bill = json(get("/system/billing").body());
        JsonObject sleeper = null;
        for (var f : bill.getAsJsonArray("functions")) {
            if (f.getAsJsonObject().get("functionName").getAsString().equals("sleeper")) {
                sleeper = f.getAsJsonObject();
            }
        }
        assertEquals("throttled requests are not billed", invocations, sleeper.get("requests").getAsLong());
        assertEquals("within the free tier", "0", bill.get("total").getAsString());
    }

    @Test
    public void theLogGroupHoldsStartWhatTheFunctionPrintedEndAndTheReport() throws Exception {
        InvokeResponse response = invoke("printer", "{\"text\":\"marker-42\"}");
        String requestId = requestId(response);
        List<String> lines = await("the invocation's log", RECORDED, () -> {
            List<String> found = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/printer")
                    .filterPattern("\"" + requestId + "\"")).events().stream().map(FilteredLogEvent::message).toList();
            return found.size() >= 3 ? found : null;
        });
        List<String> all = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/printer")).events().stream()
                .map(FilteredLogEvent::message).toList();
        int start = all.indexOf("START RequestId: " + requestId + " Version: $LATEST");
        assertTrue(all.toString(), start >= 0);
        assertEquals(List.of("logger marker-42", "stdout marker-42", "stderr marker-42"), all.subList(start + 1, start + 4));
        assertTrue(all.get(start + 4), all.get(start + 4).contains("jul marker-42"));
        assertEquals("END RequestId: " + requestId, all.get(start + 5));
        Matcher report = REPORT.matcher(all.get(start + 6));
        assertTrue(all.get(start + 6), report.matches());
        assertEquals(requestId, report.group(1));
        assertEquals("128", report.group(4));
        assertTrue(lines.get(lines.size() - 1).startsWith("REPORT"));
        String stream = logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/printer")).logStreams().get(0)
                .logStreamName();
        assertTrue(stream, stream.matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\].+"));
    }

    @Test
    public void whatAFunctionLogsThroughTheOsgiLogServiceSlf4jAndJulIsInItsInvocationsLog() throws Exception {
        InvokeResponse other = invoke("log-apis", "{\"text\":\"first-7\"}");
        InvokeResponse response = invoke("log-apis", "{\"text\":\"second-8\"}");
        assertNull(text(response), response.functionError());
        String requestId = requestId(response);
        List<String> all = await("the invocation's log", RECORDED, () -> {
            List<String> found = logs.filterLogEvents(r -> r.logGroupName("/aws/lambda/log-apis")).events().stream()
                    .map(FilteredLogEvent::message).toList();
            return found.stream().anyMatch(line -> line.startsWith("REPORT RequestId: " + requestId)) ? found : null;
        });
        int start = all.indexOf("START RequestId: " + requestId + " Version: $LATEST");
        int end = all.indexOf("END RequestId: " + requestId);
        assertTrue(all.toString(), start >= 0 && end > start);
        List<String> invocation = all.subList(start + 1, end);
        assertEquals(invocation.toString(), 4, invocation.size());
        assertEquals("[INFO] osgi second-8", invocation.get(0));
        assertEquals("[WARN] osgi-printf second-8", invocation.get(1));
        assertTrue(invocation.get(2), invocation.get(2).contains("slf4j second-8"));
        assertTrue(invocation.get(3), invocation.get(3).contains("jul second-8"));
        // the other request's lines stay in its own START..END
        String otherId = requestId(other);
        int otherStart = all.indexOf("START RequestId: " + otherId + " Version: $LATEST");
        assertTrue(all.toString(), otherStart >= 0);
        assertEquals("[INFO] osgi first-7", all.get(otherStart + 1));
        assertEquals(1, all.stream().filter("[INFO] osgi second-8"::equals).count());
    }

    @Test
    public void theLogTailsReportLineIsTheStoredOneWithOurFigures() throws Exception {
        InvokeResponse response = invoke("printer", "{\"text\":\"tail-9\"}");
        String requestId = requestId(response);
        List<String> tail = logTail(response).lines().toList();
        String tailReport = tail.get(tail.size() - 1);
        Matcher matcher = REPORT.matcher(tailReport);
        assertTrue(tailReport, matcher.matches());
        assertEquals(requestId, matcher.group(1));
        String stored = await("the stored REPORT line", RECORDED, () -> logs.filterLogEvents(r -> r
                .logGroupName("/aws/lambda/printer").filterPattern("\"REPORT RequestId: " + requestId + "\""))
                .events().stream().map(FilteredLogEvent::message).findFirst().orElse(null));
        assertEquals(stored, tailReport);
    }
}
