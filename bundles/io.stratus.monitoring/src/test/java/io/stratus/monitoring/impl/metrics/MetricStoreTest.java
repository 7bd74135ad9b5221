package io.stratus.monitoring.impl.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.monitoring.impl.metrics.MetricStore.Dimension;
import io.stratus.monitoring.impl.metrics.MetricStore.MetricKey;
import io.stratus.monitoring.impl.metrics.MetricStore.Statistics;

public class MetricStoreTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final MetricKey DURATION = MetricKey.of("AWS/Lambda", "Duration", new Dimension("FunctionName", "f"));

    private Path root() {
        return folder.getRoot().toPath().resolve("metrics");
    }

    @Test
    public void samplesAreGroupedPerMinuteAndPeriod() {
        MetricStore store = new MetricStore(root(), 15);
        store.record(DURATION, T0.toEpochMilli(), 10, "Milliseconds", true);
        store.record(DURATION, T0.plusSeconds(59).toEpochMilli(), 30, "Milliseconds", true);
        store.record(DURATION, T0.plusSeconds(60).toEpochMilli(), 50, "Milliseconds", true);
        List<Statistics> minutes = store.statistics(DURATION, T0, T0.plusSeconds(300), 60);
        assertEquals(2, minutes.size());
        assertEquals(2, minutes.get(0).sampleCount(), 0);
        assertEquals(20, minutes.get(0).average(), 0);
        assertEquals(T0.plusSeconds(60).toEpochMilli(), minutes.get(1).periodStart());
        Statistics all = store.statistics(DURATION, T0, T0.plusSeconds(300), 300).get(0);
        assertEquals(3, all.sampleCount(), 0);
        assertEquals(10, all.minimum(), 0);
        assertEquals(50, all.maximum(), 0);
        assertEquals(30, all.percentile(50), 0.05);
        assertTrue("end is exclusive", store.statistics(DURATION, T0, T0.plusSeconds(60), 60).size() == 1);
    }

    @Test
    public void finishedMinutesSurviveARestartWithTheirHistograms() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        for (int i = 1; i <= 100; i++) {
            store.record(DURATION, T0.toEpochMilli(), i, "Milliseconds", true);
        }
        store.flush(T0.plusSeconds(60).toEpochMilli(), false);
        MetricStore restarted = new MetricStore(root(), 15);
        restarted.load(T0.plusSeconds(120).toEpochMilli());
        Statistics minute = restarted.statistics(DURATION, T0, T0.plusSeconds(60), 60).get(0);
        assertEquals(100, minute.sampleCount(), 0);
        assertEquals(5050, minute.sum(), 0);
        assertEquals(99, minute.percentile(99), 0.1);
        assertEquals("Milliseconds", restarted.unit(DURATION));
    }

    /* A fresh store on the same directory, as after a crash: what was flushed is all there is. */
    private MetricStore restarted(Instant now) throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        store.load(now.toEpochMilli());
        return store;
    }

    @Test
    public void theMinuteInProgressSurvivesACrashAfterAFlush() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        store.record(DURATION, T0.plusSeconds(5).toEpochMilli(), 10, "Milliseconds", true);
        store.record(DURATION, T0.plusSeconds(6).toEpochMilli(), 30, "Milliseconds", true);
        assertTrue("nothing flushed, nothing kept", restarted(T0.plusSeconds(7)).keys().isEmpty());
        store.flush(T0.plusSeconds(8).toEpochMilli(), false);
        try (var files = Files.list(root())) {
            assertEquals("no journal yet: the minute is not over", List.of(MetricStore.IN_PROGRESS),
                    files.map(f -> f.getFileName().toString()).toList());
        }
        MetricStore afterCrash = restarted(T0.plusSeconds(9));
        Statistics minute = afterCrash.statistics(DURATION, T0, T0.plusSeconds(60), 60).get(0);
        assertEquals(2, minute.sampleCount(), 0);
        assertEquals(40, minute.sum(), 0);
        assertEquals(30, minute.maximum(), 0);
        assertEquals(30, minute.percentile(99), 0.05);
        assertEquals("Milliseconds", afterCrash.unit(DURATION));

        // the restarted store goes on counting the minute and journals it whole once it is over
        afterCrash.record(DURATION, T0.plusSeconds(20).toEpochMilli(), 50, "Milliseconds", true);
        afterCrash.flush(T0.plusSeconds(61).toEpochMilli(), false);
        Statistics journaled = restarted(T0.plusSeconds(62)).statistics(DURATION, T0, T0.plusSeconds(60), 60).get(0);
        assertEquals(3, journaled.sampleCount(), 0);
        assertEquals(90, journaled.sum(), 0);
    }

    @Test
    public void aStaleInProgressMinuteNeverOverridesTheJournal() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        store.record(DURATION, T0.plusSeconds(5).toEpochMilli(), 10, "Milliseconds", true);
        store.flush(T0.plusSeconds(10).toEpochMilli(), false);
        store.record(DURATION, T0.plusSeconds(50).toEpochMilli(), 20, "Milliseconds", true);
        // the minute ends; the journal gets it whole while the next minute has no samples yet, so the
        // in-progress file still holds the earlier, partial minute
        store.flush(T0.plusSeconds(70).toEpochMilli(), false);
        Statistics minute = restarted(T0.plusSeconds(71)).statistics(DURATION, T0, T0.plusSeconds(60), 60).get(0);
        assertEquals(2, minute.sampleCount(), 0);
        assertEquals(30, minute.sum(), 0);
    }

    @Test
    public void anUnchangedMinuteIsNotRewrittenAndATornFileLosesOnlyItsMinute() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        MetricKey invocations = MetricKey.of("AWS/Lambda", "Invocations");
        store.record(DURATION, T0.plusSeconds(1).toEpochMilli(), 10, "Milliseconds", true);
        store.record(invocations, T0.plusSeconds(1).toEpochMilli(), 1, "Count", false);
        store.flush(T0.plusSeconds(2).toEpochMilli(), false);
        Path file = root().resolve(MetricStore.IN_PROGRESS);
        String written = Files.readString(file);
        Files.writeString(file, "garbage");
        store.flush(T0.plusSeconds(3).toEpochMilli(), false);
        assertEquals("nothing changed since the last flush", "garbage", Files.readString(file));
        store.record(invocations, T0.plusSeconds(4).toEpochMilli(), 1, "Count", false);
        store.flush(T0.plusSeconds(5).toEpochMilli(), false);
        assertTrue(Files.readString(file).length() >= written.length());
        // a line cut short by a crash (a torn copy, not ours: ours are replaced whole) costs that line only
        String[] lines = Files.readString(file).split("\n");
        int invocationsLine = lines[0].contains("\"Invocations\"") ? 0 : 1;
        Files.writeString(file, lines[invocationsLine] + "\n" + lines[1 - invocationsLine].substring(0, 20));
        MetricStore afterCrash = restarted(T0.plusSeconds(6));
        assertEquals(2, afterCrash.statistics(invocations, T0, T0.plusSeconds(60), 60).get(0).sum(), 0);
        assertTrue(afterCrash.statistics(DURATION, T0, T0.plusSeconds(60), 60).isEmpty());
    }

    @Test
    public void metricsAreKeptFifteenDaysAndThenDropped() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        store.record(DURATION, T0.toEpochMilli(), 1, "Milliseconds", true);
        store.flush(T0.plusSeconds(60).toEpochMilli(), false);
        long fourteenDaysLater = T0.plus(Duration.ofDays(14)).toEpochMilli();
        store.expire(fourteenDaysLater);
        MetricStore reloaded = new MetricStore(root(), 15);
        reloaded.load(fourteenDaysLater);
        assertEquals(1, reloaded.statistics(DURATION, T0, T0.plusSeconds(60), 60).size());

        long sixteenDaysLater = T0.plus(Duration.ofDays(16)).toEpochMilli();
        store.expire(sixteenDaysLater);
        assertTrue(store.keys().isEmpty());
        try (var files = Files.list(root())) {
            assertEquals("the day's journal is deleted", 0, files.count());
        }
    }
}
