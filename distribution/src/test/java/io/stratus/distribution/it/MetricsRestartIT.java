package io.stratus.distribution.it;

import static io.stratus.distribution.it.RuntimeItSupport.awaitActive;
import static io.stratus.distribution.it.RuntimeItSupport.awaitTrue;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Metrics of the minute in progress survive {@code kill -9}: once the monitoring flush (every second)
 * has written them, a restarted platform counts every invocation made before the kill.
 */
public class MetricsRestartIT {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration FLUSHED = Duration.ofSeconds(30);
    private static final int INVOCATIONS = 7;

    @Test
    public void invocationsOfTheMinuteInProgressAreCountedAfterAKill() throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        Path directory = Files.createTempDirectory(work, "MetricsRestartIT-");
        Path metrics = directory.resolve("data/monitoring/metrics");
        Instant started = Instant.now();

        StratusProcess first = StratusProcess.start(directory, Map.of());
        try {
            first.awaitBanner(READY);
            RuntimeItSupport.dropTestFunctions(directory.resolve("deploy"));
            try (LambdaClient lambda = RuntimeItSupport.lambdaClient(awsEndpoint(first), "us-east-1",
                    directory.resolve("data/credentials"))) {
                awaitActive(lambda, "echo");
                for (int i = 0; i < INVOCATIONS; i++) {
                    lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("{}")));
                }
            }
            awaitTrue("the invocations to be on disk", FLUSHED,
                    () -> durableInvocations(metrics, "echo") == INVOCATIONS);
        } finally {
            first.kill();
        }

        try (StratusProcess second = first.restart(Map.of())) {
            second.awaitBanner(READY);
            try (CloudWatchClient cloudWatch = cloudWatch(second, directory.resolve("data/credentials"))) {
                Instant now = Instant.now();
                List<Datapoint> points = cloudWatch.getMetricStatistics(r -> r.namespace("AWS/Lambda")
                        .metricName("Invocations")
                        .dimensions(Dimension.builder().name("FunctionName").value("echo").build())
                        .startTime(started.minus(Duration.ofMinutes(1))).endTime(now.plus(Duration.ofMinutes(1)))
                        .period(3600).statistics(Statistic.SUM)).datapoints();
                assertEquals(points.toString(), 1, points.size());
                assertEquals(INVOCATIONS, points.get(0).sum(), 0);
            }
            assertTrue(second.isAlive());
        }
    }

    /*
     * What a restart would count, read as the store reads it: the journals' last line per minute, and
     * the in-progress file for minutes the journals don't have.
     */
    private static double durableInvocations(Path metrics, String function) throws IOException {
        if (!Files.isDirectory(metrics)) {
            return 0;
        }
        Map<Long, Double> journaled = new HashMap<>();
        Map<Long, Double> inProgress = new HashMap<>();
        try (Stream<Path> files = Files.list(metrics)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                Map<Long, Double> target = name.endsWith(".jsonl") ? journaled
                        : name.equals("in-progress.ndjson") ? inProgress : null;
                if (target == null) {
                    continue;
                }
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                    String dimensions = json.getAsJsonArray("d").toString();
                    if (json.get("m").getAsString().equals("Invocations")
                            && dimensions.equals("[[\"FunctionName\",\"" + function + "\"]]")) {
                        target.put(json.get("t").getAsLong(), json.get("n").getAsDouble());
                    }
                }
            }
        }
        inProgress.forEach(journaled::putIfAbsent);
        return journaled.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static URI awsEndpoint(StratusProcess stratus) {
        return URI.create("http://127.0.0.1:" + stratus.awsPort());
    }

    private static CloudWatchClient cloudWatch(StratusProcess stratus, Path credentials) {
        return CloudWatchClient.builder().endpointOverride(awsEndpoint(stratus)).region(Region.US_EAST_1)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS)
                                .build())
                        .profileName("default").build())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
