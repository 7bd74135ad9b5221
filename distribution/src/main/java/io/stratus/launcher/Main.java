package io.stratus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar stratus.jar}: reads the settings from the environment, creates the data and
 * deploy folders and the generated secrets, starts Felix with the platform bundles shipped in this
 * jar, waits until {@code /system/health} answers 200 and prints where everything is. SIGTERM and
 * Ctrl-C stop the framework cleanly and exit with 0.
 */
public final class Main {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String DIGESTS = "stratus-bundles.properties";
    static final String CONFIGURATION_ADMIN = "org.apache.felix.configadmin";
    static final String LOG_SERVICE = "org.apache.felix.log";

    private final Settings settings;
    private final Path workingDirectory;
    private final PrintStream out;

    private volatile Framework framework;
    private volatile boolean shutdownHookRunning;
    private volatile boolean exitRequested;

    Main(Settings settings, Path workingDirectory, PrintStream out) {
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        this.out = out;
    }

    public static void main(String[] args) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        Settings settings;
        try {
            settings = Settings.read(System.getenv(), System.getProperties(), workingDirectory);
        } catch (IllegalArgumentException e) {
            System.err.println("stratus: " + e.getMessage());
            System.exit(2);
            return;
        }
        Main main = new Main(settings, workingDirectory, System.out);
        int code;
        try {
            code = main.run();
        } catch (Exception | LinkageError e) {
            System.err.println("stratus: cannot start: " + e);
            e.printStackTrace();
            code = 1;
        }
        main.exit(code);
    }

    /**
     * What a launch needs before the framework starts: the framework properties, where the
     * generated secrets are (null when they come from the environment) and the console password.
     */
    record Preparation(Map<String, String> properties, Path credentialsFile, Path passwordFile, String consolePassword) {
    }

    /** Creates the data and deploy folders and the secrets not given in the environment. */
    static Preparation prepare(Settings settings, Secrets secrets) throws IOException {
        Files.createDirectories(settings.data());
        Files.createDirectories(settings.deploy());
        Path credentialsFile = null;
        if (!settings.rootCredentialsFromEnvironment()) {
            credentialsFile = settings.credentialsFile();
            secrets.ensureCredentialsFile(credentialsFile, settings.region());
        }
        Path passwordFile = null;
        String password = settings.consolePassword();
        if (password == null) {
            passwordFile = settings.consolePasswordFile();
            password = secrets.ensureConsolePassword(passwordFile);
        }
        Map<String, String> properties = FrameworkProperties.of(settings, credentialsFile, secrets.webConsoleHash(password));
        return new Preparation(properties, credentialsFile, passwordFile, password);
    }

    /** Runs until the framework stops; returns the exit code. */
    int run() throws IOException, BundleException, InterruptedException {
        Secrets secrets = new Secrets(new SecureRandom());
        Preparation preparation = prepare(settings, secrets);
        Map<String, String> properties = preparation.properties();
        Path credentialsFile = preparation.credentialsFile();
        Path passwordFile = preparation.passwordFile();
        List<BundleIndex.Entry> shipped = BundleIndex.shipped();
        // pax-logging reads its level from system properties as well
        System.setProperty(FrameworkProperties.LOG_LEVEL, properties.get(FrameworkProperties.LOG_LEVEL));

        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "stratus-shutdown"));
        while (true) {
            // polling from the start keeps the HTTP client's own warm-up off the critical path
            CompletableFuture<Readiness.Answer> ready = awaitReady();
            Framework started = start(properties, shipped, preparation.consolePassword(), secrets);
            Readiness.Answer answer = ready.join();
            if (answer.ready()) {
                out.print(Banner.text(version(), sinceProcessStart(), settings, workingDirectory, credentialsFile, passwordFile));
            } else if (started.getState() == Bundle.ACTIVE) {
                out.println("Stratus is not ready after " + READY_TIMEOUT.toSeconds() + " s; it keeps running."
                        + " /system/health answers " + (answer.status() == 0 ? "nothing" : answer.status()) + ": " + answer.body());
            }
            out.flush();
            FrameworkEvent stopped = started.waitForStop(0);
            if (stopped.getType() != FrameworkEvent.STOPPED_UPDATE || shutdownHookRunning) {
                return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
            }
            // the system bundle was updated (e.g. "restart" in the Web Console): start again
            out.println("Stratus restarts");
            framework = null;
        }
    }

    private CompletableFuture<Readiness.Answer> awaitReady() {
        CompletableFuture<Readiness.Answer> answer = new CompletableFuture<>();
        Thread poller = new Thread(() -> {
            try {
                answer.complete(Readiness.await(settings.httpPort(), READY_TIMEOUT, this::starting));
            } catch (InterruptedException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        }, "stratus-readiness");
        poller.setDaemon(true);
        poller.start();
        return answer;
    }

    /** True until the framework being started has stopped (or failed to start). */
    private boolean starting() {
        Framework current = framework;
        return !shutdownHookRunning && (current == null || (current.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0);
    }

    /**
     * Creates and starts the framework with the platform bundles; returns without waiting for
     * readiness. Package-private for bench/, which starts the real platform in its own JVM.
     */
    Framework start(Map<String, String> properties, List<BundleIndex.Entry> shipped, String consolePassword,
            Secrets secrets) throws IOException, BundleException {
        Framework created = new FrameworkFactory().newFramework(properties);
        created.init();
        framework = created;
        Path digests = settings.frameworkStorage().resolve(DIGESTS);
        PlatformBundles platform = new PlatformBundles(created.getBundleContext(), digests, Main::open);
        PlatformBundles.Changes changes = platform.synchronize(shipped);
        if (!changes.updated().isEmpty() || !changes.uninstalled().isEmpty()) {
            out.println("Updated platform bundles: " + changes.updated() + "; removed: " + changes.uninstalled());
        }
        created.start();
        platform.start(changes.toStart(), System.err, bundle -> {
            if (LOG_SERVICE.equals(bundle.getSymbolicName())) {
                String failure = ConsoleLog.forward(created.getBundleContext(), settings.logLevel(), out);
                if (failure != null) {
                    System.err.println("stratus: Log Service entries stay in the Web Console only: " + failure);
                }
            }
            if (CONFIGURATION_ADMIN.equals(bundle.getSymbolicName())) {
                String failure = WebConsoleConfiguration.apply(created.getBundleContext(), consolePassword, secrets);
                if (failure != null) {
                    System.err.println("stratus: cannot configure the Web Console (it may answer on the AWS port too): " + failure);
                }
            }
        });
        return created;
    }

    private static InputStream open(BundleIndex.Entry entry) throws IOException {
        InputStream in = Main.class.getClassLoader().getResourceAsStream(BundleIndex.RESOURCE_FOLDER + entry.file());
        if (in == null) {
            throw new IOException("bundle " + entry.file() + " is listed in the index but missing from stratus.jar");
        }
        return in;
    }

    /** SIGTERM, Ctrl-C or System.exit: stop the framework, and let its bundles finish their work. */
    private void shutdown() {
        shutdownHookRunning = true;
        Framework running = framework;
        if (running != null && (running.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
            try {
                running.stop();
                if (running.waitForStop(STOP_TIMEOUT.toMillis()).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    System.err.println("stratus: the framework did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
                    Runtime.getRuntime().halt(1);
                }
                out.println("Stratus stopped");
                out.flush();
            } catch (BundleException | InterruptedException e) {
                System.err.println("stratus: stopping failed: " + e);
                Runtime.getRuntime().halt(1);
            }
        }
        if (!exitRequested) {
            // a signal asked us to stop and we did so cleanly; the JVM would report 128+signal
            Runtime.getRuntime().halt(0);
        }
    }

    private void exit(int code) {
        if (shutdownHookRunning) {
            // the hook stopped the framework and ends the process itself
            return;
        }
        exitRequested = true;
        System.exit(code);
    }

    private static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    private static Duration sinceProcessStart() {
        Instant start = ProcessHandle.current().info().startInstant().orElse(null);
        return start == null ? Duration.ZERO : Duration.between(start, Instant.now());
    }
}
