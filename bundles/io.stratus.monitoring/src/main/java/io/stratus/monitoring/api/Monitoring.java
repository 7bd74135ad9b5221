package io.stratus.monitoring.api;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Metrics, logs and bills of the functions, as CloudWatch and the billing endpoint show them. */
@ProviderType
public interface Monitoring {

    /** Metric names of namespace {@code AWS/Lambda} this module records. */
    List<String> LAMBDA_METRICS = List.of("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions");

    /**
     * Statistics of an {@code AWS/Lambda} metric per period, only periods with samples, oldest first.
     *
     * @param functionName the function, or null for the account-wide metric
     * @param periodSeconds a multiple of 60
     */
    List<MetricPoint> metric(String functionName, String metricName, Instant start, Instant end, int periodSeconds);

    /**
     * Events of the function's log group ({@code /aws/lambda/<name>}) with a timestamp at or after
     * {@code sinceMillis}, oldest first, at most {@code limit} (the newest ones when there are more).
     */
    List<LogLine> logs(String functionName, long sinceMillis, int limit);

    /** The bill of a UTC calendar month. */
    BillingReport billing(YearMonth month);

    /** The current UTC calendar month by the platform's clock. */
    YearMonth currentMonth();
}
