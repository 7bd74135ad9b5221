package io.stratus.monitoring.impl;

import static org.junit.Assert.assertTrue;

import java.time.Instant;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.runtime.api.InvocationRecord.Outcome;

public class PrometheusServletTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void rendersTheCloudWatchFiguresAsPrometheusText() {
        Instant now = Instant.parse("2026-11-26T10:30:00Z");
        TestClock clock = new TestClock(now);
        MonitoringCore core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        core.record(Records.of("hello", "a", now.minusSeconds(50), 4_000_000, 128, Outcome.SUCCESS));
        core.record(Records.of("hello", "b", now.minusSeconds(40), 8_000_000, 128, Outcome.ERROR));
        core.record(Records.of("hello", "c", now.minusSeconds(30), 0, 128, Outcome.THROTTLED));
        core.deadLetterError("hello", now.minusSeconds(20));
        String text = PrometheusServlet.render(core);
        assertTrue(text, text.contains("# TYPE stratus_lambda_invocations_total counter\n"
                + "stratus_lambda_invocations_total{function=\"hello\"} 2\n"));
        assertTrue(text, text.contains("stratus_lambda_errors_total{function=\"hello\"} 1\n"));
        assertTrue(text, text.contains("stratus_lambda_throttles_total{function=\"hello\"} 1\n"));
        assertTrue(text, text.contains("stratus_lambda_dead_letter_errors_total{function=\"hello\"} 1\n"));
        assertTrue(text, text.contains("stratus_lambda_duration_milliseconds_sum{function=\"hello\"} 12\n"));
        assertTrue(text, text.contains("stratus_lambda_duration_milliseconds_count{function=\"hello\"} 2\n"));
        assertTrue(text, text.contains("stratus_lambda_concurrent_executions{function=\"hello\"} 1\n"));
        assertTrue(text, text.contains("stratus_lambda_month_cost_usd 0\n"));
    }
}
