package io.stratus.monitoring.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.monitoring.api.BillingReport;
import io.stratus.monitoring.api.LogLine;
import io.stratus.monitoring.api.MetricPoint;
import io.stratus.monitoring.api.Monitoring;
import io.stratus.runtime.api.DeadLetterErrorListener;
import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.ReportExtension;

/**
 * The monitoring module as a service: hears every invocation, keeps logs, metrics and bills under
 * {@code <stratus.data>/monitoring/}, makes them durable every few seconds and applies retention.
 */
@Component(name = MonitoringComponent.PID, configurationPid = MonitoringComponent.PID,
        service = {MonitoringComponent.class, InvocationListener.class, DeadLetterErrorListener.class, Monitoring.class,
                ReportExtension.class})
@Designate(ocd = MonitoringComponent.Config.class)
public final class MonitoringComponent implements InvocationListener, DeadLetterErrorListener, Monitoring, ReportExtension {

    public static final String PID = "io.stratus.monitoring";
    static final int MINIMUM_METRIC_RETENTION_DAYS = 15;
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringComponent.class);

    @ObjectClassDefinition(name = "Stratus monitoring",
            description = "Function logs, metrics and billing: retention, durability and prices")
    public @interface Config {
        @AttributeDefinition(name = "Price per million requests (USD)", description = "AWS x86 first tier: 0.20")
        String requestPricePerMillion() default "0.20";

        @AttributeDefinition(name = "Price per GB-second (USD)", description = "AWS x86 first tier: 0.0000166667")
        String gbSecondPrice() default "0.0000166667";

        @AttributeDefinition(name = "Free requests per month", min = "0")
        long freeRequests() default 1_000_000;

        @AttributeDefinition(name = "Free GB-seconds per month", min = "0")
        long freeGbSeconds() default 400_000;

        @AttributeDefinition(name = "Metric retention (days)", description = "One-minute metrics are kept this long",
                min = "15")
        int metricRetentionDays() default 15;

        @AttributeDefinition(name = "Flush interval (seconds)",
                description = "How often function logs are fsynced and bills written", min = "1")
        int flushSeconds() default 1;

        @AttributeDefinition(name = "Retention check (minutes)", description = "How often expired logs and metrics go",
                min = "1")
        int retentionCheckMinutes() default 60;
    }

    private final MonitoringCore core;
    private final ScheduledExecutorService housekeeping;
    private final String region;
    private final String account;

    /* Tests register a movable clock; the system clock otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Clock clock;

    @Activate
    public MonitoringComponent(BundleContext context, Config config) {
        this.region = property(context, "stratus.region", "us-east-1");
        this.account = property(context, "stratus.account", "000000000000");
        Path directory = Path.of(property(context, "stratus.data", "./data")).resolve("monitoring");
        // CloudWatch keeps one-minute data 15 days: never less
        int retentionDays = Math.max(MINIMUM_METRIC_RETENTION_DAYS, config.metricRetentionDays());
        if (retentionDays != config.metricRetentionDays()) {
            LOG.warn("metricRetentionDays {} is below {}; keeping metrics {} days", config.metricRetentionDays(),
                    MINIMUM_METRIC_RETENTION_DAYS, retentionDays);
        }
        core = new MonitoringCore(directory, prices(config), retentionDays, this::currentClock);
        try {
            core.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the monitoring data in " + directory, e);
        }
        housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stratus-monitoring");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(this::flush, config.flushSeconds(), config.flushSeconds(), TimeUnit.SECONDS);
        housekeeping.scheduleWithFixedDelay(this::expire, 0, config.retentionCheckMinutes(), TimeUnit.MINUTES);
    }

    @Modified
    void modified(Config config) {
        core.billing().prices(prices(config));
    }

    /* A price that is not a non-negative number leaves AWS's prices in force rather than stopping monitoring. */
    private static io.stratus.monitoring.impl.billing.Billing.Prices prices(Config config) {
        try {
            return MonitoringCore.prices(config.requestPricePerMillion(), config.gbSecondPrice(), config.freeRequests(),
                    config.freeGbSeconds());
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring the configured prices ({}); using AWS's x86 first tier and free tier", e.getMessage());
            return io.stratus.monitoring.impl.billing.Billing.Prices.AWS;
        }
    }

    @Deactivate
    void deactivate() {
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(5, TimeUnit.SECONDS);
            core.close();
        } catch (IOException e) {
            LOG.warn("Cannot write the last monitoring data: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flush() {
        try {
            core.flush(false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write monitoring data: {}", e.toString());
        }
    }

    private void expire() {
        try {
            core.expire();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot apply log and metric retention: {}", e.toString());
        }
    }

    private Clock currentClock() {
        Clock c = clock;
        return c == null ? Clock.systemUTC() : c;
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    MonitoringCore core() {
        return core;
    }

    String region() {
        return region;
    }

    String account() {
        return account;
    }

    // ------------------------------------------------------------------ services

    @Override
    public void invoked(InvocationRecord record) {
        core.record(record);
    }

    @Override
    public void deadLetterFailed(String functionName, String requestId, Instant at, String reason) {
        core.deadLetterError(functionName, at);
    }

    @Override
    public String extend(InvocationRecord record, String report) {
        return core.extendForTail(record, report);
    }

    @Override
    public List<MetricPoint> metric(String functionName, String metricName, Instant start, Instant end,
            int periodSeconds) {
        return core.metric(functionName, metricName, start, end, periodSeconds);
    }

    @Override
    public List<LogLine> logs(String functionName, long sinceMillis, int limit) {
        return core.logs(functionName, sinceMillis, limit);
    }

    @Override
    public BillingReport billing(YearMonth month) {
        return core.billing(month);
    }

    @Override
    public YearMonth currentMonth() {
        return core.currentMonth();
    }
}
