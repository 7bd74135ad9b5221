package io.stratus.monitoring.api;

import java.time.Instant;

/**
 * One period of a metric. Percentiles are NaN for metrics without a histogram.
 *
 * @param timestamp start of the period
 */
public record MetricPoint(Instant timestamp, double sampleCount, double sum, double minimum, double maximum,
        double p50, double p90, double p99) {

    public double average() {
        return sampleCount == 0 ? 0 : sum / sampleCount;
    }
}
