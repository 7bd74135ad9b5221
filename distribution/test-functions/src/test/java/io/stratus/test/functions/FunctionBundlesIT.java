package io.stratus.test.functions;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * Installs the built bundles into Felix next to the function API bundle and checks what the
 * runtime will read: one {@code io.stratus.function} capability per function, typed as the
 * framework parses them, and which bundle resolves.
 */
public class FunctionBundlesIT {
    private static final String NAMESPACE = "io.stratus.function";

    private Framework framework;
    private BundleContext context;
    private Bundle api;

    @Before
    public void startFramework() throws BundleException {
        Map<String, String> config = Map.of(
                Constants.FRAMEWORK_STORAGE, System.getProperty("felix.storage"),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        install("bundle.joda.time"); // the events types the API bundle exports use it
        api = install("bundle.function.api");
    }

    @After
    public void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    public void everyTestFunctionIsDeclaredOnceWithItsSettings() throws Exception {
        Map<String, Map<String, Object>> functions = functions(install("bundle.functions"));
        assertEquals(List.of("busy", "context", "counter", "echo", "echo-pojo", "echo-stream", "env-a", "env-b",
                "exiter", "halter", "hog", "log-apis", "log-writer", "printer", "recorder", "recurse", "sleeper", "spawner", "thrower"),
                List.copyOf(functions.keySet()));
        assertEquals(1L, functions.get("sleeper").get("timeout"));
        assertEquals(1L, functions.get("busy").get("timeout"));
        assertEquals(List.of("COLOR=red", "SHARED=a"), functions.get("env-a").get("environment"));
        assertEquals(List.of("COLOR=blue"), functions.get("env-b").get("environment"));
        assertEquals("io.stratus.test.functions.EchoPojo", functions.get("echo-pojo").get("handler.class"));
    }

    @Test
    public void settingsLeftAtTheirDefaultAreNotEmitted() throws Exception {
        Map<String, Map<String, Object>> functions = functions(install("bundle.functions"));
        for (Map<String, Object> attributes : functions.values()) {
            assertNull(attributes.get("memorySize"));
            assertNull(attributes.get("role"));
            assertNull(attributes.get("description"));
            assertNull(attributes.get("handler.method"));
        }
        assertNull(functions.get("echo").get("timeout"));
        assertNull(functions.get("echo").get("environment"));
    }

    @Test
    public void testFunctionsResolveAndEveryHandlerLoadsAsALambdaHandler() throws Exception {
        Bundle bundle = install("bundle.functions");
        assertTrue(framework.adapt(FrameworkWiring.class).resolveBundles(List.of(bundle)));
        for (Map<String, Object> attributes : functions(bundle).values()) {
            Class<?> handler = bundle.loadClass((String) attributes.get("handler.class"));
            assertTrue(handler.getName() + " is a Lambda handler", isLambdaHandler(handler, bundle));
        }
    }

    @Test
    public void unresolvableBundleDeclaresBrokenButCannotResolve() throws Exception {
        Bundle bundle = install("bundle.unresolvable");
        Map<String, Map<String, Object>> functions = functions(bundle);
        assertEquals(List.of("broken"), List.copyOf(functions.keySet()));
        assertEquals("io.stratus.test.functions.unresolvable.Broken", functions.get("broken").get("handler.class"));

        FrameworkWiring wiring = framework.adapt(FrameworkWiring.class);
        assertTrue("the API bundle resolves", wiring.resolveBundles(List.of(api)));
        assertFalse(wiring.resolveBundles(List.of(bundle)));
        BundleException refused = assertThrows(BundleException.class, bundle::start);
        assertTrue(refused.getMessage(), refused.getMessage().contains("io.stratus.test.missing"));
        assertEquals(Bundle.INSTALLED, bundle.getState());
    }

    private Bundle install(String property) throws BundleException {
        File jar = new File(System.getProperty(property));
        assertTrue(jar + " exists", jar.isFile());
        return context.installBundle(jar.toURI().toString());
    }

    private static Map<String, Map<String, Object>> functions(Bundle bundle) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (BundleCapability capability : bundle.adapt(BundleRevision.class).getDeclaredCapabilities(NAMESPACE)) {
            Map<String, Object> attributes = capability.getAttributes();
            Object previous = byName.put((String) attributes.get(NAMESPACE), attributes);
            assertNull("declared once: " + attributes.get(NAMESPACE), previous);
        }
        return byName;
    }

    // compared by name: the bundle sees the API bundle's copy of the Lambda types, not this class path's
    private static boolean isLambdaHandler(Class<?> handler, Bundle bundle) throws ClassNotFoundException {
        Class<?> requestHandler = bundle.loadClass(RequestHandler.class.getName());
        Class<?> streamHandler = bundle.loadClass(RequestStreamHandler.class.getName());
        return requestHandler.isAssignableFrom(handler) || streamHandler.isAssignableFrom(handler);
    }
}
