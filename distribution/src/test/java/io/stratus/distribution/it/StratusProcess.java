package io.stratus.distribution.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/stratus.jar} as a child process in a working directory of its own, with
 * free ports, for tests of the launcher itself. Collects its output and waits for the banner.
 */
public final class StratusProcess implements AutoCloseable {

    /** The banner's first line ends like this. */
    static final String READY_MARK = " ready in ";

    private final Process process;
    private final Path workingDirectory;
    private final int httpPort;
    private final int awsPort;
    private final StringBuilder output = new StringBuilder();
    private boolean outputEnded;

    private StratusProcess(Process process, Path workingDirectory, int httpPort, int awsPort) {
        this.process = process;
        this.workingDirectory = workingDirectory;
        this.httpPort = httpPort;
        this.awsPort = awsPort;
        Thread reader = new Thread(this::collectOutput, "stratus-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts stratus.jar in {@code workingDirectory} with free ports and {@code env} added. */
    public static StratusProcess start(Path workingDirectory, Map<String, String> env) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        settings.putIfAbsent("STRATUS_HTTP_PORT", Integer.toString(StratusTestSupport.freePort()));
        settings.putIfAbsent("STRATUS_AWS_PORT", Integer.toString(StratusTestSupport.freePort()));
        return start(workingDirectory, settings, port(settings.get("STRATUS_HTTP_PORT")), port(settings.get("STRATUS_AWS_PORT")));
    }

    // tests of bad settings pass ports that are not numbers
    private static int port(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Starts stratus.jar again in the same directory with the same ports. */
    public StratusProcess restart(Map<String, String> env) throws IOException {
        Map<String, String> settings = new HashMap<>(env);
        settings.put("STRATUS_HTTP_PORT", Integer.toString(httpPort));
        settings.put("STRATUS_AWS_PORT", Integer.toString(awsPort));
        return start(workingDirectory, settings, httpPort, awsPort);
    }

    private static StratusProcess start(Path workingDirectory, Map<String, String> settings, int httpPort, int awsPort)
            throws IOException {
        Path jar = Path.of(StratusTestSupport.required("stratus.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        Files.createDirectories(workingDirectory);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        // only what the test says: nothing STRATUS_* from the environment running the build
        builder.environment().keySet().removeIf(name -> name.startsWith("STRATUS_"));
        builder.environment().putAll(settings);
        return new StratusProcess(builder.start(), workingDirectory, httpPort, awsPort);
    }

    private void collectOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended; its output is complete
        } finally {
            synchronized (output) {
                outputEnded = true;
                output.notifyAll();
            }
        }
    }

    /**
     * Waits for the banner and returns the output up to its end (the data folder line); fails with
     * the whole output when the process ends or time runs out first.
     */
    public String awaitBanner(Duration timeout) throws InterruptedException {
        awaitOutput(READY_MARK, timeout);
        awaitOutput("  Data folder", timeout);
        synchronized (output) {
            int end = output.indexOf("\n", output.indexOf("  Data folder", output.indexOf(READY_MARK)));
            return output.substring(0, end + 1);
        }
    }

    /** Waits until the output contains {@code text}; fails when the process ends or time runs out first. */
    public void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (outputEnded) {
                    throw new AssertionError("stratus ended without printing '" + text + "'; output:\n" + output);
                }
                if (left <= 0) {
                    throw new AssertionError("'" + text + "' not printed within " + timeout.toSeconds() + " s; output:\n" + output);
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** SIGTERM; returns the exit code, or fails if the process is still running after {@code timeout}. */
    public int stop(Duration timeout) throws InterruptedException {
        // the same signal as Process.destroy(), which also closes our end of its output pipe and
        // would lose what it prints while shutting down
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL: no shutdown hook runs. */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        return awaitExit(Duration.ofSeconds(10));
    }

    /** Waits for the process to end by itself. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout.toSeconds() + " s; output:\n" + output());
        }
        // the output may still be in the pipe: read it all before anyone looks at it
        synchronized (output) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!outputEnded && System.nanoTime() < deadline) {
                output.wait(100);
            }
        }
        return process.exitValue();
    }

    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public int httpPort() {
        return httpPort;
    }

    public int awsPort() {
        return awsPort;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.toHandle().destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
