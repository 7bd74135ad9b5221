package io.stratus.launcher;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Copies what bundles write to the OSGi Log Service (FileInstall, SCR, the Web Console) to standard
 * output, in the format pax-logging uses for everything else. Without it their warnings and errors
 * (a deployed jar that does not start, a component that fails to activate) would only be visible in
 * the Web Console's log page. Bundle, service and framework events are left out: pax-logging
 * reports framework errors itself, and the rest is noise. The Log Service API lives in a bundle, so
 * the listener is a proxy.
 */
final class ConsoleLog {

    private ConsoleLog() {
    }

    /**
     * Prints entries at {@code threshold} or above (ERROR, WARN, INFO, DEBUG): those already logged,
     * then every new one. Returns null when listening, else why not.
     */
    static String forward(BundleContext context, String threshold, PrintStream out) {
        ServiceReference<?> reference = context.getServiceReference("org.osgi.service.log.LogReaderService");
        if (reference == null) {
            return "no LogReaderService";
        }
        int maxLevel = level(threshold);
        try {
            Bundle log = reference.getBundle();
            Class<?> readerType = log.loadClass("org.osgi.service.log.LogReaderService");
            Class<?> listenerType = log.loadClass("org.osgi.service.log.LogListener");
            Entries entries = new Entries(log.loadClass("org.osgi.service.log.LogEntry"));
            Object reader = context.getService(reference);

            List<Object> earlier = new ArrayList<>();
            for (Enumeration<?> e = (Enumeration<?>) readerType.getMethod("getLog").invoke(reader); e.hasMoreElements();) {
                earlier.add(e.nextElement());
            }
            Collections.reverse(earlier); // the log answers newest first
            for (Object entry : earlier) {
                entries.print(entry, maxLevel, out);
            }

            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "logged" -> {
                    entries.print(args[0], maxLevel, out);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "stratus console log";
                default -> null;
            };
            Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler);
            readerType.getMethod("addLogListener", listenerType).invoke(reader, listener);
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return e.toString();
        }
    }

    static int level(String name) {
        int index = List.of("ERROR", "WARN", "INFO", "DEBUG").indexOf(name);
        return index < 0 ? 3 : index + 1;
    }

    /** Whether an entry is shown: at or above the threshold, and not an event echo. */
    static boolean shown(int level, String message, int maxLevel) {
        if (level < 1 || level > maxLevel || message == null) {
            return false;
        }
        return !(message.startsWith("BundleEvent ") || message.startsWith("ServiceEvent ")
                || message.startsWith("FrameworkEvent "));
    }

    static String format(String bundle, String logger, int level, String message) {
        String name = level >= 1 && level <= 4 ? List.of("ERROR", "WARN", "INFO", "DEBUG").get(level - 1) : "LEVEL" + level;
        return bundle + " [" + logger + "] " + name + " : " + message;
    }

    /** Reads LogEntry objects through the API classes the log bundle uses. */
    private static final class Entries {
        private final Method level;
        private final Method message;
        private final Method bundle;
        private final Method exception;
        private final Method loggerName;

        Entries(Class<?> entryType) throws NoSuchMethodException {
            level = entryType.getMethod("getLevel");
            message = entryType.getMethod("getMessage");
            bundle = entryType.getMethod("getBundle");
            exception = entryType.getMethod("getException");
            Method name;
            try {
                name = entryType.getMethod("getLoggerName"); // Log Service 1.4
            } catch (NoSuchMethodException e) {
                name = null;
            }
            loggerName = name;
        }

        void print(Object entry, int maxLevel, PrintStream out) {
            try {
                int entryLevel = (Integer) level.invoke(entry);
                String text = (String) message.invoke(entry);
                if (!shown(entryLevel, text, maxLevel)) {
                    return;
                }
                Bundle source = (Bundle) bundle.invoke(entry);
                String logger = loggerName == null ? "LogService" : String.valueOf(loggerName.invoke(entry));
                Throwable thrown = (Throwable) exception.invoke(entry);
                synchronized (out) {
                    out.println(format(source == null ? "?" : source.getSymbolicName(), logger, entryLevel, text));
                    if (thrown != null) {
                        thrown.printStackTrace(out);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a log entry we cannot read is not worth failing the platform for
            }
        }
    }
}
