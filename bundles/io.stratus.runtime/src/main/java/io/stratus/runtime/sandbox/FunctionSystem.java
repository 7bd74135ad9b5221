package io.stratus.runtime.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Static replacements for the {@link System} and {@link Runtime} calls that would leak the process
 * environment into a function or stop the whole platform. Function bundles call these through
 * bytecode the runtime rewrote at class load; the runtime binds the scope of each invocation.
 */
public final class FunctionSystem {

    /* Inheritable: threads a function starts keep seeing that function's environment. */
    private static final InheritableThreadLocal<FunctionScope> CURRENT = new InheritableThreadLocal<>();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static volatile Function<Class<?>, Map<String, String>> callerEnvironments = c -> null;

    private FunctionSystem() {
    }

    /** Replaces {@code System.getenv(String)}. */
    public static String getenv(String name) {
        Objects.requireNonNull(name, "name");
        Map<String, String> env = environment(WALKER.getCallerClass());
        return env == null ? System.getenv(name) : env.get(name);
    }

    /** Replaces {@code System.getenv()}. */
    public static Map<String, String> getenv() {
        Map<String, String> env = environment(WALKER.getCallerClass());
        return env == null ? System.getenv() : env;
    }

    /** Replaces {@code System.exit(int)}: fails the invocation instead of stopping the platform. */
    public static void exit(int status) {
        throw exitError(status);
    }

    /** Replaces {@code Runtime.exit(int)} (the receiver stays on the stack of the rewritten call). */
    public static void exit(Runtime runtime, int status) {
        throw exitError(status);
    }

    /** Replaces {@code Runtime.halt(int)}. */
    public static void halt(Runtime runtime, int status) {
        throw exitError(status);
    }

    /**
     * Binds {@code scope} to the current thread (and threads it starts) until the returned handle is
     * closed, which restores what was bound before. Used by the runtime around each invocation.
     */
    public static Binding bind(FunctionScope scope) {
        FunctionScope previous = CURRENT.get();
        CURRENT.set(scope);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** The scope bound to the current thread, or null. */
    public static FunctionScope current() {
        return CURRENT.get();
    }

    /**
     * Sets how code running outside any invocation (static initialisers, threads started outside a
     * scope) finds its function's environment from the calling class; a null answer means the process
     * environment. Set by the runtime when it starts.
     */
    public static void resolveCallersWith(Function<Class<?>, Map<String, String>> resolver) {
        callerEnvironments = resolver == null ? c -> null : resolver;
    }

    private static Map<String, String> environment(Class<?> caller) {
        FunctionScope scope = CURRENT.get();
        if (scope != null) {
            return scope.environment();
        }
        return caller == null ? null : callerEnvironments.apply(caller);
    }

    private static ExitError exitError(int status) {
        FunctionScope scope = CURRENT.get();
        if (scope != null) {
            scope.exitRequested(status);
        }
        return new ExitError(status);
    }

    /** Undoes a {@link FunctionSystem#bind} when closed. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
