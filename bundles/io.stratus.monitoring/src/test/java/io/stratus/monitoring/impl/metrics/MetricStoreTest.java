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

    @Test
    public void theCurrentMinuteIsWrittenOnlyWhenAllIsAsked() throws Exception {
        MetricStore store = new MetricStore(root(), 15);
        store.record(DURATION, T0.toEpochMilli(), 1, "Milliseconds", true);
        store.flush(T0.plusSeconds(30).toEpochMilli(), false);
        MetricStore early = new MetricStore(root(), 15);
        early.load(T0.toEpochMilli());
        assertTrue(early.keys().isEmpty());
        store.flush(T0.plusSeconds(30).toEpochMilli(), true);
        MetricStore late = new MetricStore(root(), 15);
        late.load(T0.toEpochMilli());
        assertEquals(1, late.statistics(DURATION, T0, T0.plusSeconds(60), 60).size());
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
