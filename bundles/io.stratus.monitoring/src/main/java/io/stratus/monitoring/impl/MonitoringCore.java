package io.stratus.monitoring.impl;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.monitoring.api.BillingReport;
import io.stratus.monitoring.api.LogLine;
import io.stratus.monitoring.api.MetricPoint;
import io.stratus.monitoring.api.Monitoring;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.monitoring.impl.logs.LogStore;
import io.stratus.monitoring.impl.logs.LogStore.Event;
import io.stratus.monitoring.impl.logs.LogStore.Group;
import io.stratus.monitoring.impl.logs.LogStore.NewEvent;
import io.stratus.monitoring.impl.logs.LogStore.Stream;
import io.stratus.monitoring.impl.logs.LogsApi;
import io.stratus.monitoring.impl.metrics.MetricStore;
import io.stratus.monitoring.impl.metrics.MetricStore.Dimension;
import io.stratus.monitoring.impl.metrics.MetricStore.MetricKey;
import io.stratus.monitoring.impl.metrics.MetricStore.Statistics;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.LogEvent;
import io.stratus.runtime.api.InvocationRecord.Outcome;

/**
 * Turns invocation records into log events, metrics and charges, and answers for them; the stores
 * under {@code <data>/monitoring/}. Without OSGi, so tests drive it directly.
 */
public final class MonitoringCore implements Monitoring, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitoringCore.class);

    public static final String NAMESPACE = "AWS/Lambda";
    public static final String FUNCTION_NAME = "FunctionName";
    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);
    private static final String REPORT = "REPORT RequestId: ";

    private final LogStore logs;
    private final MetricStore metrics;
    private final Billing billing;
    private final Supplier<Clock> clock;
    private final Totals totals = new Totals();
    private final ConcurrencyTracker accountConcurrency = new ConcurrencyTracker();

    public MonitoringCore(Path directory, Billing.Prices prices, int metricRetentionDays, Supplier<Clock> clock) {
        this.clock = clock;
        this.logs = new LogStore(directory.resolve("logs"));
        this.metrics = new MetricStore(directory.resolve("metrics"), metricRetentionDays);
        this.billing = new Billing(directory.resolve("billing"), prices);
    }

    /** Reads what earlier runs stored. */
    public void load() throws IOException {
        logs.load();
        metrics.load(now());
        billing.load();
    }

    public LogStore logs() {
        return logs;
    }

    public MetricStore metrics() {
        return metrics;
    }

    public Billing billing() {
        return billing;
    }

    public Supplier<Clock> clock() {
        return clock;
    }

    Totals totals() {
        return totals;
    }

    private long now() {
        return clock.get().millis();
    }

    // ------------------------------------------------------------------ recording

    /** Records one invocation: metrics, its charge and its log (REPORT extended with our figures). */
    public void record(InvocationRecord record) {
        FunctionKeys keys = keys(record.functionName());
        long at = record.start().toEpochMilli();
        if (record.outcome() == Outcome.THROTTLED) {
            for (MetricKey key : keys.throttles) {
                metrics.record(key, at, 1, "Count", false);
            }
            totals.throttled(record.functionName());
            return;
        }
        boolean error = record.outcome() != Outcome.SUCCESS;
        double durationMillis = record.durationNanos() / 1e6;
        for (int i = 0; i < 2; i++) {
            metrics.record(keys.invocations[i], at, 1, "Count", false);
            metrics.record(keys.errors[i], at, error ? 1 : 0, "Count", false);
            metrics.record(keys.duration[i], at, durationMillis, "Milliseconds", true);
        }
        long startNanos = record.start().getEpochSecond() * 1_000_000_000L + record.start().getNano();
        long endNanos = startNanos + record.durationNanos();
        accountConcurrency.add(startNanos, endNanos, keys.accountConcurrencySample);
        keys.concurrency.add(startNanos, endNanos, keys.functionConcurrencySample);
        totals.invoked(record.functionName(), error, durationMillis);
        // a caller that asked for the log tail had the REPORT line extended and charged already
        Billing.Charge charge = reported.remove(record.requestId()) != null ? null
                : billing.charge(record.functionName(), record.start(), record.durationNanos(), record.memorySize());
        writeLog(record, charge);
    }

    /**
     * An asynchronous event's dead letter could not be stored (CloudWatch's DeadLetterErrors, per
     * function and for the account, in the minute it happened).
     */
    public void deadLetterError(String function, Instant at) {
        for (MetricKey key : keys(function).deadLetterErrors) {
            metrics.record(key, at.toEpochMilli(), 1, "Count", false);
        }
        totals.deadLetterError(function);
    }

    /* Requests whose REPORT line extendForTail built, until their record arrives. */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> reported =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Charges the invocation and extends its REPORT line now, for the caller's log tail; its record,
     * arriving later, is then stored with that line and not charged again.
     */
    public String extendForTail(InvocationRecord record, String report) {
        Billing.Charge charge = billing.charge(record.functionName(), record.start(), record.durationNanos(),
                record.memorySize());
        reported.put(record.requestId(), Boolean.TRUE);
        return extendReport(report, record, charge);
    }

    /** One function's metric keys (with the function's dimension, then the account's) and concurrency. */
    private final class FunctionKeys {
        final MetricKey[] invocations;
        final MetricKey[] errors;
        final MetricKey[] duration;
        final MetricKey[] throttles;
        final MetricKey[] deadLetterErrors;
        final ConcurrencyTracker concurrency = new ConcurrencyTracker();
        final java.util.function.LongBinaryOperator functionConcurrencySample;
        final java.util.function.LongBinaryOperator accountConcurrencySample;

        FunctionKeys(String function) {
            invocations = keys(function, "Invocations");
            errors = keys(function, "Errors");
            duration = keys(function, "Duration");
            throttles = keys(function, "Throttles");
            deadLetterErrors = keys(function, "DeadLetterErrors");
            MetricKey[] concurrent = keys(function, "ConcurrentExecutions");
            functionConcurrencySample = (start, count) -> {
                metrics.record(concurrent[0], start / 1_000_000, count, "Count", false);
                return 0;
            };
            accountConcurrencySample = (start, count) -> {
                metrics.record(concurrent[1], start / 1_000_000, count, "Count", false);
                return 0;
            };
        }

        private static MetricKey[] keys(String function, String metric) {
            return new MetricKey[] {MetricKey.of(NAMESPACE, metric, new Dimension(FUNCTION_NAME, function)),
                    MetricKey.of(NAMESPACE, metric)};
        }
    }

    /* Built once per function: the listener runs for every invocation. */
    private final java.util.concurrent.ConcurrentHashMap<String, FunctionKeys> functionKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    private FunctionKeys keys(String function) {
        FunctionKeys keys = functionKeys.get(function);
        return keys != null ? keys : functionKeys.computeIfAbsent(function, FunctionKeys::new);
    }

    private void writeLog(InvocationRecord record, Billing.Charge charge) {
        if (record.log().isEmpty()) {
            return;
        }
        List<NewEvent> events = new ArrayList<>(record.log().size());
        for (LogEvent event : record.log()) {
            String message = event.message();
            if (charge != null && message.startsWith(REPORT)) {
                message = extendReport(message, record, charge);
            }
            events.add(new NewEvent(event.timestampMillis(), message));
        }
        try {
            long now = now();
            Group group = logs.groupOrCreate(logGroup(record.functionName()), now);
            Stream stream = logs.streamOrCreate(group, logStream(record), now);
            logs.append(stream, events, now);
        } catch (IOException e) {
            LOG.warn("Cannot store the log of invocation {} of {}: {}", record.requestId(), record.functionName(),
                    e.toString());
        }
    }

    /**
     * AWS's REPORT line with our figures after AWS's own fields, as further tab-separated
     * {@code Name: value unit} fields, so parsers of AWS's line read it unchanged.
     */
    static String extendReport(String report, InvocationRecord record, Billing.Charge charge) {
        // built by hand: String.format costs more than the rest of the record's bookkeeping
        StringBuilder line = new StringBuilder(report.length() + 96).append(report).append("\tCPU Time: ");
        appendMillis(line, record.cpuNanos());
        return line.append(" ms\tAllocated: ").append(record.allocatedBytes()).append(" bytes\tBilled GB-s: ")
                .append(gbSeconds(charge.mbMillis())).append("\tCost: ")
                .append(charge.cost().signum() == 0 ? "0" : charge.cost().stripTrailingZeros().toPlainString())
                .append(" USD").toString();
    }

    /** The GB-s of an invocation's MB-ms as REPORT shows them; the last figure is kept (most invocations repeat it). */
    private static String gbSeconds(long mbMillis) {
        GbSeconds last = lastGbSeconds;
        if (last == null || last.mbMillis() != mbMillis) {
            last = new GbSeconds(mbMillis, Billing.gbSeconds(mbMillis).toPlainString());
            lastGbSeconds = last;
        }
        return last.text();
    }

    private record GbSeconds(long mbMillis, String text) {
    }

    private static volatile GbSeconds lastGbSeconds;

    /** Nanoseconds as milliseconds with two decimals, rounded half up, as AWS prints durations. */
    static void appendMillis(StringBuilder out, long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        out.append(hundredths / 100).append('.');
        long fraction = hundredths % 100;
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    public static String logGroup(String function) {
        return "/aws/lambda/" + function;
    }

    /** {@code YYYY/MM/DD/[$LATEST]<environment id>}, the date of the invocation's start (UTC). */
    static String logStream(InvocationRecord record) {
        String version = record.version() == null ? "$LATEST" : record.version();
        return streamDate(record.start().toEpochMilli()) + "/[" + version + "]" + record.environmentId();
    }

    /* The day's YYYY/MM/DD; the last one is kept, as formatting a date costs more than the rest of a log line. */
    private static String streamDate(long epochMillis) {
        long day = Math.floorDiv(epochMillis, 86_400_000L);
        StreamDate last = lastStreamDate;
        if (last == null || last.epochDay() != day) {
            last = new StreamDate(day, STREAM_DATE.format(Instant.ofEpochMilli(epochMillis)));
            lastStreamDate = last;
        }
        return last.text();
    }

    private record StreamDate(long epochDay, String text) {
    }

    private static volatile StreamDate lastStreamDate;

    // ------------------------------------------------------------------ housekeeping

    /** Makes logs durable, writes finished metric minutes and changed bills. */
    public void flush(boolean all) throws IOException {
        logs.sync();
        metrics.flush(now(), all);
        billing.save();
    }

    /** Applies log retention and drops metrics older than their retention. */
    public void expire() throws IOException {
        long now = now();
        logs.expire(now);
        metrics.expire(now);
    }

    @Override
    public void close() throws IOException {
        flush(true);
        logs.close();
    }

    // ------------------------------------------------------------------ Monitoring

    @Override
    public List<MetricPoint> metric(String functionName, String metricName, Instant start, Instant end,
            int periodSeconds) {
        MetricKey key = functionName == null ? MetricKey.of(NAMESPACE, metricName)
                : MetricKey.of(NAMESPACE, metricName, new Dimension(FUNCTION_NAME, functionName));
        List<MetricPoint> points = new ArrayList<>();
        for (Statistics s : metrics.statistics(key, start, end, periodSeconds)) {
            points.add(new MetricPoint(Instant.ofEpochMilli(s.periodStart()), s.sampleCount(), s.sum(), s.minimum(),
                    s.maximum(), s.percentile(50), s.percentile(90), s.percentile(99)));
        }
        return points;
    }

    @Override
    public List<LogLine> logs(String functionName, long sinceMillis, int limit) {
        Group group = logs.group(logGroup(functionName));
        List<LogLine> lines = new ArrayList<>();
        if (group == null) {
            return lines;
        }
        Collection<Stream> streams = group.streams();
        for (Stream stream : streams) {
            Long last = stream.lastEventTimestamp();
            if (last == null || last < sinceMillis) {
                continue;
            }
            // only the newest `limit` events of each stream can be among the newest `limit` overall
            int end = stream.size();
            List<Event> events;
            try {
                events = stream.read(Math.max(stream.firstAtOrAfter(sinceMillis), end - limit), end);
            } catch (java.io.IOException e) {
                LOG.warn("Could not read log stream {} of {}: {}", stream.name(), functionName, e.toString());
                continue;
            }
            for (Event event : events) {
                if (event.timestamp() >= sinceMillis) {
                    lines.add(new LogLine(event.timestamp(), stream.name(), event.message(),
                            LogsApi.eventId(stream.name(), event)));
                }
            }
        }
        lines.sort(java.util.Comparator.comparingLong(LogLine::timestamp).thenComparing(LogLine::eventId));
        return lines.size() > limit ? new ArrayList<>(lines.subList(lines.size() - limit, lines.size())) : lines;
    }

    @Override
    public BillingReport billing(YearMonth month) {
        Billing.MonthBill bill = billing.bill(month);
        List<BillingReport.FunctionCost> functions = new ArrayList<>();
        for (Billing.FunctionBill f : bill.functions()) {
            functions.add(new BillingReport.FunctionCost(f.functionName(), f.usage().requests(), f.usage().gbSeconds(),
                    f.requestCost(), f.computeCost()));
        }
        Billing.Prices prices = billing.prices();
        return new BillingReport(month, functions, bill.account().requests(), bill.account().gbSeconds(),
                bill.freeRequestsUsed(), bill.freeGbSecondsUsed(), bill.requestCost(), bill.computeCost(), bill.total(),
                prices.perMillionRequests(), prices.perGbSecond());
    }

    @Override
    public YearMonth currentMonth() {
        return YearMonth.from(clock.get().instant().atZone(ZoneOffset.UTC));
    }

    /** Prices from configuration text; a bad value is refused with the reason. */
    public static Billing.Prices prices(String perMillionRequests, String perGbSecond, long freeRequests,
            long freeGbSeconds) {
        BigDecimal requests = new BigDecimal(perMillionRequests.trim());
        BigDecimal gbSecond = new BigDecimal(perGbSecond.trim());
        if (requests.signum() < 0 || gbSecond.signum() < 0 || freeRequests < 0 || freeGbSeconds < 0) {
            throw new IllegalArgumentException("prices and free tier must not be negative");
        }
        return new Billing.Prices(requests, gbSecond, freeRequests, BigDecimal.valueOf(freeGbSeconds));
    }
}
