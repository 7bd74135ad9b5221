package io.stratus.runtime.impl.logging;

import java.util.function.Predicate;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.stratus.runtime.impl.core.OutputCapture;

/**
 * The OSGi Log service as bundles see it: each bundle gets its own instance (bundle scope), ranked
 * above the framework's Log service, that writes what it logs on an invocation's thread to that
 * invocation's log and hands every entry on to the Log service it hides, as that bundle. The Log
 * service itself (Felix Log) tells its listeners later, on its own thread, so only the calling thread
 * knows which invocation an entry belongs to.
 */
@Component(service = {LogService.class, LoggerFactory.class}, scope = ServiceScope.BUNDLE,
        property = {Constants.SERVICE_RANKING + ":Integer=1000", InvocationLogService.MARKER + ":Boolean=true"})
public final class InvocationLogService implements LogService {

    /** Service property that tells this service from the Log service it forwards to. */
    static final String MARKER = "io.stratus.invocation.log";

    private final BundleContext forwarding;
    private final ServiceReference<LogService> target;
    private final LogService delegate;
    private final Predicate<String> invocationLog;

    @Activate
    public InvocationLogService(ComponentContext component,
            @Reference(target = "(!(" + MARKER + "=true))") ServiceReference<LogService> target) {
        this(contextOf(component), target, OutputCapture::writeLine);
    }

    InvocationLogService(BundleContext forwarding, ServiceReference<LogService> target,
            Predicate<String> invocationLog) {
        this.forwarding = forwarding;
        this.target = target;
        this.invocationLog = invocationLog;
        LogService service = forwarding.getService(target);
        if (service == null) {
            throw new IllegalStateException("the Log service went away");
        }
        this.delegate = service;
    }

    /*
     * The using bundle's own context, so the Log service records entries as that bundle's; ours when the
     * bundle has none (a fragment, or a bundle that is stopping).
     */
    private static BundleContext contextOf(ComponentContext component) {
        Bundle using = component.getUsingBundle();
        BundleContext context = using == null ? null : using.getBundleContext();
        return context != null ? context : component.getBundleContext();
    }

    @Deactivate
    void deactivate() {
        try {
            forwarding.ungetService(target);
        } catch (IllegalStateException e) {
            // the using bundle stopped first: the framework released the service with it
        }
    }

    // ---------------------------------------------------------------- LoggerFactory

    @Override
    public Logger getLogger(String name) {
        return new CapturingLogger(delegate.getLogger(name), false, invocationLog);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return new CapturingLogger(delegate.getLogger(clazz), false, invocationLog);
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        return loggerType.cast(new CapturingLogger(delegate.getLogger(name, loggerType),
                loggerType == FormatterLogger.class, invocationLog));
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
        return loggerType.cast(new CapturingLogger(delegate.getLogger(clazz, loggerType),
                loggerType == FormatterLogger.class, invocationLog));
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        return loggerType.cast(new CapturingLogger(delegate.getLogger(bundle, name, loggerType),
                loggerType == FormatterLogger.class, invocationLog));
    }

    // ---------------------------------------------------------------- LogService 1.3 methods

    @Override
    @SuppressWarnings("deprecation")
    public void log(int level, String message) {
        capture(level, message, null);
        delegate.log(level, message);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void log(int level, String message, Throwable exception) {
        capture(level, message, exception);
        delegate.log(level, message, exception);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void log(ServiceReference<?> reference, int level, String message) {
        capture(level, message, null);
        delegate.log(reference, level, message);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void log(ServiceReference<?> reference, int level, String message, Throwable exception) {
        capture(level, message, exception);
        delegate.log(reference, level, message, exception);
    }

    /*
     * The 1.3 levels: ERROR 1, WARNING 2, INFO 3, DEBUG 4; DEBUG (and unknown levels) stay out, as with
     * Lambda's default INFO level.
     */
    private void capture(int level, String message, Throwable exception) {
        LogLevel mapped = switch (level) {
            case 1 -> LogLevel.ERROR;
            case 2 -> LogLevel.WARN;
            case 3 -> LogLevel.INFO;
            default -> null;
        };
        if (mapped != null) {
            invocationLog.test(LogLines.line(mapped, String.valueOf(message), exception));
        }
    }
}
