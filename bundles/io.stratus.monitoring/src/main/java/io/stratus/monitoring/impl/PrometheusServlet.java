package io.stratus.monitoring.impl;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import io.stratus.monitoring.api.BillingReport;
import io.stratus.monitoring.api.MetricPoint;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /system/metrics} on the gateway port: the function metrics in the Prometheus text format
 * (0.0.4). Counters count since the platform started, with CloudWatch's definitions (invocations
 * exclude throttles; errors include timeouts); duration is a summary with p50/p90/p99; concurrency is
 * the maximum of the last complete minute; the month's bill is a gauge. Open, like health: no secrets.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/system/metrics")
@HttpWhiteboardTarget("(!(stratus.endpoint=aws))")
public final class PrometheusServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MonitoringComponent monitoring;

    @Activate
    public PrometheusServlet(@Reference MonitoringComponent monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = render(monitoring.core()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String render(MonitoringCore core) {
        StringBuilder out = new StringBuilder(2048);
        Map<String, Totals.Counters> functions = core.totals().snapshot();
        counter(out, "stratus_lambda_invocations_total", "Invocations (CloudWatch Invocations: excludes throttles)");
        functions.forEach((name, c) -> {
            synchronized (c) {
                sample(out, "stratus_lambda_invocations_total", name, c.invocations);
            }
        });
        counter(out, "stratus_lambda_errors_total", "Invocations that failed (CloudWatch Errors: handler errors and timeouts)");
        functions.forEach((name, c) -> {
            synchronized (c) {
                sample(out, "stratus_lambda_errors_total", name, c.errors);
            }
        });
        counter(out, "stratus_lambda_throttles_total", "Invocation requests refused for concurrency (CloudWatch Throttles)");
        functions.forEach((name, c) -> {
            synchronized (c) {
                sample(out, "stratus_lambda_throttles_total", name, c.throttles);
            }
        });
        counter(out, "stratus_lambda_dead_letter_errors_total",
                "Asynchronous events whose dead letter could not be stored (CloudWatch DeadLetterErrors)");
        functions.forEach((name, c) -> {
            synchronized (c) {
                sample(out, "stratus_lambda_dead_letter_errors_total", name, c.deadLetterErrors);
            }
        });
        out.append("# HELP stratus_lambda_duration_milliseconds Handler run time (CloudWatch Duration)\n");
        out.append("# TYPE stratus_lambda_duration_milliseconds summary\n");
        functions.forEach((name, c) -> {
            synchronized (c) {
                if (c.invocations == 0) {
                    return;
                }
                for (double q : new double[] {0.5, 0.9, 0.99}) {
                    out.append("stratus_lambda_duration_milliseconds{function=\"").append(escape(name))
                            .append("\",quantile=\"").append(q).append("\"} ")
                            .append(number(c.durations.getValueAtPercentile(q * 100))).append('\n');
                }
                sample(out, "stratus_lambda_duration_milliseconds_sum", name, c.durationSumMillis);
                sample(out, "stratus_lambda_duration_milliseconds_count", name, c.invocations);
            }
        });
        out.append("# HELP stratus_lambda_concurrent_executions Maximum concurrent executions in the last complete minute\n");
        out.append("# TYPE stratus_lambda_concurrent_executions gauge\n");
        long now = core.clock().get().millis();
        long minute = Math.floorDiv(now, 60_000) * 60_000;
        for (String name : functions.keySet()) {
            double max = 0;
            for (MetricPoint p : core.metric(name, "ConcurrentExecutions", Instant.ofEpochMilli(minute - 60_000),
                    Instant.ofEpochMilli(minute), 60)) {
                max = Math.max(max, p.maximum());
            }
            sample(out, "stratus_lambda_concurrent_executions", name, max);
        }
        YearMonth month = core.currentMonth();
        BillingReport bill = core.billing(month);
        out.append("# HELP stratus_lambda_billed_gb_seconds GB-seconds billed this calendar month (UTC)\n");
        out.append("# TYPE stratus_lambda_billed_gb_seconds gauge\n");
        for (BillingReport.FunctionCost f : bill.functions()) {
            sample(out, "stratus_lambda_billed_gb_seconds", f.functionName(), f.gbSeconds().doubleValue());
        }
        out.append("# HELP stratus_lambda_month_cost_usd Cost of the account this calendar month after the free tier\n");
        out.append("# TYPE stratus_lambda_month_cost_usd gauge\n");
        out.append("stratus_lambda_month_cost_usd ").append(bill.total().stripTrailingZeros().toPlainString())
                .append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
    }

    private static void sample(StringBuilder out, String metric, String function, double value) {
        out.append(metric).append("{function=\"").append(escape(function)).append("\"} ").append(number(value))
                .append('\n');
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString().toLowerCase(Locale.ROOT);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
