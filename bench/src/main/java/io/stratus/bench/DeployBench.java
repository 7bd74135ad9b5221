package io.stratus.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.ToolProvider;

/**
 * Uploaded code on a running platform, over the Lambda REST API: CreateFunction of a ~10 MB fat jar
 * until the first successful Invoke (p50, p99 over N functions); then one client invoking a function
 * back to back, first alone (baseline), then while the function's code is replaced 20 times
 * (UpdateFunctionCode latency, and the invoke latency during the swaps against the baseline).
 *
 * <p>Arguments: AWS endpoint URL, aws-lambda-java-core jar, functions to create, seconds of baseline.
 */
public final class DeployBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HANDLER = """
            package bench;
            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
            import java.io.*;
            public class Echo implements RequestStreamHandler {
                public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
                    out.write(("\\"" + context.getFunctionVersion() + "\\"").getBytes());
                }
            }
            """;

    private final String endpoint;

    private DeployBench(String endpoint) {
        this.endpoint = endpoint;
    }

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path core = Path.of(args[1]);
        int functions = Integer.parseInt(args[2]);
        int baselineSeconds = Integer.parseInt(args[3]);
        DeployBench bench = new DeployBench(endpoint);
        byte[] classes = compile(core);
        List<byte[]> jars = new ArrayList<>();
        for (int i = 0; i < 22; i++) {
            jars.add(fatJar(classes, i, 10 << 20));
        }
        System.out.printf(Locale.ROOT, "fat jar: %.1f MB (handler + %d MB of incompressible resources)%n",
                jars.get(0).length / 1048576.0, 10);

        // 1. CreateFunction -> first successful invoke
        List<Double> create = new ArrayList<>();
        for (int i = 0; i < functions + 2; i++) {
            String name = "bench-" + i;
            long start = System.nanoTime();
            bench.createFunction(name, jars.get(i % jars.size()));
            while (bench.invoke(name) != 200) {
                Thread.onSpinWait();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= 2) {
                create.add(ms); // the first two warm the JIT and the platform
            }
            bench.delete(name);
        }
        report("CreateFunction (10 MB) -> first successful Invoke", create);

        // 2. invoke latency alone, then during 20 swaps
        bench.createFunction("swap", jars.get(0));
        List<Double> baseline = bench.invokeFor(baselineSeconds * 1000L, null);
        report("Invoke, no swaps (" + baselineSeconds + " s)", baseline);

        List<Double> updates = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                Thread.sleep(200);
                for (int i = 1; i <= 20; i++) {
                    long start = System.nanoTime();
                    int status = bench.updateCode("swap", jars.get(i));
                    updates.add((System.nanoTime() - start) / 1e6);
                    if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
                failures.incrementAndGet();
            } finally {
                done.set(true);
            }
        });
        swapper.start();
        List<Double> during = bench.invokeFor(Long.MAX_VALUE, done);
        swapper.join();
        report("UpdateFunctionCode (10 MB) under load", updates);
        report("Invoke during the 20 swaps", during);
        System.out.println("failed invocations during swaps: " + bench.failed.get() + ", failed updates: " + failures);
        bench.delete("swap");
    }

    private final AtomicInteger failed = new AtomicInteger();

    private List<Double> invokeFor(long millis, AtomicBoolean until) throws Exception {
        List<Double> latencies = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000;
        while (until == null ? System.nanoTime() < end : !until.get()) {
            long start = System.nanoTime();
            int status = invoke("swap");
            latencies.add((System.nanoTime() - start) / 1e6);
            if (status != 200) {
                failed.incrementAndGet();
            }
        }
        return latencies;
    }

    private static void report(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-50s n=%5d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private void createFunction(String name, byte[] jar) throws Exception {
        String body = "{\"FunctionName\":\"" + name + "\",\"Runtime\":\"java17\",\"Handler\":\"bench.Echo\","
                + "\"Role\":\"arn:aws:iam::000000000000:role/bench\",\"Code\":{\"ZipFile\":\""
                + Base64.getEncoder().encodeToString(jar) + "\"}}";
        HttpResponse<String> response = send("POST", "/2015-03-31/functions", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("CreateFunction " + response.statusCode() + ": " + response.body());
        }
    }

    private int updateCode(String name, byte[] jar) throws Exception {
        String body = "{\"ZipFile\":\"" + Base64.getEncoder().encodeToString(jar) + "\"}";
        return send("PUT", "/2015-03-31/functions/" + name + "/code", body).statusCode();
    }

    private int invoke(String name) throws Exception {
        HttpResponse<String> response = send("POST", "/2015-03-31/functions/" + name + "/invocations", "{}");
        return response.headers().firstValue("X-Amz-Function-Error").isPresent() ? 500 : response.statusCode();
    }

    private void delete(String name) throws Exception {
        send("DELETE", "/2015-03-31/functions/" + name, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/lambda/aws4_request, "
                        + "SignedHeaders=host, Signature=0");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] compile(Path core) throws IOException {
        Path dir = Files.createTempDirectory("deploy-bench");
        Path source = Files.createDirectories(dir.resolve("bench")).resolve("Echo.java");
        Files.writeString(source, HANDLER);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp",
                core.toString(), "-d", dir.resolve("out").toString(), source.toString());
        if (status != 0) {
            throw new IllegalStateException("cannot compile the bench handler");
        }
        return Files.readAllBytes(dir.resolve("out/bench/Echo.class"));
    }

    /* A handler plus `size` bytes of random (incompressible) resources, like a fat jar's libraries. */
    private static byte[] fatJar(byte[] handler, int seed, int size) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("bench/Echo.class"));
            out.write(handler);
            out.closeEntry();
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i * block.length < size; i++) {
                random.nextBytes(block);
                out.putNextEntry(new ZipEntry("lib-resources/r" + i + ".bin"));
                out.write(block);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
