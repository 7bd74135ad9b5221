package io.stratus.scheduler.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.codec.AwsJson;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.lambda.api.FunctionPolicies;
import io.stratus.runtime.api.Invoker;
import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.SchedulerException;
import io.stratus.scheduler.api.Target;
import io.stratus.scheduler.api.TargetFailure;

/**
 * The scheduler of one node: the rules (created through the API and kept under
 * {@code <data>/scheduler/rules/}, or declared by function bundles), and one thread that fires them.
 *
 * <p>The firing thread keeps the enabled rules in a queue ordered by their next tick. It reads the
 * clock (the platform's {@link Clock} service when there is one, so tests move time without
 * sleeping), fires every rule whose tick has come, then sleeps until the next tick, at most
 * {@code maxSleepMillis} so that a clock moved by hand is noticed. A fired tick computes the rule's
 * next tick after the current time, so each tick fires once and ticks the platform slept through
 * (stopped, or a clock moved past several) are not replayed. Firing only hands the targets to a
 * small pool that queues them with the runtime's asynchronous {@link Invoker}: a slow or failing
 * function never holds up the firing thread.
 */
// immediate: rules fire from the platform's start, whether or not anything uses the service yet
@Component(name = LocalScheduler.PID, configurationPid = LocalScheduler.PID, service = RuleService.class,
        immediate = true)
@Designate(ocd = LocalScheduler.Config.class)
public final class LocalScheduler implements RuleService {

    /** Component name and configuration PID. */
    public static final String PID = "io.stratus.scheduler";

    @ObjectClassDefinition(name = "Stratus scheduler", description = "Fires EventBridge scheduled rules")
    public @interface Config {
        @AttributeDefinition(name = "Longest sleep (ms)",
                description = "How long the firing thread sleeps at most before it reads the clock again", min = "1")
        long maxSleepMillis() default 50;

        @AttributeDefinition(name = "Delivery threads",
                description = "Threads that hand fired rules' events to the asynchronous invoker", min = "1")
        int deliveryThreads() default 4;
    }

    static final Pattern NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    static final int MAX_DESCRIPTION = 512;
    static final int MAX_INPUT = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(LocalScheduler.class);

    private final String region;
    private final String account;
    private final Invoker invoker;
    private final FunctionPolicies policies;
    /* deliveries the target function's resource-based policy refused */
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private final Supplier<Clock> clocks;
    private final RuleFiles files;
    private final long maxSleepNanos;
    private final ExecutorService delivery;
    private final Pattern functionArn;
    /* rule/target pairs whose last delivery was refused */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /* guarded by lock */
    private final Map<String, Entry> entries = new TreeMap<>();
    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparing(Due::at));
    private final Map<Long, List<String>> declaredBy = new HashMap<>();
    private boolean running;

    private final Thread firing;
    private BundleTracker<Long> tracker;

    /* A test or a cluster may register its own clock; the system clock otherwise. */
    private volatile Clock clock;

    /** One rule and where it stands in the firing queue. */
    private static final class Entry {
        StoredRule rule;
        ScheduleExpression schedule;
        long generation;
        Instant nextFire;
        Instant lastFire;

        Entry(StoredRule rule, ScheduleExpression schedule) {
            this.rule = rule;
            this.schedule = schedule;
        }
    }

    /** A rule's next tick; stale when the rule changed since (its generation moved on). */
    private record Due(Instant at, String name, long generation) {
    }

    @Activate
    public LocalScheduler(BundleContext context, @Reference Invoker invoker, @Reference FunctionPolicies policies,
            Config config) {
        this(property(context, "stratus.region", "us-east-1"), property(context, "stratus.account", "000000000000"),
                Path.of(property(context, "stratus.data", "./data")).resolve("scheduler"), invoker, policies, null,
                config);
        tracker = new BundleTracker<>(context, DeclaredSchedules.STATES, new DeclaredSchedules(this));
        tracker.open();
    }

    /**
     * @param clocks the clock to read at each look, or null for the {@link Clock} service (or the
     *               system clock)
     */
    LocalScheduler(String region, String account, Path directory, Invoker invoker, FunctionPolicies policies,
            Supplier<Clock> clocks, Config config) {
        this.region = region;
        this.account = account;
        this.invoker = invoker;
        this.policies = policies;
        this.clocks = clocks != null ? clocks : this::serviceClock;
        this.files = new RuleFiles(directory.resolve("rules"));
        this.maxSleepNanos = TimeUnit.MILLISECONDS.toNanos(config.maxSleepMillis());
        this.functionArn = Pattern.compile("arn:aws:lambda:" + Pattern.quote(region) + ":" + Pattern.quote(account)
                + ":function:[a-zA-Z0-9\\-_]{1,64}(:(\\$LATEST|[a-zA-Z0-9\\-_]{1,128}))?");
        AtomicInteger threads = new AtomicInteger();
        this.delivery = Executors.newFixedThreadPool(config.deliveryThreads(), task -> {
            Thread thread = new Thread(task, "stratus-scheduler-delivery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        List<StoredRule> stored;
        try {
            stored = files.load();
        } catch (IOException e) {
            delivery.shutdownNow();
            throw new UncheckedIOException("cannot read the scheduled rules in " + files.directory(), e);
        }
        lock.lock();
        try {
            Instant now = now();
            for (StoredRule rule : stored) {
                try {
                    Entry entry = new Entry(rule, ScheduleExpression.parse(rule.expression()));
                    entries.put(rule.name(), entry);
                    arm(entry, now);
                } catch (ScheduleExpression.InvalidExpression e) {
                    LOG.error("Scheduled rule {} has an invalid expression {} and is ignored: {}", rule.name(),
                            rule.expression(), e.getMessage());
                }
            }
            running = true;
        } finally {
            lock.unlock();
        }
        firing = new Thread(this::fire, "stratus-scheduler");
        firing.setDaemon(true);
        firing.start();
        LOG.info("Scheduler started with {} rules from {}", stored.size(), files.directory());
    }

    @Deactivate
    void close() {
        if (tracker != null) {
            tracker.close();
        }
        lock.lock();
        try {
            running = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            firing.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(5, TimeUnit.SECONDS)) {
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindClock(Clock next) {
        clock = next;
        clockChanged();
    }

    void unbindClock(Clock gone) {
        if (clock == gone) {
            clock = null;
        }
        clockChanged();
    }

    /** The clock was replaced: every rule's next tick is computed again from the new time. */
    void clockChanged() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            Instant now = now();
            queue.clear();
            for (Entry entry : entries.values()) {
                arm(entry, now);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Clock serviceClock() {
        Clock c = clock;
        return c == null ? Clock.systemUTC() : c;
    }

    private Instant now() {
        return clocks.get().instant();
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    String ruleArn(String name) {
        return "arn:aws:events:" + region + ":" + account + ":rule/" + name;
    }

    String functionArn(String function) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + function;
    }

    // ---- firing

    private void fire() {
        lock.lock();
        try {
            while (running) {
                Instant now = now();
                for (Due due = queue.peek(); due != null && !due.at().isAfter(now); due = queue.peek()) {
                    queue.poll();
                    Entry entry = entries.get(due.name());
                    if (entry == null || entry.generation != due.generation()) {
                        continue; // the rule changed or went away after this tick was queued
                    }
                    entry.lastFire = due.at();
                    deliver(entry.rule, due.at());
                    arm(entry, now);
                }
                Due next = queue.peek();
                long sleep = maxSleepNanos;
                if (next != null) {
                    sleep = Math.min(sleep, Math.max(0, Duration.between(now, next.at()).toNanos()));
                }
                if (sleep > 0) {
                    changed.awaitNanos(sleep);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Queues the rule's next tick after {@code now}, if it is enabled and has one. */
    private void arm(Entry entry, Instant now) {
        entry.generation++;
        entry.nextFire = null;
        if (entry.rule.state() != RuleState.ENABLED) {
            return;
        }
        Optional<Instant> next = entry.schedule.nextAfter(now, Instant.ofEpochMilli(entry.rule.created()));
        if (next.isPresent()) {
            entry.nextFire = next.get();
            queue.add(new Due(next.get(), entry.rule.name(), entry.generation));
        }
    }

    private void deliver(StoredRule rule, Instant tick) {
        if (rule.targets().isEmpty()) {
            return;
        }
        String arn = ruleArn(rule.name());
        delivery.execute(() -> {
            byte[] event = null;
            for (Target target : rule.targets()) {
                byte[] payload;
                if (target.input() != null) {
                    payload = ScheduledEvents.input(target.input());
                } else {
                    if (event == null) {
                        event = ScheduledEvents.event(account, region, arn, tick);
                    }
                    payload = event;
                }
                String key = rule.name() + "/" + target.id();
                if (!permitted(rule, arn, target, key, tick)) {
                    continue;
                }
                try {
                    invoker.invokeAsync(InvocationRequest.of(target.arn(), payload));
                    if (failing.remove(key)) {
                        LOG.info("Rule {} runs target {} ({}) again", rule.name(), target.id(), target.arn());
                    }
                } catch (FunctionException e) {
                    // once per failing target, not once per tick: a removed function would flood the log
                    if (failing.add(key)) {
                        LOG.warn("Rule {} could not run target {} ({}) for the tick at {}: {} {}; further failures "
                                + "are logged at debug level until it runs again", rule.name(), target.id(),
                                target.arn(), tick, e.code(), e.getMessage());
                    } else {
                        LOG.debug("Rule {} could not run target {} for the tick at {}: {}", rule.name(), target.id(),
                                tick, e.code());
                    }
                } catch (RuntimeException e) {
                    LOG.error("Rule {} could not run target {} ({}) for the tick at {}", rule.name(), target.id(),
                            target.arn(), tick, e);
                }
            }
        });
    }

    /**
     * As EventBridge does: a target function runs only when its resource-based policy lets
     * {@code events.amazonaws.com} invoke it for this rule. Rules a function's own bundle declares
     * need no permission (same owner). A refusal is counted and logged (once until it is allowed again).
     */
    private boolean permitted(StoredRule rule, String ruleArn, Target target, String key, Instant tick) {
        if (rule.managedBy() != null) {
            return true;
        }
        String[] parts = target.arn().split(":");
        FunctionPolicies.Decision decision = policies.mayInvoke(parts[6], parts.length > 7 ? parts[7] : null,
                FunctionPolicies.EVENTS, ruleArn, account);
        if (decision.allowed()) {
            return true;
        }
        refused.incrementAndGet();
        if (failing.add(key)) {
            LOG.warn("Rule {} may not run target {} ({}) for the tick at {}: {}; further refusals are logged at debug "
                    + "level until it runs again", rule.name(), target.id(), target.arn(), tick, decision.reason());
        } else {
            LOG.debug("Rule {} may not run target {} for the tick at {}", rule.name(), target.id(), tick);
        }
        return false;
    }

    /** Deliveries refused so far because the target function's policy did not allow the rule. */
    long refusedDeliveries() {
        return refused.get();
    }

    // ---- RuleService

    @Override
    public Rule putRule(RuleDefinition definition) throws SchedulerException {
        String name = definition.name();
        checkName(name, "name");
        ScheduleExpression schedule = expression(definition.scheduleExpression());
        String description = definition.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw validation("1 validation error detected: Value at 'description' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_DESCRIPTION);
        }
        RuleState state = definition.state() == null ? RuleState.ENABLED : definition.state();
        lock.lock();
        try {
            Entry existing = entries.get(name);
            if (existing != null) {
                refuseManaged(existing);
            }
            Instant now = now();
            // a rate counts from the time its expression was set; an unchanged expression keeps its ticks
            long created = existing != null && existing.rule.expression().equals(schedule.text())
                    ? existing.rule.created() : now.toEpochMilli();
            StoredRule rule = new StoredRule(name, schedule.text(), state, description, created,
                    existing == null ? List.of() : existing.rule.targets(), null);
            store(rule);
            Entry entry = existing != null ? existing : new Entry(rule, schedule);
            entry.rule = rule;
            entry.schedule = schedule;
            entries.put(name, entry);
            arm(entry, now);
            changed.signalAll();
            return snapshot(entry);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Rule> rule(String name) {
        lock.lock();
        try {
            Entry entry = entries.get(name);
            return entry == null ? Optional.empty() : Optional.of(snapshot(entry));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Rule> rules(String namePrefix) {
        lock.lock();
        try {
            List<Rule> rules = new ArrayList<>();
            for (Entry entry : entries.values()) {
                if (namePrefix == null || entry.rule.name().startsWith(namePrefix)) {
                    rules.add(snapshot(entry));
                }
            }
            return rules;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteRule(String name) throws SchedulerException {
        checkName(name, "name");
        lock.lock();
        try {
            Entry entry = entries.get(name);
            if (entry == null) {
                return;
            }
            refuseManaged(entry);
            if (!entry.rule.targets().isEmpty()) {
                throw validation("Rule can't be deleted since it has targets.");
            }
            try {
                files.delete(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete scheduled rule " + name, e);
            }
            entries.remove(name);
            entry.generation++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Rule setState(String name, RuleState state) throws SchedulerException {
        checkName(name, "name");
        lock.lock();
        try {
            Entry entry = existing(name);
            refuseManaged(entry);
            if (entry.rule.state() != state) {
                StoredRule rule = entry.rule.withState(state);
                store(rule);
                entry.rule = rule;
                arm(entry, now());
                changed.signalAll();
            }
            return snapshot(entry);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<TargetFailure> putTargets(String ruleName, List<Target> targets) throws SchedulerException {
        checkName(ruleName, "rule");
        if (targets == null || targets.isEmpty()) {
            throw validation("1 validation error detected: Value at 'targets' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        List<String> seen = new ArrayList<>();
        for (Target target : targets) {
            checkName(target.id(), "targets.member.id");
            if (seen.contains(target.id())) {
                throw validation("The target id " + target.id() + " appears more than once in the request.");
            }
            seen.add(target.id());
            if (target.arn() == null || target.arn().isEmpty() || target.arn().length() > 1600) {
                throw validation("1 validation error detected: Value at 'targets.member.arn' failed to satisfy "
                        + "constraint: Member must have length between 1 and 1600");
            }
        }
        lock.lock();
        try {
            Entry entry = existing(ruleName);
            refuseManaged(entry);
            List<TargetFailure> failures = new ArrayList<>();
            Map<String, Target> next = new LinkedHashMap<>();
            entry.rule.targets().forEach(t -> next.put(t.id(), t));
            for (Target target : targets) {
                String problem = targetProblem(target);
                if (problem != null) {
                    failures.add(new TargetFailure(target.id(), SchedulerException.VALIDATION, problem));
                } else {
                    next.put(target.id(), new Target(target.id(), target.arn(), target.input()));
                }
            }
            if (next.size() > MAX_TARGETS_PER_RULE) {
                throw new SchedulerException(SchedulerException.LIMIT_EXCEEDED, "The requested resource exceeds the "
                        + "maximum number allowed. A rule can have at most " + MAX_TARGETS_PER_RULE + " targets.");
            }
            updateTargets(entry, next);
            return failures;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<TargetFailure> removeTargets(String ruleName, List<String> ids) throws SchedulerException {
        checkName(ruleName, "rule");
        if (ids == null || ids.isEmpty()) {
            throw validation("1 validation error detected: Value at 'ids' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        for (String id : ids) {
            checkName(id, "ids.member");
        }
        lock.lock();
        try {
            Entry entry = existing(ruleName);
            refuseManaged(entry);
            Map<String, Target> next = new LinkedHashMap<>();
            entry.rule.targets().forEach(t -> next.put(t.id(), t));
            ids.forEach(next::remove);
            if (next.size() != entry.rule.targets().size()) {
                updateTargets(entry, next);
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> ruleNamesByTarget(String targetArn) {
        lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (Entry entry : entries.values()) {
                if (entry.rule.targets().stream().anyMatch(t -> t.arn().equals(targetArn))) {
                    names.add(entry.rule.name());
                }
            }
            return names;
        } finally {
            lock.unlock();
        }
    }

    // ---- declared rules

    /**
     * Adds the rules a bundle declares; a rule whose name is taken or whose declaration is invalid
     * is logged and left out.
     */
    void declare(long bundleId, List<StoredRule> declared) {
        lock.lock();
        try {
            List<String> names = new ArrayList<>();
            Instant now = now();
            for (StoredRule rule : declared) {
                if (entries.containsKey(rule.name())) {
                    LOG.error("Rule {} declared by {} is left out: a rule of that name exists ({})", rule.name(),
                            rule.managedBy(), describeOwner(entries.get(rule.name()).rule));
                    continue;
                }
                try {
                    checkName(rule.name(), "name");
                    for (Target target : rule.targets()) {
                        String problem = targetProblem(target);
                        if (problem != null) {
                            throw validation(problem);
                        }
                    }
                    Entry entry = new Entry(rule, ScheduleExpression.parse(rule.expression()));
                    entries.put(rule.name(), entry);
                    names.add(rule.name());
                    arm(entry, now);
                } catch (SchedulerException e) {
                    LOG.error("Rule {} declared by {} is left out: {}", rule.name(), rule.managedBy(), e.getMessage());
                } catch (ScheduleExpression.InvalidExpression e) {
                    LOG.error("Rule {} declared by {} is left out: expression {} is not valid: {}", rule.name(),
                            rule.managedBy(), rule.expression(), e.getMessage());
                }
            }
            declaredBy.put(bundleId, names);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes the rules a bundle declared. */
    void withdraw(long bundleId) {
        lock.lock();
        try {
            List<String> names = declaredBy.remove(bundleId);
            if (names != null) {
                for (String name : names) {
                    Entry entry = entries.remove(name);
                    if (entry != null) {
                        entry.generation++;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static String describeOwner(StoredRule rule) {
        return rule.managedBy() == null ? "created through the API" : "declared by " + rule.managedBy();
    }

    // ---- helpers (called with the lock held where they touch entries)

    private void updateTargets(Entry entry, Map<String, Target> targets) {
        List<Target> sorted = new ArrayList<>(targets.values());
        sorted.sort(Comparator.comparing(Target::id));
        StoredRule rule = entry.rule.withTargets(sorted);
        store(rule);
        entry.rule = rule;
    }

    private void store(StoredRule rule) {
        try {
            files.write(rule);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store scheduled rule " + rule.name(), e);
        }
    }

    private Entry existing(String name) throws SchedulerException {
        Entry entry = entries.get(name);
        if (entry == null) {
            throw new SchedulerException(SchedulerException.NOT_FOUND,
                    "Rule " + name + " does not exist on EventBus default.");
        }
        return entry;
    }

    private static void refuseManaged(Entry entry) throws SchedulerException {
        if (entry.rule.managedBy() != null) {
            throw new SchedulerException(SchedulerException.MANAGED_RULE, "Rule " + entry.rule.name()
                    + " is declared by " + entry.rule.managedBy()
                    + " and changes only with that bundle.");
        }
    }

    private String targetProblem(Target target) {
        if (!functionArn.matcher(target.arn()).matches()) {
            return "Target " + target.id() + ": " + target.arn() + " is not a Lambda function ARN of this platform "
                    + "(" + functionArn("<name>") + "); only Lambda functions can be targets.";
        }
        if (target.input() != null) {
            if (target.input().length() > MAX_INPUT) {
                return "Target " + target.id() + ": Input is longer than " + MAX_INPUT + " characters.";
            }
            try {
                AwsJson.requireWellFormed(ScheduledEvents.input(target.input()), SchedulerException.VALIDATION,
                        "Target " + target.id() + ": Input is not valid JSON");
            } catch (AwsException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    private static ScheduleExpression expression(String text) throws SchedulerException {
        if (text == null) {
            throw validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        try {
            return ScheduleExpression.parse(text);
        } catch (ScheduleExpression.InvalidExpression e) {
            throw validation("Parameter ScheduleExpression is not valid: " + e.getMessage() + ".");
        }
    }

    static void checkName(String name, String member) throws SchedulerException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\.\\-_A-Za-z0-9]+ and have length between 1 and 64");
        }
    }

    private static SchedulerException validation(String message) {
        return new SchedulerException(SchedulerException.VALIDATION, message);
    }

    private Rule snapshot(Entry entry) {
        StoredRule rule = entry.rule;
        return new Rule(rule.name(), ruleArn(rule.name()), rule.expression(), rule.state(), rule.description(),
                rule.managedBy(), Instant.ofEpochMilli(rule.created()), rule.targets(), entry.nextFire,
                entry.lastFire);
    }
}
