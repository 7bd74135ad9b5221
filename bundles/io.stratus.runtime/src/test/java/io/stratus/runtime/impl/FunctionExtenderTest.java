package io.stratus.runtime.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import example.functions.Greeter;
import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.impl.core.FunctionHost;
import io.stratus.runtime.impl.core.RuntimeSettings;

/**
 * The extender follows function bundles without driving them: it registers the functions of active
 * bundles, reports installed bundles whose requirements nothing provides, and never resolves,
 * starts or stops a bundle itself. Its installer does that; an extender resolving a bundle that
 * FileInstall was starting made Felix abort that start, and the dropped jar stayed RESOLVED.
 */
public class FunctionExtenderTest {

    private static final String PACKAGE = "osgi.wiring.package";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    /** Calls that would change a bundle's state or the framework's wiring: the extender makes none. */
    private final List<String> stateChanges = new CopyOnWriteArrayList<>();
    private final List<Bundle> installed = new ArrayList<>();
    private final ExecutorService diagnoser = Executors.newSingleThreadExecutor();
    private FunctionHost host;
    private FunctionExtender extender;

    @Before
    public void startHost() throws IOException {
        host = new FunctionHost(new RuntimeSettings("us-east-1", "000000000000", 4566, folder.getRoot().toPath(),
                10, 200, Clock::systemUTC, Map.of()));
        host.start();
        extender = new FunctionExtender(context(), host, diagnoser);
    }

    @After
    public void stopHost() {
        diagnoser.shutdownNow();
        host.close();
    }

    @Test
    public void installedBundleMissingAPackageIsFailedWithThatRequirementAndLeftAsItIs() throws Exception {
        installed.add(bundle(3, "example.api", Bundle.ACTIVE, List.of(), List.of(), List.of("example.api")));
        Bundle broken = bundle(7, "example.broken", Bundle.INSTALLED, List.of(function("broken")),
                List.of("example.api", "example.missing"), List.of());
        installed.add(broken);

        extender.addingBundle(broken, new BundleEvent(BundleEvent.INSTALLED, broken));
        awaitDiagnoses();

        FunctionInfo info = host.get("broken").orElseThrow();
        assertEquals(FunctionState.Failed, info.state());
        assertEquals("Unable to resolve bundle example.broken [7]: missing requirement "
                + PACKAGE + "; (" + PACKAGE + "=example.missing)", info.stateReason());
        assertEquals(Bundle.INSTALLED, broken.getState());
        assertEquals(List.of(), stateChanges);
    }

    @Test
    public void installedBundleWhoseRequirementsAreAvailableIsNeitherResolvedNorStarted() throws Exception {
        installed.add(bundle(3, "example.api", Bundle.ACTIVE, List.of(), List.of(), List.of("example.api")));
        Bundle pending = bundle(8, "example.pending", Bundle.INSTALLED, List.of(function("pending")),
                List.of("example.api"), List.of());
        installed.add(pending);

        extender.addingBundle(pending, new BundleEvent(BundleEvent.INSTALLED, pending));
        awaitDiagnoses();

        assertEquals(Optional.empty(), host.get("pending"));
        assertEquals(Bundle.INSTALLED, pending.getState());
        assertEquals(List.of(), stateChanges);
    }

    @Test
    public void functionsOfAnActiveBundleAreRegisteredAndTakenAwayWhenItStops() throws Exception {
        AtomicInteger state = new AtomicInteger(Bundle.ACTIVE);
        Bundle greeter = bundle(9, "example.greeter", state, List.of(function("greeter")), List.of(), List.of());
        installed.add(greeter);

        Boolean tracked = extender.addingBundle(greeter, new BundleEvent(BundleEvent.STARTED, greeter));

        assertEquals(Boolean.TRUE, tracked);
        assertEquals(FunctionState.Active, host.get("greeter").orElseThrow().state());

        state.set(Bundle.STOPPING);
        extender.modifiedBundle(greeter, new BundleEvent(BundleEvent.STOPPING, greeter), tracked);

        assertEquals(Optional.empty(), host.get("greeter"));
        awaitDiagnoses();
        assertEquals(List.of(), stateChanges);
    }

    @Test
    public void bundleWithoutFunctionsIsNotTracked() {
        Bundle plain = bundle(4, "example.plain", Bundle.ACTIVE, List.of(), List.of(), List.of());

        assertNull(extender.addingBundle(plain, new BundleEvent(BundleEvent.STARTED, plain)));
        assertEquals(List.of(), host.list());
    }

    private void awaitDiagnoses() throws InterruptedException {
        diagnoser.shutdown();
        assertTrue("the diagnoser did not finish", diagnoser.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static Map<String, Object> function(String name) {
        return Map.of(FunctionNamespace.NAMESPACE, name, FunctionNamespace.HANDLER_CLASS, Greeter.class.getName());
    }

    // ---- the framework as the extender sees it; every state-changing call is recorded

    private BundleContext context() {
        Bundle system = fake(Bundle.class, (method, args) -> switch (method) {
            case "adapt" -> args[0] == FrameworkWiring.class ? fake(FrameworkWiring.class, (m, a) -> {
                stateChanges.add("FrameworkWiring." + m);
                return m.equals("resolveBundles") ? Boolean.FALSE : null;
            }) : null;
            case "getBundleId" -> 0L;
            default -> throw new UnsupportedOperationException("system bundle " + method);
        });
        return fake(BundleContext.class, (method, args) -> switch (method) {
            case "getBundles" -> installed.toArray(new Bundle[0]);
            case "getBundle" -> system;
            default -> throw new UnsupportedOperationException("context " + method);
        });
    }

    private Bundle bundle(long id, String symbolicName, int state, List<Map<String, Object>> functions,
            List<String> imports, List<String> exports) {
        return bundle(id, symbolicName, new AtomicInteger(state), functions, imports, exports);
    }

    /** Resolved (it has a wiring) unless INSTALLED; the wiring exports {@code exports}. */
    private Bundle bundle(long id, String symbolicName, AtomicInteger state, List<Map<String, Object>> functions,
            List<String> imports, List<String> exports) {
        BundleRevision revision = fake(BundleRevision.class, (method, args) -> switch (method) {
            case "getDeclaredCapabilities" -> FunctionNamespace.NAMESPACE.equals(args[0])
                    ? functions.stream().map(FunctionExtenderTest::capability).toList() : List.of();
            case "getDeclaredRequirements" -> imports.stream().map(FunctionExtenderTest::packageRequirement).toList();
            default -> throw new UnsupportedOperationException("revision " + method);
        });
        BundleWiring wiring = fake(BundleWiring.class, (method, args) -> switch (method) {
            case "getCapabilities" -> PACKAGE.equals(args[0])
                    ? exports.stream().map(name -> capability(Map.<String, Object>of(PACKAGE, name))).toList() : List.of();
            case "getClassLoader" -> FunctionExtenderTest.class.getClassLoader();
            default -> throw new UnsupportedOperationException("wiring " + method);
        });
        return fake(Bundle.class, (method, args) -> switch (method) {
            case "getState" -> state.get();
            case "getBundleId" -> id;
            case "getSymbolicName" -> symbolicName;
            case "getVersion" -> Version.parseVersion("1.0.0");
            case "getLocation" -> "test:" + symbolicName;
            case "getLastModified" -> 0L;
            case "findEntries" -> null;
            case "loadClass" -> FunctionExtenderTest.class.getClassLoader().loadClass((String) args[0]);
            case "adapt" -> args[0] == BundleRevision.class ? revision
                    : args[0] == BundleWiring.class && state.get() != Bundle.INSTALLED ? wiring : null;
            case "start", "stop", "update", "uninstall" -> {
                stateChanges.add(symbolicName + "." + method);
                yield null;
            }
            default -> throw new UnsupportedOperationException("bundle " + method);
        });
    }

    private static BundleCapability capability(Map<String, Object> attributes) {
        return fake(BundleCapability.class, (method, args) -> switch (method) {
            case "getAttributes" -> attributes;
            default -> throw new UnsupportedOperationException("capability " + method);
        });
    }

    private static BundleRequirement packageRequirement(String name) {
        return fake(BundleRequirement.class, (method, args) -> switch (method) {
            case "getNamespace" -> PACKAGE;
            case "getDirectives" -> Map.of("filter", "(" + PACKAGE + "=" + name + ")");
            default -> throw new UnsupportedOperationException("requirement " + method);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(FunctionExtenderTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args == null ? new Object[0] : args);
                }));
    }
}
