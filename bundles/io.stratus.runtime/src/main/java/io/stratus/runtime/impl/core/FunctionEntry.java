package io.stratus.runtime.impl.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.impl.handler.HandlerBinding;

/**
 * A registered function: its code, declaration, effective configuration, state, warm environments
 * and worker threads. Fields read on the invocation path are volatile; changes go through the host.
 */
final class FunctionEntry {

    /**
     * How long an execution environment is reused before the next invocation starts a new one (a
     * cold start), as AWS retires environments after hours: its role credentials, issued at the cold
     * start for 12 hours, are then always far from expiring.
     */
    static final Duration MAX_ENVIRONMENT_AGE = Duration.ofHours(2);

    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd")
            .withZone(ZoneOffset.UTC);

    final String name;
    /** {@code $LATEST} or the published version number. */
    final String version;
    /** Where the host keeps it: the name, or {@code name:version}. */
    final String key;
    final String arn;
    final FunctionCode code;
    final Declaration declaration;
    final HandlerBinding binding;
    final String stateReason;
    final String stateReasonCode;

    volatile FunctionState state;
    /* Set when newer code took the name over: new invocations go to the newer entry, this one drains. */
    volatile boolean superseded;
    volatile FunctionSpec spec;
    volatile Overrides overrides;
    volatile Integer reserved;
    volatile EventInvokeConfig eventInvokeConfig;
    /** Function + platform variables beneath the per-environment log stream name. */
    volatile Map<String, String> baseEnvironment;
    /* Bumped by configuration changes: environments of an older generation are not reused. */
    private volatile int generation;

    final AtomicInteger reservedInUse = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idleMonitor = new Object();
    private final ConcurrentLinkedDeque<ExecutionEnvironment> idle = new ConcurrentLinkedDeque<>();
    private final ThreadPoolExecutor workers;

    FunctionEntry(String name, String arn, FunctionCode code, Declaration declaration, HandlerBinding binding,
            FunctionState state, String stateReason, String stateReasonCode) {
        this.name = name;
        this.version = declaration.version() == null ? FunctionNames.LATEST : declaration.version();
        this.key = declaration.version() == null ? name : name + ":" + declaration.version();
        this.arn = arn;
        this.code = code;
        this.declaration = declaration;
        this.binding = binding;
        this.state = state;
        this.stateReason = stateReason;
        this.stateReasonCode = stateReasonCode;
        if (state == FunctionState.Active) {
            AtomicInteger threadNumber = new AtomicInteger();
            workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    task -> {
                        Thread thread = new Thread(task, "stratus-fn-" + name + "-" + threadNumber.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
        } else {
            workers = null;
        }
    }

    /** Applies a configuration; warm environments of the previous one are dropped. */
    void configure(FunctionSpec newSpec, Overrides newOverrides, RuntimeSettings settings) {
        overrides = newOverrides;
        reserved = newOverrides.reservedConcurrency();
        eventInvokeConfig = newOverrides.maximumRetryAttempts() == null ? EventInvokeConfig.DEFAULT
                : new EventInvokeConfig(newOverrides.maximumRetryAttempts(), newOverrides.maximumEventAgeInSeconds(),
                        newOverrides.eventInvokeConfigModified() == null ? null
                                : Instant.ofEpochMilli(newOverrides.eventInvokeConfigModified()));
        baseEnvironment = environment(newSpec, settings);
        spec = newSpec;
        generation++;
        idle.clear();
    }

    private Map<String, String> environment(FunctionSpec s, RuntimeSettings settings) {
        Map<String, String> env = new HashMap<>(settings.processEnvironment());
        // the platform's own credentials and identity never leak into a function
        env.keySet().removeAll(ConfigRules.RESERVED_KEYS);
        env.putAll(s.environment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(s.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_REGION", settings.region());
        env.put("AWS_DEFAULT_REGION", settings.region());
        env.put("AWS_ENDPOINT_URL", "http://localhost:" + settings.awsPort());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        return Map.copyOf(env);
    }

    /** A warm environment of the current configuration, or a new (cold) one. */
    ExecutionEnvironment acquireEnvironment(Instant now) {
        return acquireEnvironment(now, null);
    }

    /**
     * A warm environment of the current configuration, or a new (cold) one with the contributor's
     * variables (the role's credentials) added.
     */
    ExecutionEnvironment acquireEnvironment(Instant now, io.stratus.runtime.api.EnvironmentContributor contributor) {
        int current = generation;
        Instant oldest = now.minus(MAX_ENVIRONMENT_AGE);
        ExecutionEnvironment env;
        while ((env = idle.pollFirst()) != null) {
            if (env.generation == current && env.created.isAfter(oldest)) {
                return env;
            }
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String stream = STREAM_DATE.format(now) + "/[" + version + "]" + id;
        Map<String, String> environment = new HashMap<>(baseEnvironment);
        if (contributor != null) {
            environment.putAll(contributor.environment(name, spec.role()));
        }
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", stream);
        return new ExecutionEnvironment(id, current, stream, Map.copyOf(environment), now);
    }

    /** Returns an environment after an invocation; most recently used first, so warm ones stay warm. */
    void releaseEnvironment(ExecutionEnvironment env, boolean discard) {
        if (!discard && env.initialized && env.generation == generation && state == FunctionState.Active
                && !superseded) {
            idle.offerFirst(env);
        }
    }

    ThreadPoolExecutor workers() {
        return workers;
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void exit() {
        if (inFlight.decrementAndGet() == 0 && (state != FunctionState.Active || superseded)) {
            synchronized (idleMonitor) {
                idleMonitor.notifyAll();
            }
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no invocation is in flight, at most {@code maxMillis}; true when idle. */
    boolean awaitIdle(long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        synchronized (idleMonitor) {
            while (inFlight.get() > 0) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                idleMonitor.wait(remaining);
            }
        }
        return true;
    }

    /** Drops the warm handler instances and lets idle worker threads end. */
    void close() {
        idle.clear();
        if (workers != null) {
            workers.shutdown();
        }
    }

    /** Revision of uploaded code, or null for an ordinary bundle. */
    Long revision() {
        return declaration.revision();
    }

    boolean ownedBy(long bundleId) {
        return code.bundleId() == bundleId;
    }
}
