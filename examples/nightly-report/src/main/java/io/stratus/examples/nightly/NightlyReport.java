package io.stratus.examples.nightly;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import io.stratus.function.api.Function;
import io.stratus.function.api.Schedule;

/**
 * The nightly job: every day at 12:00 UTC the rule {@code nightly-report} (declared here, so it
 * comes and goes with this bundle) runs this function with a Scheduled Event; the function writes a
 * small report to its log ({@code /aws/lambda/nightly-report}) and returns it.
 */
@Function(name = "nightly-report", timeout = 30, description = "Logs a small report once a day")
@Schedule(name = "nightly-report", expression = "cron(0 12 * * ? *)",
        description = "Runs nightly-report every day at 12:00 UTC")
public class NightlyReport implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report", "nightly");
        report.put("scheduledFor", event.getTime() == null ? null : event.getTime().toString());
        report.put("rule", event.getResources() == null || event.getResources().isEmpty() ? null
                : event.getResources().get(0));
        report.put("eventId", event.getId());
        report.put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        report.put("heapUsedMb", heap.getUsed() / (1024 * 1024));
        report.put("processors", Runtime.getRuntime().availableProcessors());
        context.getLogger().log("nightly report " + report);
        return report;
    }
}
