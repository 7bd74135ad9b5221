package io.stratus.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Brings the framework's platform bundles in line with the ones shipped in stratus.jar, then starts
 * them. Synchronizing runs between {@code init()} and {@code start()}: nothing is resolved yet, so
 * updates and removals take effect without a refresh. The framework storage persists across
 * restarts; a bundle is reinstalled only when the digest recorded at its last install differs from
 * the shipped one.
 */
final class PlatformBundles {

    /** Location of every bundle the launcher installs; function bundles from deploy/ never have it. */
    static final String LOCATION_SCHEME = "stratus:";

    /**
     * The outcome: the bundles to start, and what changed (nothing, on a restart with the same
     * stratus.jar).
     */
    record Changes(List<Bundle> toStart, List<String> installed, List<String> updated, List<String> uninstalled) {
    }

    /** Opens a shipped bundle's content. */
    interface Source {
        InputStream open(BundleIndex.Entry entry) throws IOException;
    }

    private final BundleContext context;
    private final Path digestFile;
    private final Source source;

    PlatformBundles(BundleContext context, Path digestFile, Source source) {
        this.context = context;
        this.digestFile = digestFile;
        this.source = source;
    }

    /**
     * Installs, updates and uninstalls so exactly the shipped bundles are present. Returns the
     * bundles to start, in index order; fragments are left out (they are never started).
     */
    Changes synchronize(List<BundleIndex.Entry> shipped) throws IOException, BundleException {
        Properties recorded = loadDigests();
        Properties current = new Properties();
        List<Bundle> toStart = new ArrayList<>();
        List<String> installed = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> uninstalled = new ArrayList<>();

        Set<String> locations = new HashSet<>();
        for (BundleIndex.Entry entry : shipped) {
            locations.add(entry.location());
        }
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_SCHEME) && !locations.contains(bundle.getLocation())) {
                bundle.uninstall();
                uninstalled.add(bundle.getLocation());
            }
        }

        for (BundleIndex.Entry entry : shipped) {
            Bundle bundle = context.getBundle(entry.location());
            if (bundle == null) {
                try (InputStream in = source.open(entry)) {
                    bundle = context.installBundle(entry.location(), in);
                }
                installed.add(entry.location());
            } else if (!entry.sha256().equals(recorded.getProperty(entry.location()))) {
                try (InputStream in = source.open(entry)) {
                    bundle.update(in);
                }
                updated.add(entry.location());
            }
            current.setProperty(entry.location(), entry.sha256());
            // the launcher starts platform bundles itself, at the framework's first start level
            BundleStartLevel startLevel = bundle.adapt(BundleStartLevel.class);
            if (startLevel.isPersistentlyStarted()) {
                bundle.stop();
            }
            if (startLevel.getStartLevel() != 1) {
                startLevel.setStartLevel(1);
            }
            if (!isFragment(bundle)) {
                toStart.add(bundle);
            }
        }
        if (!installed.isEmpty() || !updated.isEmpty() || !uninstalled.isEmpty()) {
            saveDigests(current);
        }
        return new Changes(toStart, installed, updated, uninstalled);
    }

    /**
     * Starts the bundles in index order, each transiently: the launcher starts them at every launch,
     * so the framework keeps no start flag of its own. A bundle that fails to start is reported and
     * the others still start; {@code /system/health} shows it. {@code started} is told of each
     * bundle that started, before the next one starts.
     */
    void start(List<Bundle> bundles, PrintStream err, Consumer<Bundle> started) {
        Bundle framework = context.getBundle(0);
        for (Bundle bundle : bundles) {
            if (framework.getState() != Bundle.ACTIVE) {
                // asked to stop while starting: the rest would only fail
                return;
            }
            try {
                bundle.start(Bundle.START_TRANSIENT);
                started.accept(bundle);
            } catch (BundleException | RuntimeException e) {
                err.println("stratus: bundle " + bundle.getSymbolicName() + " did not start: " + e.getMessage());
            }
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private Properties loadDigests() throws IOException {
        Properties digests = new Properties();
        if (Files.exists(digestFile)) {
            try (InputStream in = Files.newInputStream(digestFile)) {
                digests.load(in);
            }
        }
        return digests;
    }

    private void saveDigests(Properties digests) throws IOException {
        Files.createDirectories(digestFile.getParent());
        Path temp = digestFile.resolveSibling(digestFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            digests.store(out, "SHA-256 of each platform bundle as last installed from stratus.jar");
        }
        Files.move(temp, digestFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
