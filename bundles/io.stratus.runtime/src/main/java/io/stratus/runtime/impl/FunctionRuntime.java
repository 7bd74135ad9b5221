package io.stratus.runtime.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WeavingHook;
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

import io.stratus.health.api.HealthContributor;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EnvironmentContributor;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.FunctionVersions;
import io.stratus.runtime.api.AliasInfo;
import io.stratus.runtime.api.DeadLetterErrorListener;
import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.ReportExtension;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import io.stratus.runtime.impl.core.FunctionHost;
import io.stratus.runtime.impl.core.OutputCapture;
import io.stratus.runtime.impl.core.RuntimeSettings;
import io.stratus.runtime.sandbox.FunctionSystem;

/**
 * The function runtime as a service: {@link FunctionRegistry}, {@link Invoker} and the
 * {@code runtime} {@link HealthContributor}, over a {@link FunctionHost} fed by the
 * {@link FunctionExtender}. Reads the framework properties {@code stratus.data},
 * {@code stratus.region}, {@code stratus.account} and {@code stratus.aws.port}.
 */
@Component(name = FunctionRuntime.PID, configurationPid = FunctionRuntime.PID,
        service = {FunctionRegistry.class, FunctionVersions.class, Invoker.class, HealthContributor.class})
@Designate(ocd = FunctionRuntime.Config.class)
public class FunctionRuntime implements FunctionRegistry, FunctionVersions, Invoker, HealthContributor {

    /** Component name and configuration PID. */
    public static final String PID = "io.stratus.runtime";

    @ObjectClassDefinition(name = "Stratus function runtime",
            description = "Runs function bundles: concurrency limits and timeout supervision")
    public @interface Config {
        @AttributeDefinition(name = "Account concurrency",
                description = "Concurrent executions of all functions together (AWS's account limit)", min = "1")
        int accountConcurrency() default 1000;

        @AttributeDefinition(name = "Stuck thread grace (ms)",
                description = "How long a timed-out function thread may take to stop before it is reported as stuck",
                min = "0")
        long stuckThreadGraceMillis() default 2000;
    }

    private final FunctionHost host;
    private final ServiceRegistration<WeavingHook> sandbox;
    private final ExecutorService diagnoser;
    private final BundleTracker<Boolean> tracker;

    /* A test or a cluster may register its own clock; the system clock otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Clock clock;

    @Activate
    public FunctionRuntime(BundleContext context, Config config) {
        // before the tracker loads any handler class, so every function class is sandboxed
        sandbox = context.registerService(WeavingHook.class, new SandboxWeaver(), null);
        // System.out/err written on an invocation's thread go to its log
        OutputCapture.install();
        RuntimeSettings settings = new RuntimeSettings(
                property(context, "stratus.region", "us-east-1"),
                property(context, "stratus.account", "000000000000"),
                Integer.parseInt(property(context, "stratus.aws.port", "4566")),
                Path.of(property(context, "stratus.data", "./data")),
                config.accountConcurrency(),
                config.stuckThreadGraceMillis(),
                this::currentClock,
                System.getenv());
        host = new FunctionHost(settings);
        try {
            host.start();
        } catch (IOException e) {
            host.close();
            OutputCapture.uninstall();
            sandbox.unregister();
            throw new UncheckedIOException("cannot recover the runtime's data in " + settings.runtimeDirectory(), e);
        }
        FunctionSystem.resolveCallersWith(caller -> {
            Bundle bundle = FrameworkUtil.getBundle(caller);
            return bundle == null ? null : host.environmentOf(bundle.getBundleId(), caller.getName());
        });
        diagnoser = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "stratus-extender");
            thread.setDaemon(true);
            return thread;
        });
        tracker = new BundleTracker<>(context, FunctionExtender.STATES,
                new FunctionExtender(context, host, diagnoser));
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        diagnoser.shutdownNow();
        try {
            diagnoser.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        FunctionSystem.resolveCallersWith(null);
        host.close();
        OutputCapture.uninstall();
        sandbox.unregister();
    }

    private Clock currentClock() {
        Clock c = clock;
        return c == null ? Clock.systemUTC() : c;
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeEnvironmentContributor")
    void setEnvironmentContributor(EnvironmentContributor contributor) {
        host.environmentContributor(contributor);
    }

    void removeEnvironmentContributor(EnvironmentContributor contributor) {
        host.environmentContributor(null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeReportExtension")
    void setReportExtension(ReportExtension extension) {
        host.reportExtension(extension);
    }

    void removeReportExtension(ReportExtension extension) {
        host.removeReportExtension(extension);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInvocationListener(InvocationListener listener) {
        host.addListener(listener);
    }

    void removeInvocationListener(InvocationListener listener) {
        host.removeListener(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDeadLetterErrorListener(DeadLetterErrorListener listener) {
        host.addDeadLetterErrorListener(listener);
    }

    void removeDeadLetterErrorListener(DeadLetterErrorListener listener) {
        host.removeDeadLetterErrorListener(listener);
    }

    // Invoker

    @Override
    public InvocationResult invoke(InvocationRequest request) throws FunctionException {
        return host.invoke(request);
    }

    @Override
    public String invokeAsync(InvocationRequest request) throws FunctionException {
        return host.invokeAsync(request);
    }

    // FunctionRegistry

    @Override
    public List<FunctionInfo> list() {
        return host.list();
    }

    @Override
    public Optional<FunctionInfo> get(String nameOrArn) {
        return host.get(nameOrArn);
    }

    @Override
    public FunctionInfo update(String nameOrArn, FunctionUpdate update) throws FunctionException {
        return host.update(nameOrArn, update);
    }

    @Override
    public FunctionInfo putConcurrency(String nameOrArn, int reservedConcurrentExecutions) throws FunctionException {
        return host.putConcurrency(nameOrArn, reservedConcurrentExecutions);
    }

    @Override
    public FunctionInfo deleteConcurrency(String nameOrArn) throws FunctionException {
        return host.deleteConcurrency(nameOrArn);
    }

    @Override
    public FunctionInfo putEventInvokeConfig(String nameOrArn, int maximumRetryAttempts, int maximumEventAgeInSeconds)
            throws FunctionException {
        return host.putEventInvokeConfig(nameOrArn, maximumRetryAttempts, maximumEventAgeInSeconds);
    }

    @Override
    public FunctionInfo deleteEventInvokeConfig(String nameOrArn) throws FunctionException {
        return host.deleteEventInvokeConfig(nameOrArn);
    }

    @Override
    public List<DeadLetter> deadLetters(String nameOrArn) throws FunctionException {
        return host.deadLetters(nameOrArn);
    }

    @Override
    public int accountConcurrencyLimit() {
        return host.accountConcurrencyLimit();
    }

    @Override
    public int unreservedConcurrency() {
        return host.unreservedConcurrency();
    }

    // FunctionVersions

    @Override
    public List<FunctionInfo> versions(String function) throws FunctionException {
        return host.versions(function);
    }

    @Override
    public Optional<FunctionInfo> version(String function, String qualifier) {
        return host.version(function, qualifier);
    }

    @Override
    public AliasInfo createAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description) throws FunctionException {
        return host.createAlias(function, alias, functionVersion, additionalVersionWeights, description);
    }

    @Override
    public AliasInfo updateAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description, String expectedRevisionId)
            throws FunctionException {
        return host.updateAlias(function, alias, functionVersion, additionalVersionWeights, description,
                expectedRevisionId);
    }

    @Override
    public Optional<AliasInfo> alias(String function, String alias) {
        return host.alias(function, alias);
    }

    @Override
    public List<AliasInfo> aliases(String function, String functionVersion) throws FunctionException {
        return host.aliases(function, functionVersion);
    }

    @Override
    public void deleteAlias(String function, String alias) throws FunctionException {
        host.deleteAlias(function, alias);
    }

    @Override
    public void forget(String function) throws FunctionException {
        host.forget(function);
    }

    // HealthContributor

    @Override
    public String name() {
        return "runtime";
    }

    @Override
    public List<Finding> findings() {
        return host.findings().stream().map(message -> new Finding(false, message)).toList();
    }
}
