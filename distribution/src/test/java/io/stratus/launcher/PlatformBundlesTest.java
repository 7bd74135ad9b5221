package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

public class PlatformBundlesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path shipped;
    private Path storage;
    private Path digests;
    private final List<Framework> frameworks = new ArrayList<>();
    private final List<Bundle> started = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        shipped = folder.newFolder("shipped").toPath();
        storage = folder.getRoot().toPath().resolve("framework");
        digests = storage.resolve("stratus-bundles.properties");
    }

    @After
    public void stopFrameworks() throws Exception {
        for (Framework framework : frameworks) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    public void firstLaunchInstallsEverythingAndStartsAllButFragments() throws Exception {
        List<BundleIndex.Entry> index = index(
                bundle("a.jar", "test.a", "1.0.0"),
                bundle("b.jar", "test.b", "1.0.0"),
                TestBundles.write(shipped, "frag.jar", "test.frag", "1.0.0", Map.of("Fragment-Host", "test.a")));
        Framework framework = launch();
        PlatformBundles platform = platform(framework);

        PlatformBundles.Changes changes = platform.synchronize(index);
        framework.start();
        platform.start(changes.toStart(), new PrintStream(new ByteArrayOutputStream()), started::add);

        assertEquals(List.of("stratus:a.jar", "stratus:b.jar", "stratus:frag.jar"), changes.installed());
        assertEquals(List.of("test.a", "test.b"), changes.toStart().stream().map(Bundle::getSymbolicName).toList());
        assertEquals(Bundle.ACTIVE, bundle(framework, "stratus:a.jar").getState());
        assertEquals(Bundle.ACTIVE, bundle(framework, "stratus:b.jar").getState());
        assertEquals(Bundle.RESOLVED, bundle(framework, "stratus:frag.jar").getState());
        assertEquals(changes.toStart(), started);
        assertTrue(Files.readString(digests).contains(index.get(0).sha256()));
    }

    @Test
    public void restartWithTheSameBundlesChangesNothing() throws Exception {
        List<BundleIndex.Entry> index = index(bundle("a.jar", "test.a", "1.0.0"));
        Framework first = launch();
        platform(first).synchronize(index);
        long id = bundle(first, "stratus:a.jar").getBundleId();
        stop(first);

        Framework second = launch();
        PlatformBundles.Changes changes = platform(second).synchronize(index);

        assertEquals(List.of(), changes.installed());
        assertEquals(List.of(), changes.updated());
        assertEquals(List.of(), changes.uninstalled());
        assertEquals(id, bundle(second, "stratus:a.jar").getBundleId());
    }

    @Test
    public void changedContentIsUpdatedInPlace() throws Exception {
        Framework first = launch();
        platform(first).synchronize(index(bundle("a.jar", "test.a", "1.0.0")));
        long id = bundle(first, "stratus:a.jar").getBundleId();
        stop(first);

        List<BundleIndex.Entry> newer = index(bundle("a.jar", "test.a", "1.0.1"));
        Framework second = launch();
        PlatformBundles.Changes changes = platform(second).synchronize(newer);

        assertEquals(List.of("stratus:a.jar"), changes.updated());
        Bundle updated = bundle(second, "stratus:a.jar");
        assertEquals(id, updated.getBundleId());
        assertEquals("1.0.1", updated.getVersion().toString());
        assertTrue(Files.readString(digests).contains(newer.get(0).sha256()));
    }

    @Test
    public void bundlesNoLongerShippedAreUninstalledButOthersKept() throws Exception {
        Framework first = launch();
        platform(first).synchronize(index(bundle("a.jar", "test.a", "1.0.0"), bundle("gone.jar", "test.gone", "1.0.0")));
        Path function = TestBundles.write(folder.getRoot().toPath(), "function.jar", "user.function", "1.0.0", Map.of());
        first.getBundleContext().installBundle(function.toUri().toString());
        stop(first);

        Framework second = launch();
        PlatformBundles.Changes changes = platform(second).synchronize(index(bundle("a.jar", "test.a", "1.0.0")));

        assertEquals(List.of("stratus:gone.jar"), changes.uninstalled());
        assertNull(second.getBundleContext().getBundle("stratus:gone.jar"));
        assertEquals(Bundle.INSTALLED, bundle(second, function.toUri().toString()).getState());
    }

    @Test
    public void platformBundlesAreNotLeftForTheFrameworkToStart() throws Exception {
        List<BundleIndex.Entry> index = index(bundle("a.jar", "test.a", "1.0.0"));
        Framework first = launch();
        PlatformBundles platform = platform(first);
        PlatformBundles.Changes changes = platform.synchronize(index);
        first.start();
        platform.start(changes.toStart(), new PrintStream(new ByteArrayOutputStream()), started::add);
        stop(first);

        Framework second = launch();
        platform(second).synchronize(index);
        second.start();

        // started transiently: the launcher, not the framework's persistent state, starts it again
        assertNotEquals(Bundle.ACTIVE, bundle(second, "stratus:a.jar").getState());
    }

    @Test
    public void aBundleThatFailsToStartIsReportedAndTheOthersStillStart() throws Exception {
        List<BundleIndex.Entry> index = index(
                TestBundles.write(shipped, "broken.jar", "test.broken", "1.0.0", Map.of("Bundle-Activator", "no.such.Activator")),
                bundle("b.jar", "test.b", "1.0.0"));
        Framework framework = launch();
        PlatformBundles platform = platform(framework);
        PlatformBundles.Changes changes = platform.synchronize(index);
        framework.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        platform.start(changes.toStart(), new PrintStream(err, true, StandardCharsets.UTF_8), started::add);

        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
                .startsWith("stratus: bundle test.broken did not start:"));
        assertNotEquals(Bundle.ACTIVE, bundle(framework, "stratus:broken.jar").getState());
        assertEquals(Bundle.ACTIVE, bundle(framework, "stratus:b.jar").getState());
        assertEquals(List.of(bundle(framework, "stratus:b.jar")), started);
    }

    private Path bundle(String file, String symbolicName, String version) throws Exception {
        return TestBundles.write(shipped, file, symbolicName, version, Map.of());
    }

    private static List<BundleIndex.Entry> index(Path... bundles) throws Exception {
        List<BundleIndex.Entry> entries = new ArrayList<>();
        for (Path bundle : bundles) {
            entries.add(new BundleIndex.Entry(BundleIndex.sha256(bundle), bundle.getFileName().toString()));
        }
        return entries;
    }

    private Framework launch() throws Exception {
        Framework framework = new FrameworkFactory().newFramework(Map.of("org.osgi.framework.storage", storage.toString()));
        framework.init();
        frameworks.add(framework);
        return framework;
    }

    private void stop(Framework framework) throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
        frameworks.remove(framework);
    }

    private PlatformBundles platform(Framework framework) {
        return new PlatformBundles(framework.getBundleContext(), digests,
                entry -> Files.newInputStream(shipped.resolve(entry.file())));
    }

    private static Bundle bundle(Framework framework, String location) {
        Bundle bundle = framework.getBundleContext().getBundle(location);
        if (bundle == null) {
            throw new AssertionError("no bundle at " + location);
        }
        return bundle;
    }
}
