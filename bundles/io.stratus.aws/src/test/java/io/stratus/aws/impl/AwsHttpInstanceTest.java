package io.stratus.aws.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

public class AwsHttpInstanceTest {

    /** ConfigAdmin double keeping factory configurations by factory PID, name and location. */
    private static final class Configs {
        final Map<String, Dictionary<String, Object>> stored = new HashMap<>();
        final List<String> requested = new ArrayList<>();
        int updates;

        ConfigurationAdmin admin() {
            return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { ConfigurationAdmin.class }, (proxy, m, args) -> {
                        if (!m.getName().equals("getFactoryConfiguration") || args.length != 3) {
                            throw new UnsupportedOperationException(m.getName());
                        }
                        String key = args[0] + "~" + args[1];
                        requested.add(key + "@" + args[2]);
                        return configuration(key);
                    });
        }

        private Configuration configuration(String key) {
            return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { Configuration.class }, (proxy, m, args) -> switch (m.getName()) {
                        case "getProperties" -> stored.get(key);
                        case "update" -> {
                            updates++;
                            @SuppressWarnings("unchecked")
                            Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                            stored.put(key, properties);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(AwsHttpInstanceTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    public void createsTheAwsFactoryConfigurationOnTheDefaultPortMarkedForTheWhiteboard() throws Exception {
        Configs configs = new Configs();

        new AwsHttpInstance(context(Map.of()), configs.admin());

        assertEquals(List.of("org.apache.felix.http~aws@?"), configs.requested);
        Dictionary<String, Object> stored = configs.stored.get("org.apache.felix.http~aws");
        assertEquals(4566, stored.get("org.osgi.service.http.port"));
        assertEquals("aws", stored.get("org.apache.felix.http.runtime.init.stratus.endpoint"));
        assertEquals("LEGACY", stored.get("org.eclipse.jetty.UriComplianceMode"));
        assertNull(stored.get("org.osgi.service.http.host"));
    }

    @Test
    public void usesTheConfiguredPortAndHost() throws Exception {
        Configs configs = new Configs();

        new AwsHttpInstance(context(Map.of("stratus.aws.port", "14566", "stratus.aws.host", "127.0.0.1")), configs.admin());

        Dictionary<String, Object> stored = configs.stored.get("org.apache.felix.http~aws");
        assertEquals(14566, stored.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", stored.get("org.osgi.service.http.host"));
    }

    @Test
    public void aRestartWithTheSamePortLeavesJettyAlone() throws Exception {
        Configs configs = new Configs();
        new AwsHttpInstance(context(Map.of("stratus.aws.port", "4567")), configs.admin());

        new AwsHttpInstance(context(Map.of("stratus.aws.port", "4567")), configs.admin());

        assertEquals(1, configs.updates);
    }

    @Test
    public void aNewPortUpdatesTheConfiguration() throws Exception {
        Configs configs = new Configs();
        new AwsHttpInstance(context(Map.of("stratus.aws.port", "4567")), configs.admin());

        new AwsHttpInstance(context(Map.of("stratus.aws.port", "4568")), configs.admin());

        assertEquals(2, configs.updates);
        assertEquals(4568, configs.stored.get("org.apache.felix.http~aws").get("org.osgi.service.http.port"));
    }

    @Test
    public void storedValuesAreComparedByTextSoAStringPortCountsAsTheSame() {
        Dictionary<String, Object> stored = AwsHttpInstance.wanted("4566", null);
        Hashtable<String, Object> asStrings = new Hashtable<>();
        for (var keys = stored.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            asStrings.put(key, String.valueOf(stored.get(key)));
        }

        assertFalse(AwsHttpInstance.needsUpdate(asStrings, AwsHttpInstance.wanted(null, null)));
        assertTrue(AwsHttpInstance.needsUpdate(asStrings, AwsHttpInstance.wanted(null, "localhost")));
        assertTrue(AwsHttpInstance.needsUpdate(null, AwsHttpInstance.wanted(null, null)));
    }

    @Test
    public void aBadPortPropertyIsRefusedWithItsName() {
        for (String bad : new String[] { "http", "70000", "-1" }) {
            try {
                AwsHttpInstance.wanted(bad, null);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("stratus.aws.port"));
            }
        }
    }
}
