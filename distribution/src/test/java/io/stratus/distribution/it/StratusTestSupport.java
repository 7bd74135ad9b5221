package io.stratus.distribution.it;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bootDelegationPackages;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import io.stratus.launcher.LaunchProperties;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Base of the Pax Exam integration tests: one Felix framework per test class (use
 * {@code @ExamReactorStrategy(PerClass.class)}) with exactly the bundles stratus.jar ships, installed
 * from the folder bnd exported them to, the framework properties the launcher would set, free ports
 * for the gateway and the AWS endpoint, and fresh data and deploy folders.
 *
 * <p>{@link #configuration()} runs outside the framework; the test methods run inside it, in a copy
 * of the class loaded by the probe bundle, so everything the tests need is read back from framework
 * properties. The AWS SDK (not a bundle) reaches the probe from the test class path through boot
 * delegation.
 */
public abstract class StratusTestSupport {

    /**
     * Packages the probe loads from the test class path (with {@code org.osgi.framework.bundle.parent=app}):
     * the AWS SDK. Its own dependencies (Reactive Streams, ...) then load beside it, outside OSGi.
     */
    static final String[] BOOT_DELEGATION = {"software.amazon.*"};

    static final Duration READY = Duration.ofSeconds(60);

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] configuration() throws IOException {
        Path runBundles = Path.of(required("stratus.runbundles"));
        Path work = Files.createDirectories(Path.of(required("stratus.it.work")));
        Path dir = Files.createTempDirectory(work, getClass().getSimpleName() + "-");

        Map<String, String> properties = LaunchProperties.of(Map.of(
                "STRATUS_HTTP_PORT", Integer.toString(freePort()),
                "STRATUS_AWS_PORT", Integer.toString(freePort())), dir);
        // bundles installed from files have file: locations; tell health which ones are the platform
        properties.put(LaunchProperties.platformLocationPrefixProperty(), runBundles.toUri().toString());

        List<Option> options = new ArrayList<>();
        for (String file : shippedInStartOrder()) {
            Path jar = runBundles.resolve(file);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run the distribution's package phase first");
            }
            options.add(CoreOptions.bundle(jar.toUri().toString()));
        }
        options.add(junitBundles());
        options.add(bootDelegationPackages(BOOT_DELEGATION));
        options.add(frameworkProperty("org.osgi.framework.bundle.parent").value("app"));
        properties.forEach((key, value) -> options.add(frameworkProperty(key).value(value)));
        options.addAll(List.of(extraOptions()));
        return options.toArray(new Option[0]);
    }

    /** More options for a test class, e.g. a function bundle to install. */
    protected Option[] extraOptions() {
        return new Option[0];
    }

    private static List<String> shippedInStartOrder() throws IOException {
        List<String> files = new ArrayList<>();
        try (InputStream in = StratusTestSupport.class.getClassLoader().getResourceAsStream("bundles/index")) {
            if (in == null) {
                throw new IllegalStateException("bundles/index is missing from the class path: run the package phase first");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    files.add(line.strip().split("\\s+", 2)[1]);
                }
            }
        }
        return files;
    }

    static String required(String systemProperty) {
        String value = System.getProperty(systemProperty);
        if (value == null) {
            throw new IllegalStateException("system property " + systemProperty + " is not set (failsafe sets it)");
        }
        return value;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    // ---- helpers for the test methods (inside the framework) ----

    protected String property(String name) {
        String value = context.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("framework property " + name + " is not set");
        }
        return value;
    }

    protected int httpPort() {
        return Integer.parseInt(property("stratus.http.port"));
    }

    protected int awsPort() {
        return Integer.parseInt(property("stratus.aws.port"));
    }

    protected Path dataDirectory() {
        return Path.of(property("stratus.data"));
    }

    protected Path deployDirectory() {
        return Path.of(property("stratus.deploy"));
    }

    protected URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    protected URI awsEndpoint() {
        return URI.create("http://127.0.0.1:" + awsPort());
    }

    /** Waits until {@code /system/health} answers 200; fails with its last answer otherwise. */
    protected HttpAnswer awaitHealthy() throws InterruptedException {
        return awaitHealth(200, READY);
    }

    /** Waits until {@code /system/health} answers {@code status}; fails with its last answer otherwise. */
    protected HttpAnswer awaitHealth(int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpAnswer last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = HttpAnswer.get(gateway("/system/health"), null);
                if (last.status() == status) {
                    return last;
                }
            } catch (IOException e) {
                last = new HttpAnswer(0, e.toString());
            }
            Thread.sleep(25);
        }
        fail("/system/health did not answer " + status + " within " + timeout.toSeconds() + " s; last answer: " + last);
        return last;
    }

    /** GET on the gateway port. */
    protected HttpAnswer get(String path) throws IOException {
        return HttpAnswer.get(gateway(path), null);
    }

    protected Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    /** A Lambda client for the platform's AWS endpoint, signing with the generated root key. */
    protected LambdaClient lambda() {
        Path credentials = Path.of(property("stratus.credentials.file"));
        assertTrue(Files.isRegularFile(credentials));
        return LambdaClient.builder()
                .endpointOverride(awsEndpoint())
                .region(Region.of(property("stratus.region")))
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default")
                        .build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A status and body; {@link #get} answers for any status, errors included. */
    public record HttpAnswer(int status, String body) {

        static HttpAnswer get(URI uri, String authorization) throws IOException {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(10_000);
            if (authorization != null) {
                connection.setRequestProperty("Authorization", authorization);
            }
            int status = connection.getResponseCode();
            InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
            try (InputStream in = body) {
                return new HttpAnswer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
