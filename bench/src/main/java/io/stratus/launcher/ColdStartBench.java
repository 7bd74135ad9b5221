package io.stratus.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Cold start: install a function bundle, then its first successful Invoke, over many distinct
 * function bundles, on the real platform started in this JVM ({@link BenchPlatform}). Baseline in
 * the same process: warm Invokes of the same functions. Also measures deployment through the
 * deploy/ folder (FileInstall), which is what a user dropping a jar sees.
 *
 * <p>Usage: {@code ColdStartBench <function bundle jar> [functions=100] [deploys=10] [warm-up=10]}.
 * The bundles are copies of the given one with Bundle-SymbolicName {@code bench.fn<i>} and
 * function name {@code fn<i>}; warm-up bundles go first so the JIT has seen the path once.
 */
public final class ColdStartBench {

    /** AWS Lambda's Init duration for a Java 17 function, the external reference the goal is set against. */
    static final double AWS_JAVA17_INIT_MILLIS = 205;
    static final double GOAL_P50_MILLIS = 20;

    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(10);
    private static final int WARM_ROUNDS = 30;
    // fields of the runtime's REPORT log line
    private static final Pattern INIT_DURATION = Pattern.compile("\tInit Duration: ([0-9.]+) ms");
    private static final Pattern DURATION = Pattern.compile("\tDuration: ([0-9.]+) ms");
    // the function name attribute of an io.stratus.function capability clause
    private static final Pattern FUNCTION_NAME = Pattern.compile(";\\s*io\\.stratus\\.function\\s*=\\s*(\"[^\"]*\"|[^;,\"]*)");

    private static String lastStartFailure;

    private ColdStartBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: ColdStartBench <function bundle jar> [functions=100] [deploys=10] [warm-up=10]");
            System.exit(2);
        }
        Path template = Path.of(args[0]);
        if (!Files.isRegularFile(template)) {
            System.err.println("no function bundle at " + template + " (build examples/hello first)");
            System.exit(2);
        }
        int functions = count(args, 1, 100);
        int deploys = count(args, 2, 10);
        int warmUp = count(args, 3, 10);
        PrintStream out = System.out;

        Path home = Files.createTempDirectory("stratus-coldstart");
        try (BenchPlatform platform = BenchPlatform.start(home)) {
            out.println();
            out.println("== platform start in this JVM (empty data dir) ==");
            platform.printStart(out);

            // every bundle is generated before the clock runs
            byte[] original = Files.readAllBytes(template);
            List<byte[]> warmUpJars = new ArrayList<>();
            for (int i = 0; i < warmUp; i++) {
                warmUpJars.add(rename(original, "bench.warm" + i, "warm" + i));
            }
            List<byte[]> jars = new ArrayList<>();
            for (int i = 0; i < functions; i++) {
                jars.add(rename(original, "bench.fn" + i, "fn" + i));
            }

            BundleContext context = platform.framework.getBundleContext();
            Client client = new Client(platform.awsPort(), context);
            for (int i = 0; i < warmUp; i++) {
                coldStart(context, client, "warm" + i, warmUpJars.get(i));
            }
            double[] total = new double[functions];
            double[] install = new double[functions];
            double[] start = new double[functions];
            double[] firstInvoke = new double[functions];
            double[] init = new double[functions];
            double[] handler = new double[functions];
            int retried = 0;
            int failedStarts = 0;
            for (int i = 0; i < functions; i++) {
                ColdStart cold = coldStart(context, client, "fn" + i, jars.get(i));
                total[i] = cold.total();
                install[i] = cold.install();
                start[i] = cold.start();
                firstInvoke[i] = cold.firstInvoke();
                init[i] = cold.init();
                handler[i] = cold.handler();
                retried += cold.attempts() > 1 ? 1 : 0;
                failedStarts += cold.failedStarts();
            }

            // baseline: the same functions, warm, in the same process and over the same connection
            for (int i = 0; i < functions; i++) {
                client.invokeOk("fn" + i);
            }
            double[] warm = new double[WARM_ROUNDS * functions];
            for (int round = 0; round < WARM_ROUNDS; round++) {
                for (int i = 0; i < functions; i++) {
                    long t0 = System.nanoTime();
                    client.invokeOk("fn" + i);
                    warm[round * functions + i] = (System.nanoTime() - t0) / 1e6;
                }
            }

            double[] deployed = deployThroughFolder(platform, client, original, home, deploys);

            out.println();
            out.printf(Locale.ROOT, "== cold start: installBundle + start -> first Invoke answering 200 without X-Amz-Function-Error ==%n");
            out.printf(Locale.ROOT, "JDK %s, %d cores; %d bundles generated from %s (%d more before them as warm-up, not counted)%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), functions,
                    template.getFileName(), warmUp);
            out.printf(Locale.ROOT, "  %-40s %8s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
            row(out, "cold start (install -> first 200)", total);
            row(out, "  installBundle", install);
            row(out, "  start (extender registers the function)", start);
            row(out, "  first Invoke (client to client)", firstInvoke);
            row(out, "    of which Init Duration (REPORT)", init);
            row(out, "    of which handler Duration (REPORT)", handler);
            row(out, "warm Invoke, same functions (baseline)", warm);
            out.printf(Locale.ROOT, "  (%d warm Invokes: %d rounds over the %d functions; %d first Invokes needed a retry)%n",
                    warm.length, WARM_ROUNDS, functions, retried);
            if (failedStarts > 0) {
                out.printf(Locale.ROOT, "  %d of %d bundle starts failed and were repeated (counted in the time): %s%n",
                        failedStarts, functions, lastStartFailure);
            }
            out.printf(Locale.ROOT, "cold/warm: p50 x%.1f, p99 x%.1f;  first Invoke/warm: p50 x%.1f%n",
                    percentile(total, 50) / percentile(warm, 50), percentile(total, 99) / percentile(warm, 99),
                    percentile(firstInvoke, 50) / percentile(warm, 50));
            double p50 = percentile(total, 50);
            out.printf(Locale.ROOT, "goal p50 <= %.0f ms: %s (p50 %.2f ms)%n", GOAL_P50_MILLIS,
                    p50 <= GOAL_P50_MILLIS ? "met" : String.format(Locale.ROOT, "MISSED by %.2f ms", p50 - GOAL_P50_MILLIS), p50);
            out.printf(Locale.ROOT, "reference: AWS Lambda Java 17 Init ~%.0f ms (external, not measured here): p50 is x%.3f of it (%.0fx faster)%n",
                    AWS_JAVA17_INIT_MILLIS, p50 / AWS_JAVA17_INIT_MILLIS, AWS_JAVA17_INIT_MILLIS / p50);
            if (deploys > 0) {
                out.println();
                out.printf(Locale.ROOT, "== deploy/ folder: jar moved into deploy/ -> first Invoke answering 200 (FileInstall, poll %s ms) ==%n",
                        platform.framework.getBundleContext().getProperty("felix.fileinstall.poll"));
                out.printf(Locale.ROOT, "  %-40s %8s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "max ms", "mean ms");
                row(out, deploys + " bundles, one at a time", deployed);
                out.printf(Locale.ROOT, "  each (ms): %s%n", Arrays.toString(Arrays.stream(deployed)
                        .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toArray()));
            }
        } finally {
            BenchPlatform.deleteTree(home);
        }
        // the HTTP client's and the platform's leftover non-daemon threads must not keep us alive
        System.exit(0);
    }

    /** One cold start, in milliseconds; init and handler are the runtime's REPORT figures of the first Invoke. */
    record ColdStart(double install, double start, double firstInvoke, double init, double handler, int attempts,
            int failedStarts) {
        double total() {
            return install + start + firstInvoke;
        }
    }

    private static ColdStart coldStart(BundleContext context, Client client, String function, byte[] jar) throws Exception {
        long t0 = System.nanoTime();
        Bundle bundle = context.installBundle("bench:" + function, new ByteArrayInputStream(jar));
        long installed = System.nanoTime();
        int failedStarts = start(bundle);
        long t1 = System.nanoTime();
        int attempts = client.untilOk(function, 0, true);
        long t2 = System.nanoTime();
        return new ColdStart((installed - t0) / 1e6, (t1 - installed) / 1e6, (t2 - t1) / 1e6,
                reported(client.lastLog, INIT_DURATION), reported(client.lastLog, DURATION), attempts, failedStarts);
    }

    /** A duration from the REPORT line of the invocation's log tail; NaN when missing. */
    private static double reported(String log, Pattern field) {
        Matcher matcher = field.matcher(log);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    /**
     * Starts the bundle, again if the first try fails, and returns how many tries failed. A start
     * can fail when another thread resolves the same bundle at that moment: Felix then interrupts
     * the starter to break the lock cycle ("Unable to acquire global lock for resolve").
     */
    private static int start(Bundle bundle) throws BundleException {
        for (int failed = 0;; failed++) {
            try {
                bundle.start();
                return failed;
            } catch (BundleException e) {
                if (failed == 2) {
                    throw e;
                }
                lastStartFailure = e.getMessage();
            }
        }
    }

    /**
     * Moves generated jars into deploy/ one at a time, each after a random pause of up to one poll
     * interval so the moment of the drop falls anywhere in FileInstall's poll cycle.
     */
    private static double[] deployThroughFolder(BenchPlatform platform, Client client, byte[] original, Path home,
            int deploys) throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        long poll = Long.parseLong(platform.framework.getBundleContext().getProperty("felix.fileinstall.poll"));
        Random random = new Random(42);
        double[] millis = new double[deploys];
        for (int i = 0; i < deploys; i++) {
            String function = "dep" + i;
            Path staged = staging.resolve(function + ".jar");
            Files.write(staged, rename(original, "bench.dep" + i, function));
            Thread.sleep(random.nextInt((int) poll + 1));
            long t0 = System.nanoTime();
            // atomic, so FileInstall never sees a half-written jar (same file system as deploy/)
            Files.move(staged, platform.deploy().resolve(function + ".jar"), StandardCopyOption.ATOMIC_MOVE);
            client.untilOk(function, 1, false);
            millis[i] = (System.nanoTime() - t0) / 1e6;
        }
        return millis;
    }

    /**
     * A copy of a function bundle with another symbolic name and function name: the manifest's
     * Bundle-SymbolicName and the io.stratus.function capability's name attribute are rewritten.
     */
    static byte[] rename(byte[] jar, String symbolicName, String function) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            if (in.getManifest() == null) {
                throw new IOException("not a bundle: no manifest");
            }
            Manifest manifest = new Manifest(in.getManifest());
            Attributes main = manifest.getMainAttributes();
            String capability = main.getValue("Provide-Capability");
            Matcher names = FUNCTION_NAME.matcher(capability == null ? "" : capability);
            if (!names.find() || names.find()) {
                throw new IOException("the bundle must declare exactly one function; Provide-Capability: " + capability);
            }
            names.reset();
            main.putValue("Provide-Capability", names.replaceFirst(";io.stratus.function=" + function));
            main.putValue("Bundle-SymbolicName", symbolicName);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null;) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        }
    }

    /** Lambda Invoke over one kept-alive HTTP/1.1 connection, as an SDK client would. */
    static final class Client {
        private static final byte[] EVENT = "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8);

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;
        private String lastAnswer = "none";
        private String lastLog = "";

        /** The platform's RequestPresigner (IAM), called by reflection: its API lives inside the framework. */
        private final Object presigner;
        private final java.lang.reflect.Method presign;
        private final String region;

        Client(int awsPort, BundleContext context) throws InterruptedException, ReflectiveOperationException {
            base = "http://127.0.0.1:" + awsPort + "/2015-03-31/functions/";
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
            presigner = context.getService(reference);
            presign = presigner.getClass().getMethod("presign", String.class, String.class, String.class, String.class,
                    java.time.Duration.class);
        }

        /** Every request on the AWS endpoint must be signed: a URL presigned with the root key, as a client would sign. */
        private URI invocationUri(String function) throws IOException {
            try {
                return URI.create((String) presign.invoke(presigner, "POST", base + function + "/invocations", "lambda",
                        region, java.time.Duration.ofMinutes(15)));
            } catch (ReflectiveOperationException e) {
                throw new IOException("presigning failed", e);
            }
        }

        /** True when the function answered 200 without a function error; with {@code tail}, keeps its log tail. */
        boolean invoke(String function, boolean tail) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(invocationUri(function))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EVENT));
            if (tail) {
                request.header("X-Amz-Log-Type", "Tail");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == 200 && response.headers().firstValue("X-Amz-Function-Error").isEmpty();
            if (!ok) {
                lastAnswer = response.statusCode() + " " + response.headers().firstValue("X-Amz-Function-Error").orElse("")
                        + " " + response.body();
            } else if (tail) {
                lastLog = response.headers().firstValue("X-Amz-Log-Result")
                        .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).orElse("");
            }
            return ok;
        }

        void invokeOk(String function) throws IOException, InterruptedException {
            if (!invoke(function, false)) {
                throw new IllegalStateException(function + " failed: " + lastAnswer);
            }
        }

        /** Invokes until a success, pausing between attempts; returns the number of attempts. */
        int untilOk(String function, long pauseMillis, boolean tail) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + INVOKE_TIMEOUT.toNanos();
            for (int attempts = 1;; attempts++) {
                if (invoke(function, tail)) {
                    return attempts;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(function + " did not answer within " + INVOKE_TIMEOUT.toSeconds()
                            + " s; last answer: " + lastAnswer);
                }
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double percent) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void row(PrintStream out, String name, double[] values) {
        out.printf(Locale.ROOT, "  %-40s %8.3f %8.3f %8.3f %8.3f%n", name, percentile(values, 50), percentile(values, 99),
                percentile(values, 100), Arrays.stream(values).average().orElse(0));
    }

    private static int count(String[] args, int index, int fallback) {
        if (args.length <= index) {
            return fallback;
        }
        int value = Integer.parseInt(args[index]);
        if (value < 0 || (index == 1 && value < 1)) {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a positive count, not " + value);
        }
        return value;
    }
}
