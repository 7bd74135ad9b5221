package io.stratus.runtime.impl.logging;

import java.util.function.Predicate;

import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerConsumer;

/**
 * An OSGi {@link Logger} (or {@link FormatterLogger}) that writes each entry to the log of the
 * invocation running on the calling thread, then hands it to the Log service's own logger as before.
 * Entries at INFO and above always reach the invocation's log, as Lambda's default level does; DEBUG
 * and TRACE when the Log service's level for this logger lets them through.
 */
final class CapturingLogger implements FormatterLogger {

    private final Logger delegate;
    private final boolean printf;
    private final Predicate<String> invocationLog;

    /**
     * @param delegate      the Log service's logger for the same bundle and name
     * @param printf        whether messages are {@link java.util.Formatter} formats rather than {@code {}} ones
     * @param invocationLog adds a line to the current invocation's log; false when none runs on this thread
     */
    CapturingLogger(Logger delegate, boolean printf, Predicate<String> invocationLog) {
        this.delegate = delegate;
        this.printf = printf;
        this.invocationLog = invocationLog;
    }

    private void capture(LogLevel level, boolean enabled, String format, Object... arguments) {
        if (!enabled && !LogLevel.INFO.implies(level)) {
            return;
        }
        invocationLog.test(printf ? LogLines.printf(level, format, arguments)
                : LogLines.placeholders(level, format, arguments));
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    // ---------------------------------------------------------------- trace

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public void trace(String message) {
        capture(LogLevel.TRACE, isTraceEnabled(), message);
        delegate.trace(message);
    }

    @Override
    public void trace(String format, Object arg) {
        capture(LogLevel.TRACE, isTraceEnabled(), format, arg);
        delegate.trace(format, arg);
    }

    @Override
    public void trace(String format, Object arg1, Object arg2) {
        capture(LogLevel.TRACE, isTraceEnabled(), format, arg1, arg2);
        delegate.trace(format, arg1, arg2);
    }

    @Override
    public void trace(String format, Object... arguments) {
        capture(LogLevel.TRACE, isTraceEnabled(), format, arguments);
        delegate.trace(format, arguments);
    }

    @Override
    public <E extends Exception> void trace(LoggerConsumer<E> consumer) throws E {
        if (isTraceEnabled()) {
            consumer.accept(this);
        }
    }

    // ---------------------------------------------------------------- debug

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public void debug(String message) {
        capture(LogLevel.DEBUG, isDebugEnabled(), message);
        delegate.debug(message);
    }

    @Override
    public void debug(String format, Object arg) {
        capture(LogLevel.DEBUG, isDebugEnabled(), format, arg);
        delegate.debug(format, arg);
    }

    @Override
    public void debug(String format, Object arg1, Object arg2) {
        capture(LogLevel.DEBUG, isDebugEnabled(), format, arg1, arg2);
        delegate.debug(format, arg1, arg2);
    }

    @Override
    public void debug(String format, Object... arguments) {
        capture(LogLevel.DEBUG, isDebugEnabled(), format, arguments);
        delegate.debug(format, arguments);
    }

    @Override
    public <E extends Exception> void debug(LoggerConsumer<E> consumer) throws E {
        if (isDebugEnabled()) {
            consumer.accept(this);
        }
    }

    // ---------------------------------------------------------------- info

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public void info(String message) {
        capture(LogLevel.INFO, true, message);
        delegate.info(message);
    }

    @Override
    public void info(String format, Object arg) {
        capture(LogLevel.INFO, true, format, arg);
        delegate.info(format, arg);
    }

    @Override
    public void info(String format, Object arg1, Object arg2) {
        capture(LogLevel.INFO, true, format, arg1, arg2);
        delegate.info(format, arg1, arg2);
    }

    @Override
    public void info(String format, Object... arguments) {
        capture(LogLevel.INFO, true, format, arguments);
        delegate.info(format, arguments);
    }

    @Override
    public <E extends Exception> void info(LoggerConsumer<E> consumer) throws E {
        // the consumer's entries reach the invocation's log whatever the Log service's level
        consumer.accept(this);
    }

    // ---------------------------------------------------------------- warn

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public void warn(String message) {
        capture(LogLevel.WARN, true, message);
        delegate.warn(message);
    }

    @Override
    public void warn(String format, Object arg) {
        capture(LogLevel.WARN, true, format, arg);
        delegate.warn(format, arg);
    }

    @Override
    public void warn(String format, Object arg1, Object arg2) {
        capture(LogLevel.WARN, true, format, arg1, arg2);
        delegate.warn(format, arg1, arg2);
    }

    @Override
    public void warn(String format, Object... arguments) {
        capture(LogLevel.WARN, true, format, arguments);
        delegate.warn(format, arguments);
    }

    @Override
    public <E extends Exception> void warn(LoggerConsumer<E> consumer) throws E {
        consumer.accept(this);
    }

    // ---------------------------------------------------------------- error

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    public void error(String message) {
        capture(LogLevel.ERROR, true, message);
        delegate.error(message);
    }

    @Override
    public void error(String format, Object arg) {
        capture(LogLevel.ERROR, true, format, arg);
        delegate.error(format, arg);
    }

    @Override
    public void error(String format, Object arg1, Object arg2) {
        capture(LogLevel.ERROR, true, format, arg1, arg2);
        delegate.error(format, arg1, arg2);
    }

    @Override
    public void error(String format, Object... arguments) {
        capture(LogLevel.ERROR, true, format, arguments);
        delegate.error(format, arguments);
    }

    @Override
    public <E extends Exception> void error(LoggerConsumer<E> consumer) throws E {
        consumer.accept(this);
    }

    // ---------------------------------------------------------------- audit

    @Override
    public void audit(String message) {
        capture(LogLevel.AUDIT, true, message);
        delegate.audit(message);
    }

    @Override
    public void audit(String format, Object arg) {
        capture(LogLevel.AUDIT, true, format, arg);
        delegate.audit(format, arg);
    }

    @Override
    public void audit(String format, Object arg1, Object arg2) {
        capture(LogLevel.AUDIT, true, format, arg1, arg2);
        delegate.audit(format, arg1, arg2);
    }

    @Override
    public void audit(String format, Object... arguments) {
        capture(LogLevel.AUDIT, true, format, arguments);
        delegate.audit(format, arguments);
    }
}
