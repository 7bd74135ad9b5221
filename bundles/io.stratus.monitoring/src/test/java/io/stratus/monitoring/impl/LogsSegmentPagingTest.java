package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.aws.api.AwsService;
import io.stratus.monitoring.impl.logs.LogStore;
import io.stratus.monitoring.impl.logs.LogsApi;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/** GetLogEvents, FilterLogEvents and DescribeLogStreams over streams spread across many small segment files. */
public class LogsSegmentPagingTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant NOW = Instant.parse("2026-11-26T10:30:00Z");
    private static final String GROUP = "/app/paging";
    private final TestClock clock = new TestClock(NOW);
    private LogStore store;
    private Endpoint endpoint;
    private CloudWatchLogsClient logs;

    private void open() throws Exception {
        store = new LogStore(folder.getRoot().toPath().resolve("logs"), 300);
        store.load();
        endpoint = new Endpoint();
        endpoint.add(new LogsApi(store, () -> clock, "us-east-1", "000000000000"), AwsService.SERVICE, "logs",
                AwsService.PROTOCOL, "json-1.1", AwsService.TARGET_PREFIX, "Logs_20140328");
        logs = CloudWatchLogsClient.builder().endpointOverride(endpoint.uri).region(Region.US_EAST_1)
                .credentialsProvider(Endpoint.CREDENTIALS).build();
    }

    @After
    public void close() throws Exception {
        logs.close();
        endpoint.close();
        store.close();
    }

    /* 60 events in 6 PutLogEvents calls; every 3rd says ERROR. */
    private List<String> fill() {
        logs.createLogGroup(r -> r.logGroupName(GROUP));
        logs.createLogStream(r -> r.logGroupName(GROUP).logStreamName("s"));
        List<String> messages = new ArrayList<>();
        for (int call = 0; call < 6; call++) {
            List<InputLogEvent> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = call * 10 + i;
                String message = (n % 3 == 0 ? "ERROR " : "INFO ") + "event number " + n;
                events.add(InputLogEvent.builder().timestamp(NOW.minusSeconds(100 - n).toEpochMilli()).message(message)
                        .build());
                messages.add(message);
            }
            logs.putLogEvents(r -> r.logGroupName(GROUP).logStreamName("s").logEvents(events));
        }
        return messages;
    }

    private List<String> pageForward() {
        List<String> seen = new ArrayList<>();
        GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("s").startFromHead(true)
                .limit(7));
        while (!page.events().isEmpty()) {
            page.events().stream().map(OutputLogEvent::message).forEach(seen::add);
            String token = page.nextForwardToken();
            page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("s").nextToken(token).limit(7));
        }
        return seen;
    }

    private List<String> pageBackward() {
        List<String> seen = new ArrayList<>();
        GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("s").limit(7));
        while (!page.events().isEmpty()) {
            List<String> messages = new ArrayList<>(page.events().stream().map(OutputLogEvent::message).toList());
            Collections.reverse(messages);
            seen.addAll(messages);
            String token = page.nextBackwardToken();
            page = logs.getLogEvents(r -> r.logGroupName(GROUP).logStreamName("s").nextToken(token).limit(7));
        }
        Collections.reverse(seen);
        return seen;
    }

    private List<String> filterErrors() {
        List<String> seen = new ArrayList<>();
        FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(GROUP).filterPattern("ERROR").limit(4));
        while (true) {
            page.events().stream().map(FilteredLogEvent::message).forEach(seen::add);
            String token = page.nextToken();
            if (token == null) {
                return seen;
            }
            page = logs.filterLogEvents(r -> r.logGroupName(GROUP).filterPattern("ERROR").limit(4).nextToken(token));
        }
    }

    @Test
    public void pagesCrossSegmentFilesForwardBackwardAndFilteredBeforeAndAfterARestart() throws Exception {
        open();
        List<String> messages = fill();
        long segments;
        try (var files = Files.list(folder.getRoot().toPath().resolve("logs").resolve("%2Fapp%2Fpaging"))) {
            segments = files.map(Path::toString).filter(p -> p.endsWith(".log")).count();
        }
        assertTrue("the stream spans several segment files: " + segments, segments >= 5);
        List<String> errors = messages.stream().filter(m -> m.startsWith("ERROR")).toList();
        assertEquals(20, errors.size());

        assertEquals(messages, pageForward());
        assertEquals(messages, pageBackward());
        assertEquals(errors, filterErrors());
        FilterLogEventsResponse range = logs.filterLogEvents(r -> r.logGroupName(GROUP)
                .startTime(NOW.minusSeconds(100 - 25).toEpochMilli()).endTime(NOW.minusSeconds(100 - 34).toEpochMilli()));
        assertEquals(messages.subList(25, 35), range.events().stream().map(FilteredLogEvent::message).toList());

        close();
        open();
        assertEquals(messages, pageForward());
        assertEquals(messages, pageBackward());
        assertEquals(errors, filterErrors());
        LogStream described = logs.describeLogStreams(r -> r.logGroupName(GROUP)).logStreams().get(0);
        assertEquals(NOW.minusSeconds(100).toEpochMilli(), (long) described.firstEventTimestamp());
        assertEquals(NOW.minusSeconds(41).toEpochMilli(), (long) described.lastEventTimestamp());
        assertNotNull(described);
        assertEquals(messages.stream().mapToLong(m -> m.length() + 26).sum(),
                (long) logs.describeLogGroups(r -> r.logGroupNamePrefix(GROUP)).logGroups().get(0).storedBytes());
    }
}
