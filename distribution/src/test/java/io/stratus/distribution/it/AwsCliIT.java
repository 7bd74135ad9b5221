package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The aws CLI version 2 (Debian's {@code awscli}) against {@code java -jar stratus.jar} started with
 * nothing configured, as the README's quick start does: unsigned requests are refused,
 * {@code data/credentials} signs, {@code aws logs tail} (also {@code --follow}) shows START / END /
 * REPORT, and {@code aws cloudwatch get-metric-statistics} sums the invocations (this CLI speaks the
 * query protocol to CloudWatch). Skipped when no aws CLI 2 is installed on a developer machine; on CI
 * (CI=true) a missing CLI fails the test (.ci/run installs it).
 */
public class AwsCliIT {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration CALL = Duration.ofSeconds(120);
    private static final List<String> CANDIDATES = List.of("/usr/bin/aws", "/usr/local/bin/aws");
    private static final Pattern SUM = Pattern.compile("\"Sum\":\\s*([0-9.]+)");

    private static String cli;
    private static StratusProcess stratus;

    /** One finished CLI call. */
    private record Result(int exit, String out, String err) {
        Result ok(String what) {
            if (exit != 0) {
                fail(what + " exited " + exit + ": " + err + out);
            }
            return this;
        }
    }

    private static String awsCli2() throws Exception {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                Process version = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (version.waitFor(60, TimeUnit.SECONDS) && text.startsWith("aws-cli/2")) {
                    return candidate;
                }
            }
        }
        return null;
    }

    @BeforeClass
    public static void start() throws Exception {
        cli = awsCli2();
        if (cli == null && "true".equals(System.getenv("CI"))) {
            fail("CI must install the aws CLI version 2 (.ci/run installs Debian's awscli): none at " + CANDIDATES);
        }
        assumeTrue("aws CLI 2 is not installed", cli != null);
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        Path directory = Files.createTempDirectory(work, "AwsCliIT-");
        Path deploy = Files.createDirectories(directory.resolve("deploy"));
        Path hello = Path.of(StratusTestSupport.required("stratus.test.functions"), "io.stratus.examples.hello.jar");
        Files.copy(hello, deploy.resolve("hello.jar"), StandardCopyOption.REPLACE_EXISTING);
        stratus = StratusProcess.start(directory, Map.of());
        stratus.awaitBanner(READY);
        RuntimeItSupport.await("hello to be deployed", READY,
                () -> aws("lambda", "get-function", "--function-name", "hello").exit() == 0 ? Boolean.TRUE : null);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (stratus != null) {
            stratus.close();
        }
    }

    private static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(cli, "--endpoint-url", "http://127.0.0.1:" + stratus.awsPort()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", stratus.workingDirectory().resolve("data/credentials").toString());
        env.put("AWS_CONFIG_FILE", stratus.workingDirectory().resolve("no-aws-config").toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return builder;
    }

    private static Result aws(String... args) throws Exception {
        Path out = Files.createTempFile(stratus.workingDirectory(), "aws-", ".out");
        Path err = Files.createTempFile(stratus.workingDirectory(), "aws-", ".err");
        Process process = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(CALL.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws " + String.join(" ", args) + " did not finish within " + CALL);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String invoke(String name) throws Exception {
        Path answer = stratus.workingDirectory().resolve("answer-" + name + ".json");
        aws("lambda", "invoke", "--function-name", "hello", "--cli-binary-format", "raw-in-base64-out",
                "--payload", "{\"name\":\"" + name + "\"}", answer.toString()).ok("aws lambda invoke");
        return Files.readString(answer);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    public void unsignedRequestsAreRefusedAndTheCredentialsFileSigns() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI endpoint = URI.create("http://127.0.0.1:" + stratus.awsPort());
        Map<String, HttpRequest> unsigned = new HashMap<>();
        unsigned.put("lambda", HttpRequest.newBuilder(endpoint.resolve("/2015-03-31/functions/")).GET().build());
        unsigned.put("s3", HttpRequest.newBuilder(endpoint.resolve("/")).GET().build());
        unsigned.put("iam", HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListUsers&Version=2010-05-08")).build());
        unsigned.put("logs", HttpRequest.newBuilder(endpoint.resolve("/"))
                .header("Content-Type", "application/x-amz-json-1.1").header("X-Amz-Target", "Logs_20140328.DescribeLogGroups")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        for (Map.Entry<String, HttpRequest> request : unsigned.entrySet()) {
            assertEquals("unsigned " + request.getKey(), 403,
                    http.send(request.getValue(), HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        String identity = aws("sts", "get-caller-identity").ok("aws sts get-caller-identity").out();
        assertTrue(identity, identity.contains(":root\""));
    }

    @Test
    public void logsTailShowsEachInvocationAndFollowSeesNewOnes() throws Exception {
        String first = "first-" + UUID.randomUUID();
        assertTrue(invoke(first).contains(first));
        String tail = aws("logs", "tail", "/aws/lambda/hello", "--since", "1h").ok("aws logs tail").out();
        assertTrue(tail, tail.contains("greeting " + first));
        assertTrue(tail, count(tail, "START RequestId: ") >= 1 && count(tail, "START RequestId: ")
                == count(tail, "END RequestId: ") && count(tail, "END RequestId: ") == count(tail, "REPORT RequestId: "));
        assertTrue(tail, tail.contains("Billed Duration: "));

        Path followed = stratus.workingDirectory().resolve("follow.out");
        Process follow = command("logs", "tail", "/aws/lambda/hello", "--follow", "--since", "1s")
                .redirectErrorStream(true).redirectOutput(followed.toFile()).start();
        try {
            String later = "later-" + UUID.randomUUID();
            // the CLI polls every few seconds; invoke until its output shows the new line
            RuntimeItSupport.await("aws logs tail --follow to show the invocation", CALL, () -> {
                assertTrue("aws logs tail --follow ended: " + Files.readString(followed), follow.isAlive());
                if (!Files.readString(followed).contains("greeting " + later)) {
                    invoke(later);
                    Thread.sleep(3000);
                }
                String shown = Files.readString(followed);
                return shown.contains("greeting " + later) && shown.contains("REPORT RequestId: ") ? shown : null;
            });
        } finally {
            follow.destroy();
            follow.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void getMetricStatisticsSumsTheInvocations() throws Exception {
        String start = Instant.now().minus(Duration.ofHours(2)).toString();
        String end = Instant.now().plus(Duration.ofMinutes(5)).toString();
        String[] query = {"cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name",
            "Invocations", "--dimensions", "Name=FunctionName,Value=hello", "--start-time", start, "--end-time", end,
            "--period", "3600", "--statistics", "Sum", "--output", "json"};
        double before = sum(aws(query).ok("aws cloudwatch get-metric-statistics").out());
        for (int i = 0; i < 3; i++) {
            invoke("metrics-" + i);
        }
        double after = sum(aws(query).ok("aws cloudwatch get-metric-statistics").out());
        assertEquals(before + 3, after, 0.0);
        Result bad = aws("cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name",
                "Invocations", "--start-time", start, "--end-time", end, "--period", "7", "--statistics", "Sum");
        assertTrue(bad.err(), bad.exit() != 0 && bad.err().contains("InvalidParameterValue"));
    }

    private static double sum(String json) {
        double sum = 0;
        Matcher matcher = SUM.matcher(json);
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }
}
