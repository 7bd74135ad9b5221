package io.stratus.runtime.impl.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.IllegalFormatException;

import org.osgi.service.log.LogLevel;

/**
 * Formats an OSGi Log entry as the line an invocation's log gets, in the form of AWS's Java runtime
 * text lines: {@code [LEVEL] message}, the exception's stack trace after it in the same event.
 */
final class LogLines {

    private LogLines() {
    }

    /**
     * A {@code {}}-style message (OSGi {@code Logger}) with its arguments: each {@code {}} takes the
     * next argument, {@code \\{}} is a literal {@code {}}; of the arguments left over, the last
     * {@code Throwable} is the entry's exception (a {@code ServiceReference} is not printed).
     */
    static String placeholders(LogLevel level, String format, Object... arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        StringBuilder message = new StringBuilder(format == null ? 4 : format.length() + 32);
        int used = 0;
        if (format == null) {
            message.append("null");
        } else {
            int i = 0;
            while (i < format.length()) {
                char c = format.charAt(i);
                if (c == '\\' && format.startsWith("{}", i + 1)) {
                    message.append("{}");
                    i += 3;
                } else if (c == '{' && format.startsWith("}", i + 1) && used < args.length) {
                    message.append(args[used++]);
                    i += 2;
                } else {
                    message.append(c);
                    i++;
                }
            }
        }
        return line(level, message.toString(), throwable(args, used));
    }

    /** A {@link java.util.Formatter} message (OSGi {@code FormatterLogger}) with its arguments. */
    static String printf(LogLevel level, String format, Object... arguments) {
        Object[] args = arguments == null ? new Object[0] : arguments;
        String message;
        try {
            message = format == null ? "null" : String.format(format, args);
        } catch (IllegalFormatException e) {
            // a bad format loses no information: the format and its arguments are printed as given
            message = format + " " + java.util.Arrays.toString(args);
        }
        return line(level, message, throwable(args, 0));
    }

    /** The line for a message and optional exception. */
    static String line(LogLevel level, String message, Throwable exception) {
        StringBuilder line = new StringBuilder(message.length() + 10).append('[').append(level.name()).append("] ")
                .append(message);
        if (exception != null) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace.toString().stripTrailing());
        }
        return line.toString();
    }

    /* The exception among the arguments no placeholder consumed: the last Throwable, as the spec says. */
    private static Throwable throwable(Object[] args, int used) {
        for (int i = args.length - 1; i >= used; i--) {
            if (args[i] instanceof Throwable t) {
                return t;
            }
        }
        return null;
    }
}
