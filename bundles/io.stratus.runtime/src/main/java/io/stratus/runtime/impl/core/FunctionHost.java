package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.google.gson.JsonElement;

import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.Outcome;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import io.stratus.runtime.impl.handler.HandlerBinding;
import io.stratus.runtime.impl.handler.InvalidHandlerException;
import io.stratus.runtime.impl.handler.JsonMapping;

/**
 * The runtime without OSGi: the registry of functions, synchronous and asynchronous invocation,
 * concurrency limits, configuration overrides and health findings. The DS component feeds it the
 * function bundles the extender finds; tests feed it class loaders.
 */
public final class FunctionHost implements FunctionRegistry, Invoker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionHost.class);

    /** State reason code for invalid declared values. */
    public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
    /** State reason code for unresolvable bundles and unloadable handlers. */
    public static final String FUNCTION_ERROR = "FunctionError";

    private final RuntimeSettings settings;
    private final FunctionNames names;
    private final OverrideStore overrides;
    private final Concurrency concurrency;
    private final ConcurrentHashMap<String, FunctionEntry> functions = new ConcurrentHashMap<>();
    private final Object deployLock = new Object();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<InvocationListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final ScheduledExecutorService watchdogScheduler;
    private final Watchdog watchdog;
    private final AsyncQueue async;

    /** A declaration refused because another bundle holds the name. */
    private record Refusal(String name, FunctionCode code, Map<String, Object> attributes, FunctionCode holder) {
    }

    /** Adds variables (a role's credentials) to new execution environments; null for none. */
    private volatile io.stratus.runtime.api.EnvironmentContributor environmentContributor;

    public void environmentContributor(io.stratus.runtime.api.EnvironmentContributor contributor) {
        this.environmentContributor = contributor;
    }

    public FunctionHost(RuntimeSettings settings) {
        this.settings = settings;
        this.names = new FunctionNames(settings.region(), settings.account());
        this.overrides = new OverrideStore(settings.runtimeDirectory().resolve("functions"));
        this.concurrency = new Concurrency(settings.accountConcurrency());
        this.notifier = Executors.newSingleThreadExecutor(daemon("stratus-invocation-listeners"));
        this.watchdogScheduler = Executors.newSingleThreadScheduledExecutor(daemon("stratus-watchdog"));
        this.watchdog = new Watchdog(watchdogScheduler, settings.stuckThreadGraceMillis());
        this.async = new AsyncQueue(settings.runtimeDirectory(), settings.clock(), new AsyncQueue.Runner() {
            @Override
            public InvocationResult run(String functionName, String requestId, byte[] payload)
                    throws FunctionException {
                return execute(new InvocationRequest(functionName, null, payload, null, false), requestId, true);
            }

            @Override
            public EventInvokeConfig eventInvokeConfig(String functionName) {
                FunctionEntry entry = functions.get(functionName);
                return entry == null ? null : entry.eventInvokeConfig;
            }
        });
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Recovers files interrupted writes left, reloads pending asynchronous events and starts dispatching. */
    public void start() throws IOException {
        overrides.recover();
        async.start();
    }

    @Override
    public void close() {
        async.close();
        synchronized (deployLock) {
            functions.values().forEach(FunctionEntry::close);
            functions.clear();
            refusals.clear();
        }
        watchdogScheduler.shutdownNow();
        notifier.shutdown();
    }

    // ---------------------------------------------------------------- listeners

    public void addListener(InvocationListener listener) {
        listeners.add(listener);
    }

    public void removeListener(InvocationListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- deployment (the extender's side)

    /** Registers the functions an active bundle declares (capability attribute maps). */
    public void deploy(FunctionCode code, List<Map<String, Object>> declarations) {
        synchronized (deployLock) {
            discardOwned(code.bundleId());
            for (Map<String, Object> attributes : declarations) {
                deployOne(code, attributes, null);
            }
            updateReservedSum();
        }
    }

    /** Registers the functions of a bundle that cannot run (e.g. does not resolve) as Failed. */
    public void deployFailed(FunctionCode code, List<Map<String, Object>> declarations, String reason) {
        synchronized (deployLock) {
            discardOwned(code.bundleId());
            for (Map<String, Object> attributes : declarations) {
                deployOne(code, attributes, reason);
            }
            updateReservedSum();
        }
    }

    /**
     * Takes a bundle's functions away: they turn Inactive (new invocations refused), in-flight ones
     * may finish within their timeout, then the functions disappear and their environments are dropped.
     */
    public void undeploy(long bundleId) {
        List<FunctionEntry> owned = new ArrayList<>();
        synchronized (deployLock) {
            refusals.removeIf(r -> r.code().bundleId() == bundleId);
            for (FunctionEntry entry : functions.values()) {
                if (entry.ownedBy(bundleId)) {
                    if (entry.state == FunctionState.Active) {
                        entry.state = FunctionState.Inactive;
                    }
                    owned.add(entry);
                }
            }
        }
        for (FunctionEntry entry : owned) {
            long limit = TimeUnit.SECONDS.toMillis(entry.spec.timeout())
                    + TimeUnit.NANOSECONDS.toMillis(Invocation.INIT_LIMIT_NANOS);
            try {
                if (!entry.awaitIdle(limit)) {
                    LOG.warn("Function {} still has {} invocations running after {} ms; removing it anyway",
                            entry.name, entry.inFlight(), limit);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (deployLock) {
            for (FunctionEntry entry : owned) {
                if (functions.remove(entry.name, entry)) {
                    entry.close();
                    promoteRefused(entry.name);
                }
            }
            updateReservedSum();
        }
    }

    private void discardOwned(long bundleId) {
        functions.values().removeIf(entry -> {
            if (entry.ownedBy(bundleId)) {
                entry.close();
                return true;
            }
            return false;
        });
        refusals.removeIf(r -> r.code().bundleId() == bundleId);
    }

    /* The name became free: the first bundle refused for it gets it now. */
    private void promoteRefused(String name) {
        for (Refusal refusal : refusals) {
            if (refusal.name().equals(name)) {
                refusals.remove(refusal);
                LOG.info("Function {} is now taken by bundle {} [{}], which was refused it before", name,
                        refusal.code().symbolicName(), refusal.code().bundleId());
                deployOne(refusal.code(), refusal.attributes(), null);
                return;
            }
        }
    }

    private void deployOne(FunctionCode code, Map<String, Object> attributes, String unresolvedReason) {
        Declaration declaration = Declaration.parse(attributes, settings.defaultRole());
        String name = declaration.name().isEmpty() ? code.symbolicName() : declaration.name();
        FunctionEntry holder = functions.get(name);
        if (holder != null) {
            refusals.add(new Refusal(name, code, attributes, holder.code));
            LOG.warn("Function {} declared by bundle {} [{}] is refused: bundle {} [{}] already declares it", name,
                    code.symbolicName(), code.bundleId(), holder.code.symbolicName(), holder.code.bundleId());
            return;
        }
        FunctionState state = FunctionState.Active;
        String reason = null;
        String reasonCode = null;
        HandlerBinding binding = null;
        if (unresolvedReason != null) {
            state = FunctionState.Failed;
            reason = unresolvedReason;
            reasonCode = FUNCTION_ERROR;
        } else if (!declaration.valid()) {
            state = FunctionState.Failed;
            reason = declaration.problem();
            reasonCode = INVALID_CONFIGURATION;
        } else {
            try {
                binding = HandlerBinding.resolve(code.loadClass(declaration.handlerClass()),
                        declaration.handlerMethod());
            } catch (ClassNotFoundException | LinkageError e) {
                state = FunctionState.Failed;
                reason = "Cannot load handler class " + declaration.handlerClass() + ": " + e;
                reasonCode = FUNCTION_ERROR;
            } catch (InvalidHandlerException e) {
                state = FunctionState.Failed;
                reason = e.getMessage();
                reasonCode = FUNCTION_ERROR;
            }
        }
        FunctionEntry entry = new FunctionEntry(name, settings.functionArn(name), code, declaration, binding, state,
                reason, reasonCode);
        Overrides stored;
        try {
            stored = overrides.load(name);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the stored configuration of function {}: {}", name, e.getMessage());
            stored = Overrides.NONE;
        }
        entry.configure(effective(declaration.spec(), stored), stored, settings);
        functions.put(name, entry);
        if (state == FunctionState.Failed) {
            LOG.warn("Function {} of bundle {} [{}] failed: {}", name, code.symbolicName(), code.bundleId(), reason);
        } else {
            LOG.info("Function {} registered from bundle {} [{}]", name, code.symbolicName(), code.bundleId());
        }
    }

    private static FunctionSpec effective(FunctionSpec declared, Overrides o) {
        return new FunctionSpec(declared.name(), declared.handler(),
                o.memorySize() != null ? o.memorySize() : declared.memorySize(),
                o.timeout() != null ? o.timeout() : declared.timeout(),
                o.environment() != null ? o.environment() : declared.environment(),
                o.role() != null ? o.role() : declared.role(),
                o.description() != null ? o.description() : declared.description());
    }

    private void updateReservedSum() {
        int sum = 0;
        for (FunctionEntry entry : functions.values()) {
            Integer reserved = entry.reserved;
            sum += reserved == null ? 0 : reserved;
        }
        concurrency.reservedSum(sum);
    }

    /**
     * The environment code of a bundle sees outside any invocation (static initialisers, its own
     * threads): that of the function whose handler is {@code className} (or encloses it), else the
     * bundle's first function; null when the bundle declares none.
     */
    public Map<String, String> environmentOf(long bundleId, String className) {
        FunctionEntry first = null;
        for (FunctionEntry entry : functions.values()) {
            if (!entry.ownedBy(bundleId)) {
                continue;
            }
            String handler = entry.declaration.handlerClass();
            if (className.equals(handler) || className.startsWith(handler + "$")) {
                return entry.baseEnvironment;
            }
            if (first == null || entry.name.compareTo(first.name) < 0) {
                first = entry;
            }
        }
        return first == null ? null : first.baseEnvironment;
    }

    // ---------------------------------------------------------------- registry

    @Override
    public List<FunctionInfo> list() {
        List<FunctionInfo> list = new ArrayList<>();
        for (FunctionEntry entry : functions.values()) {
            list.add(info(entry));
        }
        list.sort(Comparator.comparing(FunctionInfo::name));
        return list;
    }

    @Override
    public Optional<FunctionInfo> get(String nameOrArn) {
        try {
            return Optional.of(info(require(nameOrArn)));
        } catch (FunctionException e) {
            return Optional.empty();
        }
    }

    @Override
    public FunctionInfo update(String nameOrArn, FunctionUpdate update) throws FunctionException {
        FunctionEntry entry = require(nameOrArn);
        ConfigRules.checkUpdate(update.memorySize(), update.timeout(), update.environment(), update.role(),
                update.description());
        Map<String, String> environment = null;
        if (update.environment() != null) {
            // a variable sent without a value is an empty one, as in Lambda
            environment = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> variable : update.environment().entrySet()) {
                environment.put(variable.getKey(), variable.getValue() == null ? "" : variable.getValue());
            }
        }
        synchronized (deployLock) {
            entry = current(entry);
            Overrides changed = entry.overrides.withConfiguration(update.memorySize(), update.timeout(),
                    environment, update.role(), update.description(), now().toEpochMilli());
            save(entry, changed);
            return info(entry);
        }
    }

    @Override
    public FunctionInfo putConcurrency(String nameOrArn, int reservedConcurrentExecutions) throws FunctionException {
        FunctionEntry entry = require(nameOrArn);
        if (reservedConcurrentExecutions < 0) {
            ConfigRules.Violations violations = new ConfigRules.Violations();
            violations.add(reservedConcurrentExecutions, "reservedConcurrentExecutions",
                    "Member must have value greater than or equal to 0");
            throw FunctionException.invalidParameter(violations.message());
        }
        synchronized (deployLock) {
            entry = current(entry);
            int others = concurrency.reservedSum() - (entry.reserved == null ? 0 : entry.reserved);
            int minimum = concurrency.minimumUnreserved();
            if (concurrency.accountLimit() - others - reservedConcurrentExecutions < minimum) {
                throw FunctionException.invalidParameter("Specified ReservedConcurrentExecutions for function"
                        + " decreases account's UnreservedConcurrentExecution below its minimum value of [" + minimum
                        + "].");
            }
            save(entry, entry.overrides.withReservedConcurrency(reservedConcurrentExecutions));
            updateReservedSum();
            return info(entry);
        }
    }

    @Override
    public FunctionInfo deleteConcurrency(String nameOrArn) throws FunctionException {
        FunctionEntry entry = require(nameOrArn);
        synchronized (deployLock) {
            entry = current(entry);
            save(entry, entry.overrides.withReservedConcurrency(null));
            updateReservedSum();
            return info(entry);
        }
    }

    @Override
    public FunctionInfo putEventInvokeConfig(String nameOrArn, int maximumRetryAttempts, int maximumEventAgeInSeconds)
            throws FunctionException {
        FunctionEntry entry = require(nameOrArn);
        ConfigRules.Violations violations = new ConfigRules.Violations();
        violations.range(maximumRetryAttempts, "maximumRetryAttempts", 0, 2);
        violations.range(maximumEventAgeInSeconds, "maximumEventAgeInSeconds", 60, 21600);
        if (!violations.isEmpty()) {
            throw FunctionException.invalidParameter(violations.message());
        }
        synchronized (deployLock) {
            entry = current(entry);
            save(entry, entry.overrides.withEventInvokeConfig(maximumRetryAttempts, maximumEventAgeInSeconds,
                    now().toEpochMilli()));
            return info(entry);
        }
    }

    @Override
    public FunctionInfo deleteEventInvokeConfig(String nameOrArn) throws FunctionException {
        FunctionEntry entry = require(nameOrArn);
        synchronized (deployLock) {
            entry = current(entry);
            if (entry.overrides.maximumRetryAttempts() == null) {
                throw FunctionException.notFound("The function " + entry.arn + " doesn't have an EventInvokeConfig");
            }
            save(entry, entry.overrides.withEventInvokeConfig(null, null, null));
            return info(entry);
        }
    }

    @Override
    public List<DeadLetter> deadLetters(String nameOrArn) throws FunctionException {
        FunctionNames.Ref ref = names.parse(nameOrArn, null);
        if (!functions.containsKey(ref.name()) && !async.hasDeadLetters(ref.name())) {
            throw names.notFound(ref.name(), null);
        }
        try {
            return async.deadLetters(ref.name());
        } catch (IOException e) {
            throw new FunctionException("ServiceException", 500, "Cannot read dead letters: " + e.getMessage());
        }
    }

    @Override
    public int accountConcurrencyLimit() {
        return concurrency.accountLimit();
    }

    @Override
    public int unreservedConcurrency() {
        return concurrency.unreserved();
    }

    /* The entry registered under the same name now (a redeploy may have replaced it meanwhile). */
    private FunctionEntry current(FunctionEntry entry) throws FunctionException {
        FunctionEntry now = functions.get(entry.name);
        if (now == null) {
            throw names.notFound(entry.name, null);
        }
        return now;
    }

    private void save(FunctionEntry entry, Overrides changed) throws FunctionException {
        try {
            overrides.save(entry.name, changed);
        } catch (IOException e) {
            throw new FunctionException("ServiceException", 500,
                    "Cannot store the configuration of " + entry.name + ": " + e.getMessage());
        }
        entry.configure(effective(entry.declaration.spec(), changed), changed, settings);
    }

    private FunctionInfo info(FunctionEntry entry) {
        Instant modified = entry.code.lastModified();
        Long configured = entry.overrides.lastModified();
        if (configured != null && (modified == null || configured > modified.toEpochMilli())) {
            modified = Instant.ofEpochMilli(configured);
        }
        return new FunctionInfo(entry.spec, entry.arn, entry.state, entry.stateReason, entry.stateReasonCode,
                entry.code.bundleId(), entry.code.symbolicName(), entry.code.version(), entry.code.codeSha256(),
                entry.code.codeSize(), modified, entry.reserved, entry.eventInvokeConfig);
    }

    private FunctionEntry require(String nameOrArn) throws FunctionException {
        return lookup(nameOrArn, null);
    }

    /* The hot path: a plain name is one map lookup; ARNs and qualifiers are parsed only when needed. */
    private FunctionEntry lookup(String nameOrArn, String qualifier) throws FunctionException {
        if (nameOrArn != null && (qualifier == null || qualifier.isEmpty() || FunctionNames.LATEST.equals(qualifier))) {
            FunctionEntry entry = functions.get(nameOrArn);
            if (entry != null) {
                return entry;
            }
        }
        FunctionNames.Ref ref = names.parse(nameOrArn, qualifier);
        FunctionEntry entry = functions.get(ref.name());
        if (entry == null) {
            throw names.notFound(ref.name(), ref.qualifier());
        }
        return entry;
    }

    private Instant now() {
        return settings.clock().get().instant();
    }

    // ---------------------------------------------------------------- invocation

    @Override
    public InvocationResult invoke(InvocationRequest request) throws FunctionException {
        byte[] payload = request.payload();
        if (payload != null && payload.length > MAX_SYNC_PAYLOAD) {
            throw new FunctionException("RequestTooLargeException", 413,
                    "Request must be smaller than " + MAX_SYNC_PAYLOAD + " bytes for the InvokeFunction operation");
        }
        return execute(request, null, false);
    }

    @Override
    public String invokeAsync(InvocationRequest request) throws FunctionException {
        byte[] payload = request.payload() == null ? new byte[0] : request.payload();
        if (payload.length > MAX_ASYNC_PAYLOAD) {
            throw new FunctionException("RequestTooLargeException", 413,
                    "Request must be smaller than " + MAX_ASYNC_PAYLOAD + " bytes for the InvokeFunction operation");
        }
        FunctionEntry entry = lookup(request.functionName(), request.qualifier());
        parse(payload);
        if (entry.state == FunctionState.Failed) {
            throw conflict(entry.state);
        }
        String requestId = UUID.randomUUID().toString();
        try {
            async.submit(requestId, entry.name, payload);
        } catch (IOException e) {
            throw new FunctionException("ServiceException", 500, "Cannot queue the event: " + e.getMessage());
        }
        return requestId;
    }

    private static JsonElement parse(byte[] payload) throws FunctionException {
        try {
            return JsonMapping.parseStrict(payload);
        } catch (JsonMapping.MalformedJsonPayload e) {
            throw new FunctionException("InvalidRequestContentException", 400,
                    "Could not parse request body into json: " + e.getMessage());
        }
    }

    private static FunctionException conflict(FunctionState state) {
        return new FunctionException("ResourceConflictException", 409,
                "The operation cannot be performed at this time. The function is currently in the following state: "
                        + state);
    }

    private InvocationResult execute(InvocationRequest request, String givenRequestId, boolean asynchronous)
            throws FunctionException {
        FunctionEntry entry = lookup(request.functionName(), request.qualifier());
        byte[] payload = request.payload() == null ? new byte[0] : request.payload();
        JsonElement json = parse(payload);
        ClientContext clientContext = InvocationContext.decodeClientContext(request.clientContext());
        if (entry.state != FunctionState.Active) {
            throw conflict(entry.state);
        }
        String requestId = givenRequestId != null ? givenRequestId : UUID.randomUUID().toString();
        Clock clock = settings.clock().get();
        Instant start = clock.instant();
        FunctionSpec spec = entry.spec;
        AtomicInteger permit;
        try {
            permit = concurrency.acquire(entry);
        } catch (FunctionException throttled) {
            publish(new InvocationRecord(requestId, entry.name, FunctionNames.LATEST, null, start, 0, -1,
                    spec.memorySize(), Outcome.THROTTLED, throttled.code(), asynchronous, 0, 0, List.of()));
            throw throttled;
        }
        entry.enter();
        try {
            if (entry.state != FunctionState.Active) {
                throw conflict(entry.state);
            }
            return run(entry, spec, payload, json, clientContext, requestId, start, clock, asynchronous,
                    request.tailLog());
        } finally {
            concurrency.release(permit);
            entry.exit();
        }
    }

    private InvocationResult run(FunctionEntry entry, FunctionSpec spec, byte[] payload, JsonElement json,
            ClientContext clientContext, String requestId, Instant start, Clock clock, boolean asynchronous,
            boolean tailLog) throws FunctionException {
        ExecutionEnvironment environment = entry.acquireEnvironment(start, environmentContributor);
        InvocationLog log = new InvocationLog(clock);
        log.add("START RequestId: " + requestId + " Version: " + FunctionNames.LATEST);
        Invocation invocation = new Invocation(entry.name, requestId, entry.arn, spec.memorySize(), spec.timeout(),
                environment, entry.binding, entry.code.classLoader(), payload, json, clientContext, log, watchdog);
        try {
            entry.workers().execute(invocation);
        } catch (RejectedExecutionException e) {
            throw conflict(FunctionState.Inactive);
        }
        boolean interrupted = false;
        try {
            invocation.await();
        } catch (InterruptedException e) {
            invocation.abandon();
            interrupted = true;
        }
        Outcome outcome = invocation.outcome();
        if (outcome == Outcome.TIMEOUT) {
            log.add(clock.instant() + " " + requestId + " " + invocation.errorMessage());
        } else if (outcome == Outcome.ERROR) {
            log.add(new String(invocation.response(), java.nio.charset.StandardCharsets.UTF_8));
        }
        log.add("END RequestId: " + requestId);
        log.add(report(requestId, invocation, spec.memorySize()));
        entry.releaseEnvironment(environment, invocation.discardEnvironment());
        publish(new InvocationRecord(requestId, entry.name, FunctionNames.LATEST, environment.id, start,
                invocation.durationNanos(), invocation.initNanos(), spec.memorySize(), outcome,
                invocation.errorType(), asynchronous, invocation.allocatedBytes(), invocation.cpuNanos(),
                log.events()));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new InvocationResult(requestId, FunctionNames.LATEST, invocation.response(),
                outcome == Outcome.SUCCESS ? null : "Unhandled", tailLog ? log.text() : null);
    }

    static String report(String requestId, Invocation invocation, int memorySize) {
        long duration = invocation.durationNanos();
        long billed = Math.max(1, (duration + 999_999) / 1_000_000);
        long usedMb = Math.max(1, (invocation.allocatedBytes() + (1 << 20) - 1) >> 20);
        String line = String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
                requestId, duration / 1e6, billed, memorySize, usedMb);
        if (invocation.initNanos() >= 0) {
            line += String.format(Locale.ROOT, "\tInit Duration: %.2f ms", invocation.initNanos() / 1e6);
        }
        return line;
    }

    private void publish(InvocationRecord record) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            notifier.execute(() -> {
                for (InvocationListener listener : listeners) {
                    try {
                        listener.invoked(record);
                    } catch (RuntimeException e) {
                        LOG.warn("Invocation listener {} failed", listener, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: records of the last invocations are not delivered
        }
    }

    // ---------------------------------------------------------------- health

    /** Non-critical findings: failed functions, refused duplicate names, threads ignoring timeouts. */
    public List<String> findings() {
        List<String> findings = new ArrayList<>();
        List<FunctionEntry> entries = new ArrayList<>(functions.values());
        entries.sort(Comparator.comparing(e -> e.name));
        for (FunctionEntry entry : entries) {
            if (entry.state == FunctionState.Failed) {
                findings.add("Function " + entry.name + " of bundle " + entry.code.symbolicName() + " ["
                        + entry.code.bundleId() + "] failed (" + entry.stateReasonCode + "): " + entry.stateReason);
            }
        }
        synchronized (deployLock) {
            Set<String> seen = new HashSet<>();
            for (Refusal refusal : refusals) {
                if (seen.add(refusal.name() + "/" + refusal.code().bundleId())) {
                    findings.add("Function " + refusal.name() + " is declared by bundle " + refusal.holder().symbolicName()
                            + " [" + refusal.holder().bundleId() + "] and again by bundle "
                            + refusal.code().symbolicName() + " [" + refusal.code().bundleId()
                            + "]; the second declaration was refused");
                }
            }
        }
        int stuck = watchdog.stuckCount();
        if (stuck > 0) {
            findings.add(stuck + " function threads ignore interruption: "
                    + String.join(", ", watchdog.stuckThreads()));
        }
        return findings;
    }

    /** Asynchronous events waiting for their next attempt. */
    public int pendingEvents() {
        return async.pending();
    }
}
