package io.stratus.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import com.sun.management.OperatingSystemMXBean;

/**
 * N scheduled rules of {@code rate(1 minute)} (default 10,000), each targeting one trivial function,
 * on the real platform started in this JVM from stratus.jar. Rules are created through the
 * EventBridge API (JSON 1.1 over HTTP, 4 clients), which spreads their ticks over the seconds the
 * creation took, as rates count from each rule's creation. After a warm-up minute, for M minutes
 * (default 3): the function writes {@code <rule ARN> <epoch ms>} when its handler runs; each tick's
 * lateness is that moment minus the tick's due time (the rule's creation time plus whole minutes,
 * read from the scheduler's RuleService), so it counts the scheduler, the asynchronous queue and the
 * handler call. Ticks due in the window must appear exactly once. CPU per minute is the process's
 * CPU time over the window, against the same platform idle (no rules) measured first.
 */
public final class SchedulerBench {

    private static final String FUNCTION = "ticks";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private SchedulerBench() {
    }

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        PrintStream out = System.out;
        Path home = Files.createTempDirectory("stratus-scheduler-bench-");
        Path ticks = home.resolve("ticks.log");
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BenchPlatform platform = BenchPlatform.start(home)) {
            BundleContext context = platform.framework.getBundleContext();
            Bundle bundle = context.installBundle("bench:ticks", new java.io.ByteArrayInputStream(functionBundle(ticks)));
            bundle.start();
            Api api = new Api(platform.awsPort());
            api.awaitFunction();

            long idleCpu = os.getProcessCpuTime();
            long idleWall = System.nanoTime();
            Thread.sleep(idleSeconds * 1000L);
            double idleCpuPerMinute = cpuPerMinute(os.getProcessCpuTime() - idleCpu, System.nanoTime() - idleWall);

            String arn = "arn:aws:lambda:us-east-1:000000000000:function:" + FUNCTION;
            long createStart = System.nanoTime();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < rules; i++) {
                String name = String.format(Locale.ROOT, "bench-%05d", i);
                created.add(clients.submit(() -> {
                    api.call("PutRule", "{\"Name\":\"" + name + "\",\"ScheduleExpression\":\"rate(1 minute)\"}");
                    api.call("PutTargets", "{\"Rule\":\"" + name + "\",\"Targets\":[{\"Id\":\"t\",\"Arn\":\"" + arn + "\"}]}");
                    return null;
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
            clients.shutdown();
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            // each rule has fired once by the end of the warm-up minute
            Thread.sleep(MINUTE.toMillis());

            long windowStart = System.currentTimeMillis();
            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            Thread.sleep(MINUTE.toMillis() * minutes);
            long cpu = os.getProcessCpuTime() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            long windowEnd = windowStart + wall / 1_000_000;
            Thread.sleep(10_000); // ticks due just before the end may still be on their way

            Map<String, Long> createdAt = createdTimes(context);
            Result result = analyse(Files.readAllLines(ticks), createdAt, windowStart, windowEnd);
            double cpuPerMinute = cpuPerMinute(cpu, wall);

            out.printf(Locale.ROOT, "== scheduler: %d rules of rate(1 minute), one trivial Lambda target each ==%n", rules);
            out.printf(Locale.ROOT, "JDK %s, %d cores; rules created through the EventBridge API in %.1f s (4 clients)%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), createSeconds);
            out.printf(Locale.ROOT, "window: %d min after a warm-up minute; ticks due in it: %d, ran once: %d, "
                    + "missing: %d, ran twice or more: %d%n", minutes, result.due, result.once, result.missing,
                    result.duplicates);
            out.printf(Locale.ROOT, "lateness (handler start - due), ms: p50 %.0f  p90 %.0f  p99 %.0f  max %.0f  mean %.1f%n",
                    percentile(result.lateness, 50), percentile(result.lateness, 90), percentile(result.lateness, 99),
                    percentile(result.lateness, 100), Arrays.stream(result.lateness).average().orElse(0));
            out.printf(Locale.ROOT, "CPU: %.2f s per minute (%.1f %% of one core) with the rules; idle platform %.2f s "
                    + "per minute (%.1f %%)%n", cpuPerMinute, cpuPerMinute / 60 * 100, idleCpuPerMinute,
                    idleCpuPerMinute / 60 * 100);
            double p99 = percentile(result.lateness, 99);
            out.printf(Locale.ROOT, "goal p99 <= 100 ms: %s%n", p99 <= 100 ? "MET (p99 " + Math.round(p99) + " ms)"
                    : "MISSED by " + Math.round(p99 - 100) + " ms (p99 " + Math.round(p99) + " ms)");
        } finally {
            BenchPlatform.deleteTree(home);
        }
    }

    private static double cpuPerMinute(long cpuNanos, long wallNanos) {
        return cpuNanos / 1e9 / (wallNanos / 6e10);
    }

    record Result(int due, int once, int missing, int duplicates, double[] lateness) {
    }

    /** Matches each handler run to its tick and counts the ticks due in [start, end). */
    static Result analyse(List<String> lines, Map<String, Long> createdAt, long start, long end) {
        Map<String, Integer> runsPerTick = new HashMap<>();
        List<Double> lateness = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            String rule = parts[0].substring(parts[0].lastIndexOf('/') + 1);
            long actual = Long.parseLong(parts[1]);
            Long created = createdAt.get(rule);
            if (created == null) {
                continue;
            }
            long k = (actual - created) / MINUTE.toMillis();
            long due = created + k * MINUTE.toMillis();
            if (due >= start && due < end) {
                lateness.add((double) (actual - due));
                runsPerTick.merge(rule + "@" + k, 1, Integer::sum);
            }
        }
        int due = 0;
        int once = 0;
        int missing = 0;
        int duplicates = 0;
        for (Map.Entry<String, Long> rule : createdAt.entrySet()) {
            long created = rule.getValue();
            for (long k = Math.max(1, (start - created + MINUTE.toMillis() - 1) / MINUTE.toMillis());
                    created + k * MINUTE.toMillis() < end; k++) {
                due++;
                int runs = runsPerTick.getOrDefault(rule.getKey() + "@" + k, 0);
                if (runs == 0) {
                    missing++;
                } else if (runs == 1) {
                    once++;
                } else {
                    duplicates++;
                }
            }
        }
        return new Result(due, once, missing, duplicates, lateness.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Each rule's creation time, from the scheduler's RuleService (through reflection: it lives in a bundle). */
    private static Map<String, Long> createdTimes(BundleContext context) throws Exception {
        ServiceReference<?> reference = context.getServiceReference("io.stratus.scheduler.api.RuleService");
        Object service = context.getService(reference);
        Class<?> api = reference.getBundle().loadClass("io.stratus.scheduler.api.RuleService");
        List<?> rules = (List<?>) api.getMethod("rules", String.class).invoke(service, (Object) null);
        Map<String, Long> created = new HashMap<>();
        if (!rules.isEmpty()) {
            Method name = rules.get(0).getClass().getMethod("name");
            Method createdAt = rules.get(0).getClass().getMethod("created");
            for (Object rule : rules) {
                created.put((String) name.invoke(rule), ((Instant) createdAt.invoke(rule)).toEpochMilli());
            }
        }
        return created;
    }

    /** A function bundle around {@code io.stratus.bench.TickRecorder}, writing to {@code ticks}. */
    private static byte[] functionBundle(Path ticks) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "bench.ticks");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "com.amazonaws.services.lambda.runtime;version=\"[1.2,2)\"");
        main.putValue("Provide-Capability", "io.stratus.function;io.stratus.function=" + FUNCTION
                + ";handler.class=\"io.stratus.bench.TickRecorder\";timeout:Long=30"
                + ";environment:List<String>=\"TICKS=" + ticks + "\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String entry = "io/stratus/bench/TickRecorder.class";
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest);
                InputStream in = SchedulerBench.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** The EventBridge and Lambda APIs over plain HTTP. */
    private static final class Api {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;

        Api(int awsPort) {
            base = "http://127.0.0.1:" + awsPort + "/";
        }

        void call(String operation, String json) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base))
                    .header("X-Amz-Target", "AWSEvents." + operation)
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"FailedEntryCount\":1")) {
                throw new IllegalStateException(operation + " " + json + " answered " + response.statusCode() + " "
                        + response.body());
            }
        }

        void awaitFunction() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (http.send(HttpRequest.newBuilder(URI.create(base + "2015-03-31/functions/" + FUNCTION)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("function " + FUNCTION + " did not appear");
                }
                Thread.sleep(50);
            }
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double percent) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
