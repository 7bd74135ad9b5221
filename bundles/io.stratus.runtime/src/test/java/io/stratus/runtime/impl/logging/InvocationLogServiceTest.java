package io.stratus.runtime.impl.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;

/**
 * The Log service bundles see: entries reach the current invocation's log as {@code [LEVEL] message}
 * and the Log service it hides, unchanged.
 */
public class InvocationLogServiceTest {

    /** What the hidden Log service was asked, as "method args...". */
    private final List<String> forwarded = new ArrayList<>();
    /** Lines written to the invocation's log. */
    private final List<String> captured = new ArrayList<>();
    private boolean onInvocationThread = true;
    private boolean debugEnabled;
    private int ungets;

    private <T> T recorder(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("getLogger")) {
                forwarded.add("getLogger " + args[0]);
                Class<?> loggerType = args.length > 1 ? (Class<?>) args[args.length - 1] : Logger.class;
                return recorder(loggerType);
            }
            if (name.equals("isDebugEnabled") || name.equals("isTraceEnabled")) {
                return debugEnabled;
            }
            if (name.startsWith("is")) {
                return true;
            }
            if (name.equals("getName")) {
                return "recorded";
            }
            StringBuilder call = new StringBuilder(name);
            for (Object arg : args == null ? new Object[0] : args) {
                call.append(' ').append(arg instanceof Object[] array ? java.util.Arrays.toString(array) : arg);
            }
            forwarded.add(call.toString());
            return null;
        }));
    }

    @SuppressWarnings("unchecked")
    private InvocationLogService service() {
        LogService hidden = recorder(LogService.class);
        ServiceReference<LogService> reference = (ServiceReference<LogService>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceReference.class}, (p, m, a) -> null);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (p, method, args) -> {
                    if (method.getName().equals("getService")) {
                        return args[0] == reference ? hidden : null;
                    }
                    if (method.getName().equals("ungetService")) {
                        ungets++;
                        return true;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new InvocationLogService(context, reference, line -> {
            if (onInvocationThread) {
                captured.add(line);
            }
            return onInvocationThread;
        });
    }

    @Test
    public void loggerEntriesReachTheInvocationLogWithTheirLevelAndTheLogServiceUnchanged() {
        Logger logger = service().getLogger("fn");
        logger.info("hello {} and {}", "a", 7);
        logger.warn("plain");
        logger.error("failed {}", "x", new IllegalStateException("boom"));
        logger.audit("audit {}", "trail");
        assertEquals("[INFO] hello a and 7", captured.get(0));
        assertEquals("[WARN] plain", captured.get(1));
        assertTrue(captured.get(2),
                captured.get(2).startsWith("[ERROR] failed x\njava.lang.IllegalStateException: boom\n\tat "));
        assertEquals("[AUDIT] audit trail", captured.get(3));
        assertEquals(4, captured.size());
        assertEquals(List.of("getLogger fn", "info hello {} and {} a 7", "warn plain",
                "error failed {} x java.lang.IllegalStateException: boom", "audit audit {} trail"),
                forwarded);
    }

    @Test
    public void placeholdersEscapesAndMissingArguments() {
        Logger logger = service().getLogger(InvocationLogServiceTest.class);
        logger.info("literal \\{} then {}", "v");
        logger.info("{} and {} but one", "only");
        logger.info((String) null);
        assertEquals(List.of("[INFO] literal {} then v", "[INFO] only and {} but one", "[INFO] null"), captured);
    }

    @Test
    public void formatterLoggersUsePrintfFormatsAndABadFormatKeepsItsArguments() {
        FormatterLogger logger = service().getLogger("fn", FormatterLogger.class);
        logger.warn("%s has %d items", "cart", 3);
        logger.info("%d broken", "not a number");
        assertEquals("[WARN] cart has 3 items", captured.get(0));
        assertEquals("[INFO] %d broken [not a number]", captured.get(1));
    }

    @Test
    public void debugAndTraceAreCapturedOnlyWhenTheLogServiceEnablesThem() {
        Logger logger = service().getLogger("fn");
        logger.debug("hidden {}", 1);
        logger.trace("hidden too");
        debugEnabled = true;
        logger.debug("shown {}", 2);
        assertEquals(List.of("[DEBUG] shown 2"), captured);
        assertTrue("forwarded whatever the level: the Log service filters", forwarded.contains("debug hidden {} 1"));
    }

    @Test
    public void offAnInvocationThreadEntriesOnlyReachTheLogService() {
        onInvocationThread = false;
        service().getLogger("fn").error("outside");
        assertEquals(List.of(), captured);
        assertEquals(List.of("getLogger fn", "error outside"), forwarded);
    }

    @Test
    @SuppressWarnings("deprecation")
    public void theLogService13MethodsAreCapturedAtTheirLevel() {
        InvocationLogService service = service();
        service.log(LogService.LOG_WARNING, "old style");
        service.log(LogService.LOG_DEBUG, "old debug");
        service.log(LogService.LOG_ERROR, "old error", new RuntimeException("r"));
        assertEquals("[WARN] old style", captured.get(0));
        assertTrue(captured.get(1), captured.get(1).startsWith("[ERROR] old error\njava.lang.RuntimeException: r"));
        assertEquals(2, captured.size());
        assertEquals(List.of("log 2 old style", "log 4 old debug", "log 1 old error java.lang.RuntimeException: r"),
                forwarded);
    }

    @Test
    public void deactivationReleasesTheHiddenLogService() {
        InvocationLogService service = service();
        service.deactivate();
        assertEquals(1, ungets);
    }
}
