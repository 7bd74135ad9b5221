package io.stratus.launcher;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.Hashtable;

import org.junit.Test;

public class WebConsoleConfigurationTest {

    private final Secrets secrets = new Secrets(new SecureRandom());

    private Hashtable<String, Object> written(String password) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("http.service.filter", "(!(stratus.endpoint=aws))");
        properties.put("manager.root", "/system/console");
        properties.put("username", "admin");
        properties.put("password", secrets.webConsoleHash(password));
        return properties;
    }

    @Test
    public void sameLoginAndTargetIsUpToDate() {
        assertTrue(WebConsoleConfiguration.upToDate(written("pw-one-pw-one"), "pw-one-pw-one"));
    }

    @Test
    public void noConfigurationYetIsNotUpToDate() {
        assertFalse(WebConsoleConfiguration.upToDate(null, "pw-one-pw-one"));
    }

    @Test
    public void changedPasswordIsNotUpToDate() {
        assertFalse(WebConsoleConfiguration.upToDate(written("pw-one-pw-one"), "pw-two-pw-two"));
    }

    @Test
    public void missingOrOtherTargetIsNotUpToDate() {
        Hashtable<String, Object> properties = written("pw-one-pw-one");
        properties.remove("http.service.filter");
        assertFalse(WebConsoleConfiguration.upToDate(properties, "pw-one-pw-one"));
        properties.put("http.service.filter", "(stratus.endpoint=aws)");
        assertFalse(WebConsoleConfiguration.upToDate(properties, "pw-one-pw-one"));
    }

    @Test
    public void plainTextPasswordIsNotUpToDate() {
        Hashtable<String, Object> properties = written("pw-one-pw-one");
        properties.put("password", "pw-one-pw-one");
        assertFalse(WebConsoleConfiguration.upToDate(properties, "pw-one-pw-one"));
    }

    @Test
    public void otherUserOrRootIsNotUpToDate() {
        Hashtable<String, Object> properties = written("pw-one-pw-one");
        properties.put("username", "root");
        assertFalse(WebConsoleConfiguration.upToDate(properties, "pw-one-pw-one"));
        properties = written("pw-one-pw-one");
        properties.put("manager.root", "/console");
        assertFalse(WebConsoleConfiguration.upToDate(properties, "pw-one-pw-one"));
    }
}
