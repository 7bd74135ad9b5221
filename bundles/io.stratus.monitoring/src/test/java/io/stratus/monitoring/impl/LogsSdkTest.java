package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.aws.api.AwsService;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.monitoring.impl.logs.LogsApi;
import io.stratus.runtime.api.InvocationRecord.Outcome;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** The SDK for Java v2's CloudWatchLogsClient (JSON 1.1) against the front door and the Logs API. */
public class LogsSdkTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");
    private final TestClock clock = new TestClock(NOW);
    private MonitoringCore core;
    private Endpoint endpoint;
    private CloudWatchLogsClient logs;

    @Before
    public void start() throws Exception {
        core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        endpoint = new Endpoint();
        endpoint.add(new LogsApi(core.logs(), () -> clock, "us-east-1", "000000000000"), AwsService.SERVICE, "logs",
                AwsService.PROTOCOL, "json-1.1", AwsService.TARGET_PREFIX, "Logs_20140328");
        logs = CloudWatchLogsClient.builder().endpointOverride(endpoint.uri).region(Region.US_EAST_1)
                .credentialsProvider(Endpoint.CREDENTIALS).build();
    }

    @After
    public void stop() throws Exception {
        logs.close();
        endpoint.close();
        core.close();
    }

    private static InputLogEvent event(Instant at, String message) {
        return InputLogEvent.builder().timestamp(at.toEpochMilli()).message(message).build();
    }

    @Test
    public void groupsStreamsAndEventsRoundTrip() {
        logs.createLogGroup(r -> r.logGroupName("/app/orders"));
        logs.createLogStream(r -> r.logGroupName("/app/orders").logStreamName("node-1"));
        PutLogEventsResponse put = logs.putLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1")
                .logEvents(event(NOW.minusSeconds(3), "first"), event(NOW.minusSeconds(2), "second\nline"),
                        event(NOW.minusSeconds(1), "third")));
        assertNull(put.rejectedLogEventsInfo());

        GetLogEventsResponse head = logs.getLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1")
                .startFromHead(true).limit(2));
        assertEquals(List.of("first", "second\nline"), head.events().stream().map(OutputLogEvent::message).toList());
        assertEquals(NOW.toEpochMilli(), (long) head.events().get(0).ingestionTime());
        GetLogEventsResponse next = logs.getLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1")
                .nextToken(head.nextForwardToken()));
        assertEquals(List.of("third"), next.events().stream().map(OutputLogEvent::message).toList());
        GetLogEventsResponse end = logs.getLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1")
                .nextToken(next.nextForwardToken()));
        assertTrue(end.events().isEmpty());
        assertEquals("at the end the forward token repeats", next.nextForwardToken(), end.nextForwardToken());
        GetLogEventsResponse back = logs.getLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1")
                .nextToken(next.nextBackwardToken()));
        assertEquals(List.of("first", "second\nline"), back.events().stream().map(OutputLogEvent::message).toList());
        GetLogEventsResponse tail = logs.getLogEvents(r -> r.logGroupName("/app/orders").logStreamName("node-1").limit(1));
        assertEquals("without startFromHead the newest events come", "third", tail.events().get(0).message());

        DescribeLogGroupsResponse groups = logs.describeLogGroups(r -> r.logGroupNamePrefix("/app/"));
        assertEquals("/app/orders", groups.logGroups().get(0).logGroupName());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/app/orders:*", groups.logGroups().get(0).arn());
        LogStream stream = logs.describeLogStreams(r -> r.logGroupName("/app/orders")).logStreams().get(0);
        assertEquals("node-1", stream.logStreamName());
        assertEquals(NOW.minusSeconds(3).toEpochMilli(), (long) stream.firstEventTimestamp());
        assertEquals(NOW.minusSeconds(1).toEpochMilli(), (long) stream.lastEventTimestamp());
    }

    @Test
    public void functionLogsAppearInTheirGroupWithTheExtendedReport() {
        core.record(Records.of("hello", "req-1", NOW.minusSeconds(5), 2_050_000, 128, Outcome.SUCCESS, "hi there"));
        List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/hello")).logStreams();
        assertEquals("2026/11/26/[$LATEST]env1", streams.get(0).logStreamName());
        List<String> lines = logs.getLogEvents(r -> r.logGroupName("/aws/lambda/hello")
                .logStreamName("2026/11/26/[$LATEST]env1").startFromHead(true)).events().stream()
                .map(OutputLogEvent::message).toList();
        assertEquals("START RequestId: req-1 Version: $LATEST", lines.get(0));
        assertEquals("hi there", lines.get(1));
        assertEquals("END RequestId: req-1", lines.get(2));
        assertEquals("REPORT RequestId: req-1\tDuration: 2.05 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 1 MB\tCPU Time: 1.50 ms\tAllocated: 2048 bytes\tBilled GB-s: 0.000375"
                + "\tCost: 0 USD", lines.get(3));
    }

    @Test
    public void filterLogEventsMatchesTermsAcrossStreamsAndPages() {
        logs.createLogGroup(r -> r.logGroupName("app"));
        logs.createLogStream(r -> r.logGroupName("app").logStreamName("a"));
        logs.createLogStream(r -> r.logGroupName("app").logStreamName("b"));
        logs.putLogEvents(r -> r.logGroupName("app").logStreamName("a").logEvents(
                event(NOW.minusSeconds(10), "ERROR disk full"), event(NOW.minusSeconds(8), "INFO all good")));
        logs.putLogEvents(r -> r.logGroupName("app").logStreamName("b").logEvents(
                event(NOW.minusSeconds(9), "ERROR timeout talking to db"), event(NOW.minusSeconds(7), "WARN slow")));
        FilterLogEventsResponse errors = logs.filterLogEvents(r -> r.logGroupName("app").filterPattern("ERROR"));
        assertEquals(List.of("ERROR disk full", "ERROR timeout talking to db"),
                errors.events().stream().map(FilteredLogEvent::message).toList());
        assertEquals(List.of("a", "b"), errors.events().stream().map(FilteredLogEvent::logStreamName).toList());
        FilterLogEventsResponse either = logs.filterLogEvents(r -> r.logGroupName("app").filterPattern("?WARN ?INFO"));
        assertEquals(2, either.events().size());
        FilterLogEventsResponse excluded = logs.filterLogEvents(r -> r.logGroupName("app").filterPattern("ERROR -disk"));
        assertEquals(List.of("ERROR timeout talking to db"), excluded.events().stream().map(FilteredLogEvent::message).toList());
        FilterLogEventsResponse page1 = logs.filterLogEvents(r -> r.logGroupName("app").limit(3));
        assertEquals(3, page1.events().size());
        FilterLogEventsResponse page2 = logs.filterLogEvents(r -> r.logGroupName("app").limit(3).nextToken(page1.nextToken()));
        assertEquals(List.of("WARN slow"), page2.events().stream().map(FilteredLogEvent::message).toList());
        assertNull(page2.nextToken());
        FilterLogEventsResponse since = logs.filterLogEvents(r -> r.logGroupName("app")
                .startTime(NOW.minusSeconds(8).toEpochMilli()));
        assertEquals("what a poller asking from a time sees", 2, since.events().size());
    }

    @Test
    public void retentionPolicyIsSetAndTooOldEventsAreRejected() {
        logs.createLogGroup(r -> r.logGroupName("kept"));
        logs.putRetentionPolicy(r -> r.logGroupName("kept").retentionInDays(1));
        assertEquals(1, (int) logs.describeLogGroups(r -> r.logGroupNamePrefix("kept")).logGroups().get(0).retentionInDays());
        logs.createLogStream(r -> r.logGroupName("kept").logStreamName("s"));
        PutLogEventsResponse put = logs.putLogEvents(r -> r.logGroupName("kept").logStreamName("s")
                .logEvents(event(NOW.minusSeconds(2 * 86400), "old"), event(NOW, "new")));
        assertEquals(1, (int) put.rejectedLogEventsInfo().tooOldLogEventEndIndex());
        try {
            logs.putRetentionPolicy(r -> r.logGroupName("kept").retentionInDays(2));
            fail("accepted 2 days");
        } catch (InvalidParameterException e) {
            assertEquals(400, e.statusCode());
        }
        assertEquals(1, (int) logs.describeLogGroups(r -> r.logGroupNamePrefix("kept")).logGroups().get(0).retentionInDays());
    }

    @Test
    public void missingAndDuplicateResourcesGetTheirErrors() {
        try {
            logs.createLogStream(r -> r.logGroupName("nope").logStreamName("s"));
            fail();
        } catch (ResourceNotFoundException e) {
            assertEquals("The specified log group does not exist.", e.awsErrorDetails().errorMessage());
        }
        logs.createLogGroup(r -> r.logGroupName("twice"));
        try {
            logs.createLogGroup(r -> r.logGroupName("twice"));
            fail();
        } catch (ResourceAlreadyExistsException e) {
            assertEquals(400, e.statusCode());
        }
        try {
            logs.putLogEvents(r -> r.logGroupName("twice").logStreamName("missing").logEvents(event(NOW, "x")));
            fail();
        } catch (ResourceNotFoundException e) {
            assertEquals("The specified log stream does not exist.", e.awsErrorDetails().errorMessage());
        }
        logs.createLogStream(r -> r.logGroupName("twice").logStreamName("s"));
        try {
            logs.putLogEvents(r -> r.logGroupName("twice").logStreamName("s")
                    .logEvents(event(NOW, "later"), event(NOW.minusSeconds(1), "earlier")));
            fail();
        } catch (InvalidParameterException e) {
            assertTrue(e.getMessage().contains("chronological"));
        }
        assertTrue("a refused batch writes nothing", logs.getLogEvents(r -> r.logGroupName("twice").logStreamName("s"))
                .events().isEmpty());
        try {
            logs.createLogGroup(r -> r.logGroupName("bad name!"));
            fail();
        } catch (InvalidParameterException e) {
            assertEquals(400, e.statusCode());
        }
        logs.deleteLogGroup(r -> r.logGroupName("twice"));
        try {
            logs.deleteLogGroup(r -> r.logGroupName("twice"));
            fail();
        } catch (ResourceNotFoundException e) {
            assertEquals(400, e.statusCode());
        }
    }
}
