package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.osgi.framework.Bundle;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * What the runtime's integration tests share: the test function bundle dropped into {@code deploy/},
 * a Lambda client per test, invoking with JSON, reading JSON answers, and polling with a deadline.
 * The static helpers also serve tests that run the platform as a process.
 */
public abstract class RuntimeItSupport extends StratusTestSupport {

    /** The test function bundle's file, as the distribution's build copies it. */
    static final String TEST_FUNCTIONS_JAR = "io.stratus.test.functions.jar";

    /** How long FileInstall and the runtime may take to make a dropped bundle's functions Active. */
    static final Duration DEPLOY = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 25;

    protected LambdaClient lambda;

    @Before
    public void openLambdaClient() throws Exception {
        awaitHealthy();
        lambda = lambdaClient(awsEndpoint(), property("stratus.region"), Path.of(property("stratus.credentials.file")));
    }

    @After
    public void closeLambdaClient() {
        if (lambda != null) {
            lambda.close();
        }
    }

    /**
     * A Lambda client signing with the credentials file's default profile. It never retries: a
     * retried invocation would run a function twice and hide the answer the platform gave.
     */
    static LambdaClient lambdaClient(URI endpoint, String region, Path credentials) {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default")
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Drops the test function bundle into this framework's deploy folder (once) and waits until the
     * named functions are Active.
     */
    protected void deployTestFunctions(String... functions) throws Exception {
        dropTestFunctions(deployDirectory());
        for (String function : functions) {
            awaitActive(lambda, function, this::deploymentState);
        }
    }

    /**
     * What a deployment that did not happen is judged by, for a failure message: every bundle that is
     * not the platform's (id, symbolic name, state, location), the deploy folder, and the stack of
     * every thread in this JVM, where the framework runs (a stuck extender or FileInstall shows there).
     */
    protected String deploymentState() {
        StringBuilder state = new StringBuilder("\nbundles other than the platform's:");
        // LaunchProperties.platformLocationPrefixProperty() names it, but the probe cannot load the launcher
        String platform = property("stratus.platform.location.prefix");
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (bundle.getBundleId() != 0 && !location.startsWith(platform)) {
                state.append("\n  [").append(bundle.getBundleId()).append("] ").append(bundle.getSymbolicName())
                        .append(' ').append(stateName(bundle.getState())).append(' ').append(location);
            }
        }
        state.append("\ndeploy folder ").append(deployDirectory()).append(':');
        try (Stream<Path> files = Files.list(deployDirectory())) {
            files.sorted().forEach(file -> state.append("\n  ").append(file.getFileName()).append(' ')
                    .append(file.toFile().length()).append(" bytes"));
        } catch (IOException e) {
            state.append("\n  unreadable: ").append(e);
        }
        state.append("\nthreads:");
        Thread.getAllStackTraces().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> e) -> e.getKey().getName()))
                .forEach(e -> {
                    state.append("\n  \"").append(e.getKey().getName()).append("\" ").append(e.getKey().getState());
                    for (StackTraceElement frame : e.getValue()) {
                        state.append("\n      at ").append(frame);
                    }
                });
        return state.toString();
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> Integer.toString(state);
        };
    }

    /** Copies the test function bundle into {@code deploy} unless it is there already. */
    static void dropTestFunctions(Path deploy) throws IOException {
        Path source = Path.of(required("stratus.test.functions"), TEST_FUNCTIONS_JAR);
        Path target = deploy.resolve(TEST_FUNCTIONS_JAR);
        if (Files.exists(target)) {
            return;
        }
        // FileInstall watches *.jar only: the copy is written under another name, then renamed at once
        Path partial = deploy.resolve("." + TEST_FUNCTIONS_JAR + ".part");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until {@code getFunction} shows the function Active. */
    static void awaitActive(LambdaClient lambda, String function) throws InterruptedException {
        awaitActive(lambda, function, () -> "");
    }

    /** {@link #awaitActive(LambdaClient, String)} that adds {@code diagnosis} to its failure. */
    static void awaitActive(LambdaClient lambda, String function, Supplier<String> diagnosis)
            throws InterruptedException {
        await(function + " is Active", DEPLOY, () -> {
            State state = lambda.getFunction(b -> b.functionName(function)).configuration().state();
            return state == State.ACTIVE ? state : null;
        }, diagnosis);
    }

    /** A synchronous invocation with a JSON payload. */
    static InvokeResponse invoke(LambdaClient lambda, String function, String json) {
        return lambda.invoke(b -> b.functionName(function).payload(SdkBytes.fromUtf8String(json)));
    }

    /** The JSON object a function answered. */
    static JsonObject json(InvokeResponse response) {
        return json(response.payload().asUtf8String());
    }

    static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /** Asserts {@code echo} answers a fresh payload unchanged: the platform keeps serving. */
    static void assertEchoAnswers(LambdaClient lambda) {
        String token = UUID.randomUUID().toString();
        InvokeResponse response = invoke(lambda, "echo", "{\"token\":\"" + token + "\"}");
        assertEquals(200, response.statusCode().intValue());
        assertNull(response.functionError());
        assertEquals(token, json(response).get("token").getAsString());
    }

    /** The request ids a {@code recorder} or {@code counter} wrote to its file, one a line. */
    static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readString(file, StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * Calls {@code probe} until it returns non-null and returns that; an exception counts as "not
     * yet". Fails with the last answer or exception when the deadline passes.
     */
    static <T> T await(String what, Duration timeout, Callable<T> probe) throws InterruptedException {
        return await(what, timeout, probe, () -> "");
    }

    /** {@link #await(String, Duration, Callable)} that adds {@code diagnosis} to its failure. */
    static <T> T await(String what, Duration timeout, Callable<T> probe, Supplier<String> diagnosis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + timeout.toMillis() + " ms: " + what
                        + (lastError == null ? "" : "; last error: " + lastError) + diagnosis.get());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** {@link #await} for a condition. */
    static void awaitTrue(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        await(what, timeout, () -> Boolean.TRUE.equals(condition.call()) ? Boolean.TRUE : null);
    }
}
