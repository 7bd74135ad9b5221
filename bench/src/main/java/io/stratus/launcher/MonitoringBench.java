package io.stratus.launcher;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Monitoring overhead and log store throughput on the real platform started in this JVM from
 * stratus.jar:
 * <ol>
 * <li>warm Invoke throughput of hello with {@code c} concurrent clients for {@code seconds} per round,
 * in alternating rounds with the monitoring bundle active and stopped (the same script and process),
 * reporting the median of each and the loss;</li>
 * <li>log lines per second written durably through the CloudWatch Logs API (PutLogEvents answers once
 * the lines are fsynced), batches of 1,000 lines of 100 bytes, one and four writers.</li>
 * </ol>
 */
public final class MonitoringBench {

    private static final String MONITORING = "io.stratus.monitoring";
    private static final byte[] EVENT = "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

    private MonitoringBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: MonitoringBench <hello bundle jar> [seconds per round=10] [rounds=3] [clients=4]");
            System.exit(2);
        }
        Path hello = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        PrintStream out = System.out;
        Path home = Files.createTempDirectory("stratus-monitoring-bench");
        try (BenchPlatform platform = BenchPlatform.start(home)) {
            BundleContext context = platform.framework.getBundleContext();
            Bundle function = context.installBundle("bench:hello", Files.newInputStream(hello));
            function.start();
            // every request on the AWS endpoint must be signed: URLs presigned with the root key
            Presigner presigner = new Presigner(context);
            String invokeUrl = presigner.presign("POST",
                    "http://127.0.0.1:" + platform.awsPort() + "/2015-03-31/functions/hello/invocations", "lambda");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!invoke(http, invokeUrl)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("hello did not answer");
                }
                Thread.sleep(20);
            }
            Bundle monitoring = bundle(context, MONITORING);

            out.printf(Locale.ROOT, "== warm Invoke throughput, hello, %d clients, %d s per round, %d rounds each ==%n",
                    clients, seconds, rounds);
            // warm-up alternating monitoring on and off, 30 s in each mode, so both paths are compiled before
            // measuring: on 2 loaded cores the JIT compilers get little CPU, and shorter warm-ups left
            // throughput still rising round after round
            int warmUpPeriods = Math.max(1, (30 + seconds - 1) / seconds);
            out.printf(Locale.ROOT, "  warm-up: %d periods of %d s in each mode, alternating%n", warmUpPeriods, seconds);
            for (int i = 0; i < warmUpPeriods; i++) {
                throughput(http, invokeUrl, clients, seconds);
                monitoring.stop();
                throughput(http, invokeUrl, clients, seconds);
                monitoring.start();
                awaitActive(monitoring);
            }
            double[] active = new double[rounds];
            double[] stopped = new double[rounds];
            double[] activeCpu = new double[rounds];
            double[] stoppedCpu = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                // odd rounds measure stopped first, so a drift in machine load favours neither
                boolean activeFirst = round % 2 == 0;
                for (int half = 0; half < 2; half++) {
                    boolean measureActive = activeFirst == (half == 0);
                    if (measureActive) {
                        if (monitoring.getState() != Bundle.ACTIVE) {
                            monitoring.start();
                        }
                        awaitActive(monitoring);
                        double[] measured = throughput(http, invokeUrl, clients, seconds);
                        active[round] = measured[0];
                        activeCpu[round] = measured[1];
                    } else {
                        monitoring.stop();
                        double[] measured = throughput(http, invokeUrl, clients, seconds);
                        stopped[round] = measured[0];
                        stoppedCpu[round] = measured[1];
                    }
                }
                out.printf(Locale.ROOT,
                        "  round %d (%s first): monitoring active %9.1f inv/s %6.0f µs CPU/inv   stopped %9.1f inv/s %6.0f µs CPU/inv%n",
                        round + 1, activeFirst ? "active" : "stopped", active[round], activeCpu[round], stopped[round],
                        stoppedCpu[round]);
            }
            if (monitoring.getState() != Bundle.ACTIVE) {
                monitoring.start();
            }
            double activeMedian = median(active);
            double stoppedMedian = median(stopped);
            double loss = 100 * (1 - activeMedian / stoppedMedian);
            out.printf(Locale.ROOT, "  median: active %.1f inv/s, stopped %.1f inv/s -> active/stopped %.3f, loss %.1f %%%n",
                    activeMedian, stoppedMedian, activeMedian / stoppedMedian, loss);
            // each round's pair ran back to back: their ratio drifts less with the machine's load than the medians
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = active[round] / stopped[round];
            }
            out.printf(Locale.ROOT, "  median of the rounds' active/stopped: %.3f, loss %.1f %%%n", median(ratios),
                    100 * (1 - median(ratios)));
            // CPU time of the whole process (clients included) per invocation: less sensitive to other load
            double activeCpuMedian = median(activeCpu);
            double stoppedCpuMedian = median(stoppedCpu);
            out.printf(Locale.ROOT, "  median process CPU per invocation: active %.0f µs, stopped %.0f µs -> +%.0f µs (+%.1f %%)%n",
                    activeCpuMedian, stoppedCpuMedian, activeCpuMedian - stoppedCpuMedian,
                    100 * (activeCpuMedian / stoppedCpuMedian - 1));
            out.printf(Locale.ROOT, "  goal loss <= 5 %%: %s%n", loss <= 5 ? "MET" : "MISSED by " + String.format(Locale.ROOT, "%.1f points", loss - 5));

            awaitActive(monitoring);
            String logsUrl = presigner.presign("POST", "http://127.0.0.1:" + platform.awsPort() + "/", "logs");
            out.println();
            out.println("== durable log writes: PutLogEvents, 1,000 lines of 100 bytes per call, answered once fsynced ==");
            for (int writers : new int[] {1, 4}) {
                double lines = logThroughput(http, logsUrl, writers, seconds);
                out.printf(Locale.ROOT, "  %d writer(s): %10.0f lines/s%n", writers, lines);
            }
        }
    }

    /** The platform's RequestPresigner (IAM), called by reflection: its API lives inside the framework. */
    private static final class Presigner {
        private final Object service;
        private final java.lang.reflect.Method presign;
        private final String region;

        Presigner(BundleContext context) throws InterruptedException, ReflectiveOperationException {
            region = context.getProperty("stratus.region") == null ? "us-east-1" : context.getProperty("stratus.region");
            org.osgi.framework.ServiceReference<?> reference = null;
            for (int i = 0; i < 200 && reference == null; i++) {
                reference = context.getServiceReference("io.stratus.aws.api.RequestPresigner");
                if (reference == null) {
                    Thread.sleep(50);
                }
            }
            if (reference == null) {
                throw new IllegalStateException("no io.stratus.aws.api.RequestPresigner service: is IAM running?");
            }
            service = context.getService(reference);
            presign = service.getClass().getMethod("presign", String.class, String.class, String.class, String.class,
                    java.time.Duration.class);
        }

        /* valid for a day: one URL serves the whole run */
        String presign(String method, String url, String signingName) throws ReflectiveOperationException {
            return (String) presign.invoke(service, method, url, signingName, region, java.time.Duration.ofDays(1));
        }
    }

    private static Bundle bundle(BundleContext context, String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new IllegalStateException("no bundle " + symbolicName);
    }

    /* The monitoring component registers its listener a moment after the bundle starts. */
    private static void awaitActive(Bundle monitoring) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (monitoring.getRegisteredServices() == null || monitoring.getRegisteredServices().length < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the monitoring bundle registered no services");
            }
            Thread.sleep(10);
        }
    }

    private static boolean invoke(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(EVENT)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return response.statusCode() == 200 && response.headers().firstValue("X-Amz-Function-Error").isEmpty();
    }

    /**
     * Invocations per second of {@code clients} threads invoking back to back for {@code seconds}, and
     * the process's CPU time per invocation in microseconds.
     */
    private static double[] throughput(HttpClient http, String url, int clients, int seconds) throws Exception {
        // start every period from a collected heap, in both modes: otherwise a period pays for the garbage of
        // the one before and, after the bundle's restart, for promoting the log store it loaded
        System.gc();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> results = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            results.add(pool.submit(() -> {
                long ok = 0;
                long failed = 0;
                while (System.nanoTime() < end) {
                    if (invoke(http, url)) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
                return new long[] {ok, failed};
            }));
        }
        long ok = 0;
        for (Future<long[]> result : results) {
            long[] counts = result.get();
            if (counts[1] > 0) {
                throw new IllegalStateException(counts[1] + " invocations failed");
            }
            ok += counts[0];
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuStart;
        pool.shutdown();
        return new double[] {ok / elapsed, cpu / 1e3 / ok};
    }

    private static double logThroughput(HttpClient http, String url, int writers, int seconds) throws Exception {
        String group = "/bench/logs-" + writers;
        call(http, url, "CreateLogGroup", "{\"logGroupName\":\"" + group + "\"}");
        String line = "x".repeat(100);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<Long>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            String stream = "writer-" + w;
            call(http, url, "CreateLogStream", "{\"logGroupName\":\"" + group + "\",\"logStreamName\":\"" + stream + "\"}");
            results.add(pool.submit(() -> {
                long lines = 0;
                while (System.nanoTime() < end) {
                    long now = System.currentTimeMillis();
                    StringBuilder body = new StringBuilder(120_000);
                    body.append("{\"logGroupName\":\"").append(group).append("\",\"logStreamName\":\"").append(stream)
                            .append("\",\"logEvents\":[");
                    for (int i = 0; i < 1000; i++) {
                        body.append(i == 0 ? "" : ",").append("{\"timestamp\":").append(now).append(",\"message\":\"")
                                .append(line).append("\"}");
                    }
                    body.append("]}");
                    call(http, url, "PutLogEvents", body.toString());
                    lines += 1000;
                }
                return lines;
            }));
        }
        long lines = 0;
        for (Future<Long> result : results) {
            lines += result.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return lines / elapsed;
    }

    private static void call(HttpClient http, String url, String operation, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "Logs_20140328." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + response.statusCode() + " " + response.body());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
