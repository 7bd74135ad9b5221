package io.stratus.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.felix.framework.util.FelixConstants;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.launch.Framework;

/**
 * The real platform started in this JVM from the stratus.jar on the class path by the launcher's
 * own code ({@link Settings}, {@link Main#prepare}, {@link Main#start}), on free ports with the
 * data and deploy folders under a given folder.
 * Records how long each start phase took and how many classes it loaded, so a benchmark can say
 * what dominates start-up.
 */
final class BenchPlatform implements AutoCloseable {

    /** One start phase: wall time and the classes the JVM loaded meanwhile. */
    record Phase(String name, double millis, long classes) {
    }

    /** How long one platform bundle took from STARTING to STARTED (its activator, if any). */
    record BundleStart(String symbolicName, double millis) {
    }

    final Settings settings;
    final Framework framework;
    final List<Phase> phases;
    final List<BundleStart> bundleStarts;

    private BenchPlatform(Settings settings, Framework framework, List<Phase> phases, List<BundleStart> bundleStarts) {
        this.settings = settings;
        this.framework = framework;
        this.phases = phases;
        this.bundleStarts = bundleStarts;
    }

    /**
     * Starts the platform with its folders under {@code home} (kept data makes a restart) through
     * the launcher's own {@link Main#start}, and returns once {@code /system/health} answers 200.
     * The process environment's STRATUS_* variables are ignored so every run is configured alike.
     */
    static BenchPlatform start(Path home) throws IOException, BundleException {
        Timeline timeline = new Timeline();
        Properties given = new Properties();
        given.setProperty(Settings.HTTP_PORT, Integer.toString(freePort()));
        given.setProperty(Settings.AWS_PORT, Integer.toString(freePort()));
        given.setProperty(Settings.DATA, home.resolve("data").toString());
        given.setProperty(Settings.DEPLOY, home.resolve("deploy").toString());
        Settings settings = Settings.read(Map.of(), given, home);
        Secrets secrets = new Secrets(new SecureRandom());
        Main.Preparation preparation = Main.prepare(settings, secrets);
        // as Main.run does: pax-logging reads its level from system properties as well
        System.setProperty(FrameworkProperties.LOG_LEVEL, preparation.properties().get(FrameworkProperties.LOG_LEVEL));
        List<BundleIndex.Entry> shipped = BundleIndex.shipped();
        timeline.lap("settings, secrets, bundle index");

        record Ready(Readiness.Answer answer, long nanoTime) {
        }
        CompletableFuture<Ready> ready = new CompletableFuture<>();
        // polling from the start, as Main does, keeps the HTTP client's warm-up off the critical path
        Thread poller = new Thread(() -> {
            try {
                // a failed start throws on the main thread; this daemon poller then just ends with the JVM
                Readiness.Answer answer = Readiness.await(settings.httpPort(), Main.READY_TIMEOUT, () -> true);
                ready.complete(new Ready(answer, System.nanoTime()));
            } catch (InterruptedException | RuntimeException e) {
                ready.completeExceptionally(e);
            }
        }, "bench-readiness");
        poller.setDaemon(true);
        poller.start();

        // Felix calls system bundle activators at the end of init(): the moment init ends, and a
        // synchronous listener from then on for the bundle starts
        Marks marks = new Marks();
        Map<String, Object> properties = new HashMap<>(preparation.properties());
        properties.put(FelixConstants.SYSTEMBUNDLE_ACTIVATORS_PROP, List.of(marks));
        Main main = new Main(settings, home, System.out);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework framework = main.start((Map) properties, shipped, preparation.consolePassword(), secrets);
        long started = System.nanoTime();
        timeline.lapAt("framework init", marks.initialized, marks.classesAtInit);
        timeline.lapAt("install/check " + shipped.size() + " platform bundles (" + marks.installed.get() + " installed), framework start",
                marks.firstStarting, marks.classesAtFirstStarting);
        timeline.lap("start platform bundles (resolve, activators, SCR components)");
        framework.getBundleContext().removeBundleListener(marks);

        Ready answer = ready.join();
        if (!answer.answer().ready()) {
            framework.stop();
            throw new IllegalStateException("the platform did not become ready: /system/health answers "
                    + answer.answer().status() + " " + answer.answer().body());
        }
        timeline.lapAt("until /system/health answers 200 (25 ms polls)", answer.nanoTime(), loadedClasses());
        List<BundleStart> bundleStarts = new ArrayList<>(marks.bundleStarts);
        bundleStarts.sort(Comparator.comparingDouble(BundleStart::millis).reversed());
        return new BenchPlatform(settings, framework, timeline.phases, bundleStarts);
    }

    /** Moments of the framework's start, seen from inside it. */
    private static final class Marks implements BundleActivator, SynchronousBundleListener {
        volatile long initialized;
        volatile long classesAtInit;
        volatile long firstStarting;
        volatile long classesAtFirstStarting;
        final AtomicInteger installed = new AtomicInteger();
        final List<BundleStart> bundleStarts = Collections.synchronizedList(new ArrayList<>());
        private final Map<Long, Long> starting = new ConcurrentHashMap<>();

        @Override
        public void start(BundleContext context) {
            initialized = System.nanoTime();
            classesAtInit = loadedClasses();
            context.addBundleListener(this);
        }

        @Override
        public void stop(BundleContext context) {
            // the listener goes with the framework
        }

        @Override
        public void bundleChanged(BundleEvent event) {
            long now = System.nanoTime();
            long id = event.getBundle().getBundleId();
            switch (event.getType()) {
                case BundleEvent.INSTALLED -> installed.incrementAndGet();
                case BundleEvent.STARTING -> {
                    if (firstStarting == 0 && id != 0) {
                        firstStarting = now;
                        classesAtFirstStarting = loadedClasses();
                    }
                    starting.put(id, now);
                }
                case BundleEvent.STARTED -> {
                    Long since = starting.remove(id);
                    if (since != null) {
                        bundleStarts.add(new BundleStart(event.getBundle().getSymbolicName(), (now - since) / 1e6));
                    }
                }
                default -> {
                    // other transitions do not mark a phase
                }
            }
        }
    }

    int awsPort() {
        return settings.awsPort();
    }

    Path deploy() {
        return settings.deploy();
    }

    /** Prints the phases and the slowest bundle starts. */
    void printStart(PrintStream out) {
        double total = 0;
        for (Phase phase : phases) {
            total += phase.millis();
        }
        for (Phase phase : phases) {
            out.printf(Locale.ROOT, "  %-72s %7.1f ms %5.1f %% %6d classes%n", phase.name(), phase.millis(),
                    100 * phase.millis() / total, phase.classes());
        }
        out.printf(Locale.ROOT, "  %-72s %7.1f ms  (classes loaded in all: %d)%n", "total, JVM launch to health 200",
                total, loadedClasses());
        StringBuilder slowest = new StringBuilder("  slowest bundle starts:");
        bundleStarts.stream().limit(6).forEach(start -> slowest.append(String.format(Locale.ROOT, " %s %.1f ms,",
                start.symbolicName(), start.millis())));
        out.println(slowest.substring(0, slowest.length() - 1));
    }

    @Override
    public void close() throws BundleException, InterruptedException {
        framework.stop();
        if (framework.waitForStop(Main.STOP_TIMEOUT.toMillis()).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new IllegalStateException("the framework did not stop within " + Main.STOP_TIMEOUT.toSeconds() + " s");
        }
    }

    static long loadedClasses() {
        return ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Laps since JVM start, with the class count of each. */
    private static final class Timeline {
        private final List<Phase> phases = new ArrayList<>();
        private long last;
        private long lastClasses;

        Timeline() {
            // the JVM's own start up to here: RuntimeMXBean counts from VM creation (exec and
            // loading libjvm come before and are not in it)
            long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
            last = System.nanoTime();
            lastClasses = loadedClasses();
            phases.add(new Phase("JVM start until main (RuntimeMXBean uptime)", uptimeMillis, lastClasses));
        }

        void lap(String name) {
            lapAt(name, System.nanoTime(), loadedClasses());
        }

        /** A moment already past (health answered while bundles were still starting) counts as 0. */
        void lapAt(String name, long nanoTime, long classes) {
            nanoTime = Math.max(nanoTime, last);
            classes = Math.max(classes, lastClasses);
            phases.add(new Phase(name, (nanoTime - last) / 1e6, classes - lastClasses));
            last = nanoTime;
            lastClasses = classes;
        }
    }
}
