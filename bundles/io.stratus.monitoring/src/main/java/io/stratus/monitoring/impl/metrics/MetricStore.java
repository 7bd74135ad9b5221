package io.stratus.monitoring.impl.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

import org.HdrHistogram.DoubleHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.durable.DurableFiles;

/**
 * Metrics at one-minute resolution: per metric (namespace, name, dimensions) and minute the sample
 * count, sum, minimum, maximum and, for metrics that keep one, an HdrHistogram for percentiles. Minutes
 * are appended to a journal file per UTC day once they are over, fsynced; later lines for the same
 * minute supersede earlier ones. The minute in progress is written whole to {@value #IN_PROGRESS} at
 * each flush (replaced atomically), so a crash loses at most one flush interval; on start it counts
 * for the minutes the journals don't have yet (a journal line is written after the minute is over, so
 * it is always the newer). Days beyond the retention are dropped.
 */
public final class MetricStore {

    private static final Logger LOG = LoggerFactory.getLogger(MetricStore.class);
    private static final long MINUTE = 60_000;
    /* three significant digits, as CloudWatch's percentiles are approximations too */
    private static final int DIGITS = 3;

    /** A metric's dimension. */
    public record Dimension(String name, String value) {
    }

    /** A metric's identity; dimensions sorted by name. */
    public record MetricKey(String namespace, String name, List<Dimension> dimensions) {
        public MetricKey {
            List<Dimension> sorted = new ArrayList<>(dimensions);
            sorted.sort(Comparator.comparing(Dimension::name).thenComparing(Dimension::value));
            dimensions = List.copyOf(sorted);
        }

        public static MetricKey of(String namespace, String name, Dimension... dimensions) {
            return new MetricKey(namespace, name, List.of(dimensions));
        }
    }

    /** What a period holds: statistics and, where kept, the merged histogram (null otherwise). */
    public record Statistics(long periodStart, double sampleCount, double sum, double minimum, double maximum,
            String unit, DoubleHistogram histogram) {

        public double average() {
            return sampleCount == 0 ? 0 : sum / sampleCount;
        }

        /** The percentile (0–100), or NaN when no histogram is kept. */
        public double percentile(double p) {
            if (histogram == null || histogram.getTotalCount() == 0) {
                return Double.NaN;
            }
            return histogram.getValueAtPercentile(p);
        }
    }

    private static final class Bucket {
        final long minute;
        double sampleCount;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        DoubleHistogram histogram;
        boolean dirty;
        /* the sample count the in-progress file last saw */
        double snapshotCount = -1;

        Bucket(long minute) {
            this.minute = minute;
        }
    }

    private static final class Series {
        final ConcurrentSkipListMap<Long, Bucket> minutes = new ConcurrentSkipListMap<>();
        volatile String unit;
        final boolean histogram;
        /* the minute last recorded into: samples of the running minute skip the map */
        volatile Bucket latest;

        Series(boolean histogram) {
            this.histogram = histogram;
        }
    }

    private final Path root;
    private final int retentionDays;
    private final ConcurrentHashMap<MetricKey, Series> series = new ConcurrentHashMap<>();
    private final Object flushLock = new Object();
    /** File holding the minute in progress. */
    static final String IN_PROGRESS = "in-progress.ndjson";
    /* buckets the in-progress file holds, to know when it must be rewritten */
    private int snapshotBuckets;

    public MetricStore(Path root, int retentionDays) {
        this.root = root;
        this.retentionDays = retentionDays;
    }

    // ------------------------------------------------------------------ recording

    /**
     * Adds one sample.
     *
     * @param histogram whether the metric keeps a histogram (percentiles); fixed by the first sample
     */
    public void record(MetricKey key, long timestampMillis, double value, String unit, boolean histogram) {
        Bucket bucket = bucket(key, timestampMillis, unit, histogram);
        synchronized (bucket) {
            bucket.sampleCount++;
            bucket.sum += value;
            bucket.min = Math.min(bucket.min, value);
            bucket.max = Math.max(bucket.max, value);
            if (bucket.histogram != null && value >= 0) {
                bucket.histogram.recordValue(value);
            }
            bucket.dirty = true;
        }
    }

    /** Adds pre-aggregated statistics (PutMetricData's StatisticValues); no histogram values. */
    public void recordStatistics(MetricKey key, long timestampMillis, double sampleCount, double sum, double min,
            double max, String unit) {
        Bucket bucket = bucket(key, timestampMillis, unit, false);
        synchronized (bucket) {
            bucket.sampleCount += sampleCount;
            bucket.sum += sum;
            bucket.min = Math.min(bucket.min, min);
            bucket.max = Math.max(bucket.max, max);
            bucket.dirty = true;
        }
    }

    private Bucket bucket(MetricKey key, long timestampMillis, String unit, boolean histogram) {
        Series s = series.computeIfAbsent(key, k -> new Series(histogram));
        if (unit != null && !unit.equals(s.unit)) {
            s.unit = unit;
        }
        long minute = Math.floorDiv(timestampMillis, MINUTE) * MINUTE;
        Bucket latest = s.latest;
        if (latest != null && latest.minute == minute) {
            return latest;
        }
        Bucket bucket = s.minutes.computeIfAbsent(minute, m -> {
            Bucket b = new Bucket(m);
            if (s.histogram) {
                b.histogram = new DoubleHistogram(DIGITS);
            }
            return b;
        });
        s.latest = bucket;
        return bucket;
    }

    // ------------------------------------------------------------------ reading

    public Collection<MetricKey> keys() {
        return series.keySet();
    }

    /** The metric's unit as last recorded, or null. */
    public String unit(MetricKey key) {
        Series s = series.get(key);
        return s == null ? null : s.unit;
    }

    /** Whether the metric has a sample at or after {@code sinceMillis}. */
    public boolean activeSince(MetricKey key, long sinceMillis) {
        Series s = series.get(key);
        return s != null && s.minutes.ceilingKey(Math.floorDiv(sinceMillis, MINUTE) * MINUTE) != null;
    }

    /**
     * Statistics per period between {@code start} (inclusive) and {@code end} (exclusive), periods
     * aligned to {@code start}'s minute; only periods with samples.
     */
    public List<Statistics> statistics(MetricKey key, Instant start, Instant end, int periodSeconds) {
        Series s = series.get(key);
        List<Statistics> result = new ArrayList<>();
        if (s == null) {
            return result;
        }
        long from = Math.floorDiv(start.toEpochMilli(), MINUTE) * MINUTE;
        long periodMillis = periodSeconds * 1000L;
        TreeMap<Long, Bucket> merged = new TreeMap<>();
        for (Bucket bucket : s.minutes.subMap(from, true, end.toEpochMilli(), false).values()) {
            long periodStart = from + Math.floorDiv(bucket.minute - from, periodMillis) * periodMillis;
            Bucket total = merged.computeIfAbsent(periodStart, Bucket::new);
            synchronized (bucket) {
                if (bucket.sampleCount == 0) {
                    continue;
                }
                total.sampleCount += bucket.sampleCount;
                total.sum += bucket.sum;
                total.min = Math.min(total.min, bucket.min);
                total.max = Math.max(total.max, bucket.max);
                if (bucket.histogram != null) {
                    if (total.histogram == null) {
                        total.histogram = new DoubleHistogram(DIGITS);
                    }
                    total.histogram.add(bucket.histogram);
                }
            }
        }
        for (Bucket total : merged.values()) {
            if (total.sampleCount > 0) {
                result.add(new Statistics(total.minute, total.sampleCount, total.sum, total.min, total.max, s.unit,
                        total.histogram));
            }
        }
        return result;
    }

    /** All samples of a metric between two instants as one period (null when there are none). */
    public Statistics total(MetricKey key, Instant start, Instant end) {
        long seconds = Math.max(60, (end.toEpochMilli() - start.toEpochMilli()) / 1000 + 60);
        List<Statistics> all = statistics(key, start, end, (int) Math.min(Integer.MAX_VALUE, seconds));
        return all.isEmpty() ? null : all.get(0);
    }

    // ------------------------------------------------------------------ durability

    /**
     * Appends every changed minute before {@code now}'s minute to its day's journal and fsyncs it, then
     * replaces the in-progress file with {@code now}'s minute (and any later one) when it changed, or
     * always when {@code all}.
     */
    public void flush(long now, boolean all) throws IOException {
        synchronized (flushLock) {
            long currentMinute = Math.floorDiv(now, MINUTE) * MINUTE;
            Map<LocalDate, StringBuilder> days = new TreeMap<>();
            for (Map.Entry<MetricKey, Series> entry : series.entrySet()) {
                for (Bucket bucket : entry.getValue().minutes.values()) {
                    if (bucket.minute >= currentMinute) {
                        break;
                    }
                    String line;
                    synchronized (bucket) {
                        if (!bucket.dirty) {
                            continue;
                        }
                        bucket.dirty = false;
                        line = line(entry.getKey(), entry.getValue().unit, bucket);
                    }
                    days.computeIfAbsent(day(bucket.minute), d -> new StringBuilder()).append(line).append('\n');
                }
            }
            Files.createDirectories(root);
            for (Map.Entry<LocalDate, StringBuilder> day : days.entrySet()) {
                Path file = root.resolve(day.getKey() + ".jsonl");
                boolean created = !Files.exists(file);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(day.getValue().toString().getBytes(StandardCharsets.UTF_8));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
                if (created) {
                    DurableFiles.syncDirectory(root);
                }
            }
            // after the journal: a crash in between leaves the older file, whose minutes the journal now has
            writeInProgress(currentMinute, all);
        }
    }

    /* The minutes from currentMinute on, whole, replacing the in-progress file; skipped when nothing changed. */
    private void writeInProgress(long currentMinute, boolean always) throws IOException {
        List<Bucket> buckets = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        boolean changed = always;
        for (Map.Entry<MetricKey, Series> entry : series.entrySet()) {
            for (Bucket bucket : entry.getValue().minutes.tailMap(currentMinute, true).values()) {
                synchronized (bucket) {
                    changed |= bucket.sampleCount != bucket.snapshotCount;
                    buckets.add(bucket);
                    lines.add(line(entry.getKey(), entry.getValue().unit, bucket));
                }
            }
        }
        if (!changed && buckets.size() == snapshotBuckets) {
            return;
        }
        Path file = root.resolve(IN_PROGRESS);
        if (buckets.isEmpty() && !Files.exists(file)) {
            snapshotBuckets = 0;
            return;
        }
        StringBuilder content = new StringBuilder();
        lines.forEach(line -> content.append(line).append('\n'));
        Files.createDirectories(root);
        DurableFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
        for (Bucket bucket : buckets) {
            synchronized (bucket) {
                bucket.snapshotCount = bucket.sampleCount;
            }
        }
        snapshotBuckets = buckets.size();
    }

    private static LocalDate day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String line(MetricKey key, String unit, Bucket bucket) {
        JsonObject json = new JsonObject();
        json.addProperty("ns", key.namespace());
        json.addProperty("m", key.name());
        JsonArray dimensions = new JsonArray();
        for (Dimension d : key.dimensions()) {
            JsonArray pair = new JsonArray();
            pair.add(d.name());
            pair.add(d.value());
            dimensions.add(pair);
        }
        json.add("d", dimensions);
        json.addProperty("t", bucket.minute);
        json.addProperty("n", bucket.sampleCount);
        json.addProperty("s", bucket.sum);
        json.addProperty("lo", bucket.min);
        json.addProperty("hi", bucket.max);
        if (unit != null) {
            json.addProperty("u", unit);
        }
        if (bucket.histogram != null) {
            ByteBuffer buffer = ByteBuffer.allocate(bucket.histogram.getNeededByteBufferCapacity());
            int length = bucket.histogram.encodeIntoCompressedByteBuffer(buffer);
            json.addProperty("h", Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        }
        return json.toString();
    }

    /** Reads the journals of the retained days (removing older ones). */
    public void load(long now) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        expireFiles(now);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, "*.jsonl")) {
            stream.forEach(files::add);
        }
        files.sort(Comparator.comparing(Path::toString));
        for (Path file : files) {
            read(file, false);
        }
        Path inProgress = root.resolve(IN_PROGRESS);
        if (Files.exists(inProgress)) {
            read(inProgress, true);
        }
    }

    private void read(Path file, boolean inProgress) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                try {
                    restore(JsonParser.parseString(line).getAsJsonObject(), inProgress);
                } catch (RuntimeException | DataFormatException e) {
                    // a line torn by a crash: the minute is lost, the rest is kept
                    LOG.debug("Skipping an unreadable metrics line in {}: {}", file, e.toString());
                }
            }
        }
    }

    /*
     * A journal line replaces the minute; an in-progress line only fills a minute the journals lack, and
     * is marked changed so that the minute reaches the journal once it is over.
     */
    private void restore(JsonObject json, boolean inProgress) throws DataFormatException {
        List<Dimension> dimensions = new ArrayList<>();
        for (JsonElement pair : json.getAsJsonArray("d")) {
            dimensions.add(new Dimension(pair.getAsJsonArray().get(0).getAsString(),
                    pair.getAsJsonArray().get(1).getAsString()));
        }
        MetricKey key = new MetricKey(json.get("ns").getAsString(), json.get("m").getAsString(), dimensions);
        boolean hasHistogram = json.has("h");
        Series s = series.computeIfAbsent(key, k -> new Series(hasHistogram));
        if (json.has("u")) {
            s.unit = json.get("u").getAsString();
        }
        long minute = json.get("t").getAsLong();
        if (inProgress && s.minutes.containsKey(minute)) {
            return;
        }
        Bucket bucket = new Bucket(minute);
        bucket.dirty = inProgress;
        bucket.sampleCount = json.get("n").getAsDouble();
        bucket.sum = json.get("s").getAsDouble();
        bucket.min = json.get("lo").getAsDouble();
        bucket.max = json.get("hi").getAsDouble();
        if (hasHistogram) {
            bucket.histogram = DoubleHistogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(json.get("h").getAsString())), 2);
        } else if (s.histogram) {
            bucket.histogram = new DoubleHistogram(DIGITS);
        }
        s.minutes.put(minute, bucket);
        Bucket latest = s.latest;
        if (latest != null && latest.minute == minute) {
            s.latest = bucket;
        }
    }

    /** Drops minutes and journal days older than the retention. */
    public void expire(long now) throws IOException {
        long cutoff = now - TimeUnit.DAYS.toMillis(retentionDays);
        for (Map.Entry<MetricKey, Series> entry : series.entrySet()) {
            Bucket latest = entry.getValue().latest;
            if (latest != null && latest.minute < cutoff) {
                entry.getValue().latest = null;
            }
            entry.getValue().minutes.headMap(cutoff, false).clear();
            if (entry.getValue().minutes.isEmpty()) {
                series.remove(entry.getKey(), entry.getValue());
            }
        }
        expireFiles(now);
    }

    private void expireFiles(long now) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        LocalDate oldest = day(now - TimeUnit.DAYS.toMillis(retentionDays));
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, "*.jsonl")) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                try {
                    if (LocalDate.parse(name.substring(0, name.length() - ".jsonl".length())).isBefore(oldest)) {
                        DurableFiles.delete(file);
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    // not a journal of ours
                }
            }
        }
    }
}
