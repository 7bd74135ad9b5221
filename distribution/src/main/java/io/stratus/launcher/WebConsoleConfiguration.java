package io.stratus.launcher;

import java.lang.reflect.InvocationTargetException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The Web Console's ConfigAdmin configuration: its login, its root and, above all, its target, so
 * it answers on the gateway port only. The console registers with every HTTP Whiteboard unless its
 * configuration names one ({@code http.service.filter}, which has no framework property), and once
 * a configuration exists the console no longer falls back to the {@code felix.webconsole.*}
 * framework properties for the login: so the login is in it too, the password hashed. The launcher
 * writes it once ConfigAdmin runs and before the console starts. ConfigAdmin's API lives in its
 * bundle, so it is called reflectively.
 */
final class WebConsoleConfiguration {

    static final String PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String TARGET = "http.service.filter";
    static final String ROOT = "manager.root";
    static final String USER = "username";
    static final String PASSWORD = "password";
    /** Every HTTP runtime except the AWS endpoint's. */
    static final String GATEWAY_ONLY = "(!(stratus.endpoint=aws))";

    private static final String ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";

    private WebConsoleConfiguration() {
    }

    /**
     * Writes the configuration unless it already says the same (a rewrite would make a running
     * console re-register). Returns null when done, else why it could not be done.
     */
    static String apply(BundleContext context, String password, Secrets secrets) {
        ServiceReference<?> reference = context.getServiceReference(ADMIN);
        if (reference == null) {
            return "ConfigurationAdmin is not running";
        }
        Object admin = context.getService(reference);
        try {
            Class<?> adminType = reference.getBundle().loadClass(ADMIN);
            Class<?> configurationType = reference.getBundle().loadClass(CONFIGURATION);
            // "?": a multi-location configuration, whatever the console bundle's location
            Object configuration = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, PID, "?");
            Dictionary<?, ?> current = (Dictionary<?, ?>) configurationType.getMethod("getProperties").invoke(configuration);
            if (upToDate(current, password)) {
                return null;
            }
            Hashtable<Object, Object> properties = new Hashtable<>();
            if (current != null) {
                for (Enumeration<?> keys = current.keys(); keys.hasMoreElements();) {
                    Object key = keys.nextElement();
                    properties.put(key, current.get(key));
                }
            }
            properties.put(TARGET, GATEWAY_ONLY);
            properties.put(ROOT, FrameworkProperties.CONSOLE_ROOT);
            properties.put(USER, FrameworkProperties.CONSOLE_USER);
            properties.put(PASSWORD, secrets.webConsoleHash(password));
            configurationType.getMethod("update", Dictionary.class).invoke(configuration, properties);
            return null;
        } catch (InvocationTargetException e) {
            return e.getCause().toString();
        } catch (ReflectiveOperationException | ClassCastException e) {
            return e.toString();
        } finally {
            context.ungetService(reference);
        }
    }

    static boolean upToDate(Dictionary<?, ?> current, String password) {
        return current != null
                && GATEWAY_ONLY.equals(current.get(TARGET))
                && FrameworkProperties.CONSOLE_ROOT.equals(current.get(ROOT))
                && FrameworkProperties.CONSOLE_USER.equals(current.get(USER))
                && current.get(PASSWORD) instanceof String hashed
                && Secrets.webConsoleHashMatches(hashed, password);
    }
}
