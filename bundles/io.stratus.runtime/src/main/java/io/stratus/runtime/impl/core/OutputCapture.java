package io.stratus.runtime.impl.core;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes what an invocation's thread writes to {@code System.out} / {@code System.err} into that
 * invocation's log, one event per line, as Lambda does. Installed once for the process; other threads
 * write to the original streams untouched. The hot path is one thread-local read per write. Logging
 * APIs reach the log the same way: pax-logging (slf4j, and java.util.logging, which it bridges) prints
 * on the calling thread to the standard output of the moment.
 */
public final class OutputCapture {

    private static final ThreadLocal<Target> CURRENT = new ThreadLocal<>();
    private static final Object LOCK = new Object();
    private static PrintStream originalOut;
    private static PrintStream originalErr;
    private static PrintStream installedOut;
    private static PrintStream installedErr;

    private OutputCapture() {
    }

    /** Replaces the process's standard streams with routing ones; idempotent. */
    public static void install() {
        synchronized (LOCK) {
            if (installedOut != null) {
                return;
            }
            originalOut = System.out;
            originalErr = System.err;
            installedOut = new PrintStream(new Routing(originalOut), true, StandardCharsets.UTF_8);
            installedErr = new PrintStream(new Routing(originalErr), true, StandardCharsets.UTF_8);
            System.setOut(installedOut);
            System.setErr(installedErr);
        }
    }

    /** Restores the original streams unless someone replaced ours meanwhile. */
    public static void uninstall() {
        synchronized (LOCK) {
            if (installedOut == null) {
                return;
            }
            if (System.out == installedOut) {
                System.setOut(originalOut);
            }
            if (System.err == installedErr) {
                System.setErr(originalErr);
            }
            installedOut = null;
            installedErr = null;
        }
    }

    /** Starts routing this thread's output to {@code log}; close the result to stop (flushes a partial line). */
    static Binding bind(InvocationLog log) {
        Target previous = CURRENT.get();
        Target target = new Target(log);
        CURRENT.set(target);
        return () -> {
            target.flush();
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /**
     * Adds {@code line} as one event to the log of the invocation running on this thread, after any
     * partial line it printed; false when no invocation runs on this thread.
     */
    public static boolean writeLine(String line) {
        Target target = CURRENT.get();
        if (target == null) {
            return false;
        }
        target.flush();
        target.log.add(line);
        return true;
    }

    /** Undoes {@link #bind}. */
    @FunctionalInterface
    interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /* One invocation's line buffer; only its own thread writes to it. */
    private static final class Target {
        final InvocationLog log;
        final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

        Target(InvocationLog log) {
            this.log = log;
        }

        void write(int b) {
            if (b == '\n') {
                emit();
            } else {
                line.write(b);
            }
        }

        void write(byte[] bytes, int offset, int length) {
            int start = offset;
            int end = offset + length;
            for (int i = offset; i < end; i++) {
                if (bytes[i] == '\n') {
                    line.write(bytes, start, i - start);
                    emit();
                    start = i + 1;
                }
            }
            line.write(bytes, start, end - start);
        }

        void flush() {
            if (line.size() > 0) {
                emit();
            }
        }

        private void emit() {
            int size = line.size();
            byte[] bytes = line.toByteArray();
            // a CRLF line ending is one line break
            if (size > 0 && bytes[size - 1] == '\r') {
                size--;
            }
            log.add(new String(bytes, 0, size, StandardCharsets.UTF_8));
            line.reset();
        }
    }

    private static final class Routing extends OutputStream {
        private final PrintStream original;

        Routing(PrintStream original) {
            this.original = original;
        }

        @Override
        public void write(int b) {
            Target target = CURRENT.get();
            if (target == null) {
                original.write(b);
            } else {
                target.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Target target = CURRENT.get();
            if (target == null) {
                original.write(bytes, offset, length);
            } else {
                target.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() {
            if (CURRENT.get() == null) {
                original.flush();
            }
        }
    }
}
