package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import io.stratus.runtime.api.DeadLetterErrorListener;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.FunctionVersions;
import io.stratus.runtime.api.AliasInfo;
import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.Outcome;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import io.stratus.runtime.api.ReportExtension;
import io.stratus.runtime.impl.handler.HandlerBinding;
import io.stratus.runtime.impl.handler.InvalidHandlerException;
import io.stratus.runtime.impl.handler.JsonMapping;

/**
 * The runtime without OSGi: the registry of functions, synchronous and asynchronous invocation,
 * concurrency limits, configuration overrides and health findings. The DS component feeds it the
 * function bundles the extender finds; tests feed it class loaders.
 */
public final class FunctionHost implements FunctionRegistry, FunctionVersions, Invoker, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionHost.class);

    /** State reason code for invalid declared values. */
    public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
    /** State reason code for unresolvable bundles and unloadable handlers. */
    public static final String FUNCTION_ERROR = "FunctionError";

    private final RuntimeSettings settings;
    private final FunctionNames names;
    private final OverrideStore overrides;
    private final Concurrency concurrency;
    /* $LATEST under the function's name, published versions under name:version */
    private final ConcurrentHashMap<String, FunctionEntry> functions = new ConcurrentHashMap<>();
    /* entries whose name newer code took over, finishing their invocations until their bundle goes */
    private final List<FunctionEntry> retired = new CopyOnWriteArrayList<>();
    private final AliasStore aliases;
    private final Object deployLock = new Object();
    private final List<Refusal> refusals = new ArrayList<>();
    private volatile ReportExtension reportExtension;
    private final List<DeadLetterErrorListener> deadLetterErrorListeners = new CopyOnWriteArrayList<>();
    private final RecordNotifier notifier;
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
        this.aliases = new AliasStore(settings.runtimeDirectory().resolve("aliases"));
        this.concurrency = new Concurrency(settings.accountConcurrency());
        this.notifier = new RecordNotifier("stratus-invocation-listeners");
        this.watchdogScheduler = Executors.newSingleThreadScheduledExecutor(daemon("stratus-watchdog"));
        this.watchdog = new Watchdog(watchdogScheduler, settings.stuckThreadGraceMillis());
        this.async = new AsyncQueue(settings.runtimeDirectory(), settings.clock(), new AsyncQueue.Runner() {
            @Override
            public InvocationResult run(String functionName, String requestId, byte[] payload)
                    throws FunctionException {
                // functionName is the key the event was queued under: name, or name:version
                return execute(new InvocationRequest(functionName, null, payload, null, false), requestId, true);
            }

            @Override
            public EventInvokeConfig eventInvokeConfig(String functionName) {
                FunctionEntry entry = functions.get(functionName);
                return entry == null ? null : entry.eventInvokeConfig;
            }

            @Override
            public void deadLetterFailed(String functionName, String requestId, java.io.IOException error) {
                publishDeadLetterError(functionName, requestId, error);
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
        aliases.load();
        async.start();
    }

    @Override
    public void close() {
        async.close();
        synchronized (deployLock) {
            functions.values().forEach(FunctionEntry::close);
            functions.clear();
            retired.forEach(FunctionEntry::close);
            retired.clear();
            refusals.clear();
        }
        watchdogScheduler.shutdownNow();
        notifier.close();
    }

    // ---------------------------------------------------------------- listeners

    public void addListener(InvocationListener listener) {
        notifier.add(listener);
    }

    public void removeListener(InvocationListener listener) {
        notifier.remove(listener);
    }

    public void addDeadLetterErrorListener(DeadLetterErrorListener listener) {
        deadLetterErrorListeners.add(listener);
    }

    public void removeDeadLetterErrorListener(DeadLetterErrorListener listener) {
        deadLetterErrorListeners.remove(listener);
    }

    private void publishDeadLetterError(String functionName, String requestId, java.io.IOException error) {
        Instant at = settings.clock().get().instant();
        // the queue key is name or name:version; the metric is the function's
        String function = functionName.contains(":") ? functionName.substring(0, functionName.indexOf(':'))
                : functionName;
        // rare (a disk error), so told on the queue's own thread; listeners must not block
        for (DeadLetterErrorListener listener : deadLetterErrorListeners) {
            try {
                listener.deadLetterFailed(function, requestId, at, String.valueOf(error));
            } catch (RuntimeException e) {
                LOG.warn("Dead-letter error listener {} failed", listener, e);
            }
        }
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
            for (FunctionEntry entry : retired) {
                if (entry.ownedBy(bundleId)) {
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
                if (functions.remove(entry.key, entry)) {
                    entry.close();
                    promoteRefused(entry.key);
                } else if (retired.remove(entry)) {
                    entry.close();
                    LOG.info("Function {} released the code of bundle {} [{}] after its last invocation", entry.key,
                            entry.code.symbolicName(), entry.code.bundleId());
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
        retired.removeIf(entry -> {
            if (entry.ownedBy(bundleId)) {
                entry.close();
                return true;
            }
            return false;
        });
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
        String key = declaration.version() == null ? name : name + ":" + declaration.version();
        FunctionEntry holder = functions.get(key);
        boolean takeOver = holder != null && declaration.revision() != null && holder.revision() != null
                && declaration.revision() > holder.revision();
        if (holder != null && !takeOver) {
            refusals.add(new Refusal(key, code, attributes, holder.code));
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
        if (takeOver && state != FunctionState.Active) {
            // code that cannot run never takes a working function's place
            refusals.add(new Refusal(key, code, attributes, holder.code));
            LOG.warn("Function {} of bundle {} [{}] does not replace the running code: {}", key, code.symbolicName(),
                    code.bundleId(), reason);
            return;
        }
        String arn = settings.functionArn(name) + (declaration.version() == null ? "" : ":" + declaration.version());
        FunctionEntry entry = new FunctionEntry(name, arn, code, declaration, binding, state, reason, reasonCode);
        Overrides stored = Overrides.NONE;
        try {
            // a published version is a snapshot: only $LATEST takes what was set through the API
            if (declaration.version() == null) {
                stored = overrides.load(name);
            }
        } catch (RuntimeException e) {
            LOG.warn("Ignoring the stored configuration of function {}: {}", name, e.getMessage());
        }
        entry.configure(effective(declaration.spec(), stored), stored, settings);
        functions.put(key, entry);
        if (takeOver) {
            // new invocations find the new entry from now on; those already in the old one finish there
            holder.superseded = true;
            retired.add(holder);
            LOG.info("Function {} now runs revision {} from bundle {} [{}]; revision {} finishes its invocations",
                    key, declaration.revision(), code.symbolicName(), code.bundleId(), holder.revision());
        }
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
            if (entry.version.equals(FunctionNames.LATEST)) {
                list.add(info(entry));
            }
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
        FunctionEntry now = functions.get(entry.key);
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
        Declaration declared = entry.declaration;
        return new FunctionInfo(entry.spec, entry.arn, entry.state, entry.stateReason, entry.stateReasonCode,
                entry.code.bundleId(), entry.code.symbolicName(), entry.code.version(),
                declared.codeSha256() != null ? declared.codeSha256() : entry.code.codeSha256(),
                declared.codeSize() != null ? declared.codeSize() : entry.code.codeSize(), modified, entry.reserved,
                entry.eventInvokeConfig, inputTypeName(entry), entry.version);
    }

    /* the raw class of the handler's input, so the gateway can pick the event format it expects */
    private static String inputTypeName(FunctionEntry entry) {
        if (entry.binding == null || entry.binding.inputType() == null) {
            return null;
        }
        Type type = entry.binding.inputType();
        if (type instanceof ParameterizedType parameterized) {
            type = parameterized.getRawType();
        }
        return type instanceof Class<?> raw ? raw.getName() : null;
    }

    private FunctionEntry require(String nameOrArn) throws FunctionException {
        return lookup(nameOrArn, null, false);
    }

    /**
     * The hot path: a plain name (or {@code name:version}) is one map lookup; ARNs and aliases are
     * parsed only when needed. An alias with a routing configuration picks its version per call when
     * {@code routed}, else it names its primary version.
     */
    private FunctionEntry lookup(String nameOrArn, String qualifier, boolean routed) throws FunctionException {
        if (nameOrArn != null && (qualifier == null || qualifier.isEmpty() || FunctionNames.LATEST.equals(qualifier))) {
            FunctionEntry entry = functions.get(nameOrArn);
            if (entry != null) {
                return entry;
            }
        }
        FunctionNames.Ref ref = names.parse(nameOrArn, qualifier);
        String q = ref.qualifier();
        String version = q;
        if (q != null && !FunctionNames.LATEST.equals(q) && !isVersionNumber(q)) {
            AliasStore.Alias alias = aliases.get(ref.name(), q);
            if (alias == null || !functions.containsKey(ref.name())) {
                throw names.notFound(ref.name(), q);
            }
            version = routed ? alias.pick() : alias.functionVersion();
        }
        FunctionEntry entry = functions.get(key(ref.name(), version));
        if (entry == null) {
            throw names.notFound(ref.name(), q);
        }
        return entry;
    }

    private static String key(String name, String version) {
        return version == null || FunctionNames.LATEST.equals(version) ? name : name + ":" + version;
    }

    private static boolean isVersionNumber(String qualifier) {
        for (int i = 0; i < qualifier.length(); i++) {
            if (!Character.isDigit(qualifier.charAt(i))) {
                return false;
            }
        }
        return !qualifier.isEmpty();
    }

    private Instant now() {
        return settings.clock().get().instant();
    }

    // ---------------------------------------------------------------- versions and aliases

    @Override
    public List<FunctionInfo> versions(String function) throws FunctionException {
        FunctionNames.Ref ref = names.parse(function, null);
        List<FunctionEntry> found = new ArrayList<>();
        for (FunctionEntry entry : functions.values()) {
            if (entry.name.equals(ref.name())) {
                found.add(entry);
            }
        }
        if (!functions.containsKey(ref.name())) {
            throw names.notFound(ref.name(), null);
        }
        found.sort(Comparator.comparingLong(FunctionHost::versionOrder));
        return found.stream().map(this::info).toList();
    }

    private static long versionOrder(FunctionEntry entry) {
        return entry.version.equals(FunctionNames.LATEST) ? -1 : Long.parseLong(entry.version);
    }

    @Override
    public Optional<FunctionInfo> version(String function, String qualifier) {
        try {
            return Optional.of(info(lookup(function, qualifier, false)));
        } catch (FunctionException e) {
            return Optional.empty();
        }
    }

    @Override
    public AliasInfo createAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description) throws FunctionException {
        String name = names.parse(function, null).name();
        synchronized (deployLock) {
            requireLatest(name);
            if (aliases.get(name, alias) != null) {
                throw new FunctionException("ResourceConflictException", 409,
                        "Alias already exists: " + settings.functionArn(name) + ":" + alias);
            }
            AliasStore.Alias created = checkedAlias(name, functionVersion, additionalVersionWeights, description);
            storeAlias(name, alias, created);
            return aliasInfo(name, alias, created);
        }
    }

    @Override
    public AliasInfo updateAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description, String expectedRevisionId)
            throws FunctionException {
        String name = names.parse(function, null).name();
        synchronized (deployLock) {
            requireLatest(name);
            AliasStore.Alias current = requireAlias(name, alias);
            if (expectedRevisionId != null && !expectedRevisionId.equals(current.revisionId())) {
                throw new FunctionException("PreconditionFailedException", 412,
                        "The Revision Id provided does not match the latest Revision Id. "
                                + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
            }
            AliasStore.Alias changed = checkedAlias(name,
                    functionVersion != null ? functionVersion : current.functionVersion(),
                    additionalVersionWeights != null ? additionalVersionWeights : current.weights(),
                    description != null ? description : current.description());
            storeAlias(name, alias, changed);
            return aliasInfo(name, alias, changed);
        }
    }

    @Override
    public Optional<AliasInfo> alias(String function, String alias) {
        try {
            String name = names.parse(function, null).name();
            AliasStore.Alias found = functions.containsKey(name) ? aliases.get(name, alias) : null;
            return found == null ? Optional.empty() : Optional.of(aliasInfo(name, alias, found));
        } catch (FunctionException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<AliasInfo> aliases(String function, String functionVersion) throws FunctionException {
        String name = names.parse(function, null).name();
        requireLatest(name);
        List<AliasInfo> list = new ArrayList<>();
        aliases.of(name).forEach((alias, stored) -> {
            if (functionVersion == null || functionVersion.equals(stored.functionVersion())
                    || stored.weights().containsKey(functionVersion)) {
                list.add(aliasInfo(name, alias, stored));
            }
        });
        return list;
    }

    @Override
    public void deleteAlias(String function, String alias) throws FunctionException {
        String name = names.parse(function, null).name();
        synchronized (deployLock) {
            requireLatest(name);
            requireAlias(name, alias);
            try {
                aliases.put(name, alias, null);
            } catch (IOException e) {
                throw new FunctionException("ServiceException", 500, "Cannot store aliases of " + name + ": "
                        + e.getMessage());
            }
        }
    }

    @Override
    public void forget(String function) throws FunctionException {
        String name = names.parse(function, null).name();
        synchronized (deployLock) {
            try {
                aliases.forget(name);
                overrides.save(name, Overrides.NONE);
            } catch (IOException e) {
                throw new FunctionException("ServiceException", 500, "Cannot forget function " + name + ": "
                        + e.getMessage());
            }
        }
    }

    private void requireLatest(String name) throws FunctionException {
        if (!functions.containsKey(name)) {
            throw names.notFound(name, null);
        }
    }

    private AliasStore.Alias requireAlias(String name, String alias) throws FunctionException {
        AliasStore.Alias found = aliases.get(name, alias);
        if (found == null) {
            throw FunctionException.notFound("Alias not found: " + settings.functionArn(name) + ":" + alias);
        }
        return found;
    }

    /* AWS's rules: the versions exist; routing needs a published primary and one other published version. */
    private AliasStore.Alias checkedAlias(String name, String version, Map<String, Double> weights,
            String description) throws FunctionException {
        if (!functions.containsKey(key(name, version))) {
            throw names.notFound(name, version);
        }
        Map<String, Double> routing = weights == null ? Map.of() : weights;
        if (!routing.isEmpty()) {
            if (FunctionNames.LATEST.equals(version)) {
                throw FunctionException.invalidParameter(
                        "$LATEST is not supported for an alias pointing to more than 1 version");
            }
            if (routing.size() > 1) {
                throw FunctionException.invalidParameter("Number of items in AdditionalVersionWeights cannot be "
                        + "greater than 1");
            }
            for (Map.Entry<String, Double> weight : routing.entrySet()) {
                Double share = weight.getValue();
                if (share == null || share.isNaN() || share < 0 || share > 1) {
                    throw FunctionException.invalidParameter("Invalid weight " + share + " for version "
                            + weight.getKey() + ": weights must be between 0.0 and 1.0");
                }
                if (weight.getKey().equals(version)) {
                    throw FunctionException.invalidParameter("Cannot set additional version weight for the "
                            + "primary version " + version + " of the alias");
                }
                if (!isVersionNumber(weight.getKey()) || !functions.containsKey(key(name, weight.getKey()))) {
                    throw names.notFound(name, weight.getKey());
                }
            }
        }
        return new AliasStore.Alias(version, routing, description, UUID.randomUUID().toString());
    }

    private void storeAlias(String name, String alias, AliasStore.Alias stored) throws FunctionException {
        try {
            aliases.put(name, alias, stored);
        } catch (IOException e) {
            throw new FunctionException("ServiceException", 500, "Cannot store aliases of " + name + ": "
                    + e.getMessage());
        }
    }

    private AliasInfo aliasInfo(String name, String alias, AliasStore.Alias stored) {
        return new AliasInfo(alias, name, settings.functionArn(name) + ":" + alias, stored.functionVersion(),
                stored.weights(), stored.description(), stored.revisionId());
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
        FunctionEntry entry = lookup(request.functionName(), request.qualifier(), true);
        parse(payload);
        if (entry.state == FunctionState.Failed) {
            throw conflict(entry.state);
        }
        String requestId = UUID.randomUUID().toString();
        try {
            // queued under name:version for a published version (an alias is resolved now)
            async.submit(requestId, entry.key, payload);
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
        FunctionEntry entry = lookup(request.functionName(), request.qualifier(), true);
        byte[] payload = request.payload() == null ? new byte[0] : request.payload();
        JsonElement json = parse(payload);
        ClientContext clientContext = InvocationContext.decodeClientContext(request.clientContext());
        String requestId = givenRequestId != null ? givenRequestId : UUID.randomUUID().toString();
        Clock clock = settings.clock().get();
        Instant start = clock.instant();
        FunctionSpec spec;
        AtomicInteger permit;
        while (true) {
            if (entry.state != FunctionState.Active) {
                throw conflict(entry.state);
            }
            spec = entry.spec;
            try {
                permit = concurrency.acquire(entry);
            } catch (FunctionException throttled) {
                publish(new InvocationRecord(requestId, entry.name, entry.version, null, start, 0, -1,
                        spec.memorySize(), Outcome.THROTTLED, throttled.code(), asynchronous, 0, 0, List.of()));
                throw throttled;
            }
            entry.enter();
            if (!entry.superseded) {
                break;
            }
            // newer code took the name over since the lookup: run on that instead (hot swap)
            entry.exit();
            concurrency.release(permit);
            entry = lookup(request.functionName(), request.qualifier(), true);
        }
        String invokedArn = invokedArn(entry, request);
        try {
            if (entry.state != FunctionState.Active) {
                throw conflict(entry.state);
            }
            return run(entry, spec, invokedArn, payload, json, clientContext, requestId, start, clock, asynchronous,
                    request.tailLog());
        } finally {
            concurrency.release(permit);
            entry.exit();
        }
    }

    /* The ARN as the caller named the function: qualified with the alias or version it asked for. */
    private String invokedArn(FunctionEntry entry, InvocationRequest request) throws FunctionException {
        String qualifier = request.qualifier();
        if ((qualifier == null || qualifier.isEmpty()) && request.functionName().indexOf(':') >= 0) {
            qualifier = names.parse(request.functionName(), null).qualifier();
        }
        String arn = settings.functionArn(entry.name);
        return qualifier == null || qualifier.isEmpty() ? arn : arn + ":" + qualifier;
    }

    private InvocationResult run(FunctionEntry entry, FunctionSpec spec, String invokedArn, byte[] payload,
            JsonElement json,
            ClientContext clientContext, String requestId, Instant start, Clock clock, boolean asynchronous,
            boolean tailLog) throws FunctionException {
        ExecutionEnvironment environment = entry.acquireEnvironment(start, environmentContributor);
        InvocationLog log = new InvocationLog(clock);
        log.add("START RequestId: " + requestId + " Version: " + entry.version);
        Invocation invocation = new Invocation(entry.name, entry.version, requestId, invokedArn, spec.memorySize(), spec.timeout(),
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
        String report = report(requestId, invocation, spec.memorySize());
        ReportExtension extension = tailLog ? reportExtension : null;
        if (extension != null) {
            report = extendReport(extension, new InvocationRecord(requestId, entry.name, entry.version,
                    environment.id, start, invocation.durationNanos(), invocation.initNanos(), spec.memorySize(),
                    outcome, invocation.errorType(), asynchronous, invocation.allocatedBytes(),
                    invocation.cpuNanos(), log.events()), report);
        }
        log.add(report);
        entry.releaseEnvironment(environment, invocation.discardEnvironment());
        publish(new InvocationRecord(requestId, entry.name, entry.version, environment.id, start,
                invocation.durationNanos(), invocation.initNanos(), spec.memorySize(), outcome,
                invocation.errorType(), asynchronous, invocation.allocatedBytes(), invocation.cpuNanos(),
                log.events()));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new InvocationResult(requestId, entry.version, invocation.response(),
                outcome == Outcome.SUCCESS ? null : "Unhandled", tailLog ? log.text() : null);
    }

    static String report(String requestId, Invocation invocation, int memorySize) {
        return report(requestId, invocation.durationNanos(), invocation.initNanos(), invocation.allocatedBytes(),
                memorySize);
    }

    /**
     * AWS's REPORT line; Init Duration only when {@code initNanos >= 0}. Built by hand: String.format
     * cost more than the rest of the invocation's bookkeeping.
     */
    static String report(String requestId, long durationNanos, long initNanos, long allocatedBytes, int memorySize) {
        long billed = Math.max(1, (durationNanos + 999_999) / 1_000_000);
        long usedMb = Math.max(1, (allocatedBytes + (1 << 20) - 1) >> 20);
        StringBuilder line = new StringBuilder(192).append("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ");
        appendMillis(line, durationNanos);
        line.append(" ms\tBilled Duration: ").append(billed).append(" ms\tMemory Size: ").append(memorySize)
                .append(" MB\tMax Memory Used: ").append(usedMb).append(" MB");
        if (initNanos >= 0) {
            line.append("\tInit Duration: ");
            appendMillis(line, initNanos);
            line.append(" ms");
        }
        return line.toString();
    }

    /** Nanoseconds (not negative) as milliseconds with two decimals, rounded half up. */
    static void appendMillis(StringBuilder out, long nanos) {
        long hundredths = (Math.max(0, nanos) + 5_000) / 10_000;
        out.append(hundredths / 100).append('.');
        long fraction = hundredths % 100;
        if (fraction < 10) {
            out.append('0');
        }
        out.append(fraction);
    }

    /* AWS's line stays when the extension fails: the caller still gets its answer and its log. */
    private static String extendReport(ReportExtension extension, InvocationRecord record, String report) {
        try {
            String extended = extension.extend(record, report);
            return extended == null ? report : extended;
        } catch (RuntimeException e) {
            LOG.warn("Report extension {} failed", extension, e);
            return report;
        }
    }

    /** The service that extends REPORT lines for log tails. */
    public synchronized void reportExtension(ReportExtension extension) {
        this.reportExtension = extension;
    }

    /** Forgets {@code extension} unless another one replaced it meanwhile. */
    public synchronized void removeReportExtension(ReportExtension extension) {
        if (this.reportExtension == extension) {
            this.reportExtension = null;
        }
    }

    private void publish(InvocationRecord record) {
        notifier.publish(record);
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
