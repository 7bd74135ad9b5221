package io.stratus.deployer.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.deployer.api.CodeDeployer;
import io.stratus.deployer.api.FunctionDefinition;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.api.FunctionVersions;

/**
 * Uploaded functions: each package is stored once in the data directory and wrapped into bundles,
 * one for {@code $LATEST} (location {@code stratus:function/<name>/$LATEST/r<revision>}) and one per
 * published version ({@code stratus:function/<name>/<version>}). New code is installed and started
 * beside the old, takes the name over in the runtime at once, and the old bundle is uninstalled on a
 * background thread, which the runtime holds until the old code's last invocation ended. At start the
 * installed bundles are brought in line with what is stored.
 */
@Component(name = UploadedFunctions.PID, configurationPid = UploadedFunctions.PID, service = CodeDeployer.class)
@Designate(ocd = UploadedFunctions.Config.class)
public final class UploadedFunctions implements CodeDeployer {

    static final String PID = "io.stratus.deployer";
    static final String LOCATION_PREFIX = "stratus:function/";
    static final String LATEST = "$LATEST";
    static final Pattern HANDLER = Pattern.compile("[^\\s]+");
    static final Pattern CLASS_NAME = Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)*[\\p{L}_$][\\p{L}\\p{N}_$]*");

    @ObjectClassDefinition(name = "Stratus code deployer",
            description = "Limits for code uploaded with CreateFunction and UpdateFunctionCode")
    public @interface Config {
        @AttributeDefinition(name = "Code storage quota (bytes)",
                description = "Total size of all stored packages (AWS: 75 GB); above it CodeStorageExceededException")
        long codeStorageBytes() default 80_530_636_800L;

        @AttributeDefinition(name = "Unzipped size limit (bytes)",
                description = "Largest unzipped package (AWS: 250 MB)")
        long unzippedBytes() default 262_144_000L;
    }

    private static final Logger LOG = LoggerFactory.getLogger(UploadedFunctions.class);

    private final BundleContext context;
    private final FunctionRegistry registry;
    private final FunctionVersions versions;
    private final Config config;
    private final FunctionStore store;
    private final PackageWrapper wrapper;
    private final ExecutorService releaser;
    private final Clock clock = Clock.systemUTC();
    private final String region;
    private final String account;

    @Activate
    public UploadedFunctions(BundleContext context, @Reference FunctionRegistry registry,
            @Reference FunctionVersions versions, Config config) {
        this.context = context;
        this.registry = registry;
        this.versions = versions;
        this.config = config;
        this.region = property(context, "stratus.region", "us-east-1");
        this.account = property(context, "stratus.account", "000000000000");
        String data = context.getProperty("stratus.data");
        this.store = new FunctionStore(Path.of(data == null || data.isBlank() ? "./data" : data.trim()).resolve("deployer"));
        try {
            store.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded functions", e);
        }
        this.wrapper = new PackageWrapper(lambdaPackages(context), jdkPackages(context), config.unzippedBytes());
        this.releaser = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "stratus-deployer-release");
            thread.setDaemon(true);
            return thread;
        });
        reconcile();
    }

    @Deactivate
    void deactivate() {
        releaser.shutdown();
        try {
            releaser.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- CodeDeployer

    @Override
    public synchronized FunctionInfo create(FunctionDefinition definition, byte[] zip, boolean publish)
            throws FunctionException {
        String name = definition.name();
        String runtime = definition.runtime();
        if (runtime == null || !RUNTIMES.contains(runtime)) {
            throw FunctionException.invalidParameter("The runtime parameter of " + runtime + " is not supported: "
                    + "Stratus runs " + String.join(", ", RUNTIMES));
        }
        String handler = definition.handler();
        checkHandler(handler);
        checkHeaderSafe(definition);
        if (store.get(name).isPresent() || registry.get(name).isPresent()) {
            throw new FunctionException("ResourceConflictException", 409, "Function already exist: " + name);
        }
        Map<String, byte[]> entries = wrapper.read(zip);
        PackageWrapper.requireHandler(entries, handler);
        checkQuota(zip.length);
        FunctionStore.Settings settings = new FunctionStore.Settings(handler,
                definition.memorySize() == null ? 128 : definition.memorySize(),
                definition.timeout() == null ? 3 : definition.timeout(), definition.environment(), definition.role(),
                definition.description() == null ? "" : definition.description());
        FunctionStore.Code code = storeCode(zip);
        FunctionStore.Function function = new FunctionStore.Function(name, runtime, settings, code, 1, 0, Map.of(),
                clock.millis());
        Bundle bundle = install(latestLocation(name, 1), entries, declaration(function, settings, null));
        try {
            store.save(function);
        } catch (IOException e) {
            uninstallQuietly(bundle);
            throw storageError(e);
        }
        LOG.info("Function {} created from an uploaded package of {} bytes", name, zip.length);
        if (publish) {
            return publishLocked(function, null, null);
        }
        return registry.get(name).orElseThrow(() -> notFound(name, null));
    }

    @Override
    public synchronized FunctionInfo updateCode(String name, byte[] zip, boolean publish) throws FunctionException {
        FunctionStore.Function function = uploaded(name);
        Map<String, byte[]> entries = wrapper.read(zip);
        PackageWrapper.requireHandler(entries, function.settings().handler());
        checkQuota(zip.length);
        FunctionStore.Code code = storeCode(zip);
        long revision = function.revision() + 1;
        FunctionStore.Function updated = function.withCode(code, revision);
        Bundle old = context.getBundle(latestLocation(name, function.revision()));
        Bundle bundle = install(latestLocation(name, revision), entries, declaration(updated, updated.settings(), null));
        try {
            store.save(updated);
        } catch (IOException e) {
            uninstallQuietly(bundle);
            throw storageError(e);
        }
        release(old);
        collectGarbage();
        LOG.info("Function {} runs revision {} ({} bytes) now", name, revision, zip.length);
        if (publish) {
            return publishLocked(updated, null, null);
        }
        return registry.get(name).orElseThrow(() -> notFound(name, null));
    }

    @Override
    public synchronized FunctionInfo publish(String name, String description, String expectedCodeSha256)
            throws FunctionException {
        return publishLocked(uploaded(name), description, expectedCodeSha256);
    }

    private FunctionInfo publishLocked(FunctionStore.Function function, String description, String expectedCodeSha256)
            throws FunctionException {
        String name = function.name();
        FunctionInfo latest = registry.get(name).orElseThrow(() -> notFound(name, null));
        if (expectedCodeSha256 != null && !expectedCodeSha256.equals(latest.codeSha256())) {
            throw FunctionException.invalidParameter("CodeSHA256 (" + expectedCodeSha256 + ") is different from "
                    + "current CodeSHA256 in $LATEST (" + latest.codeSha256() + "). Please try again.");
        }
        FunctionSpec spec = latest.spec();
        FunctionStore.Settings snapshot = new FunctionStore.Settings(spec.handler(), spec.memorySize(), spec.timeout(),
                spec.environment(), spec.role(), description != null ? description : spec.description());
        FunctionStore.Version last = function.versions().get(Integer.toString(function.lastVersion()));
        if (last != null && last.code().sha256().equals(function.code().sha256()) && last.settings().equals(snapshot)) {
            // nothing changed since the last version: Lambda answers that one
            return versions.version(name, last.number()).orElseThrow(() -> notFound(name, last.number()));
        }
        String number = Integer.toString(function.lastVersion() + 1);
        FunctionStore.Version version = new FunctionStore.Version(number, function.code(), snapshot,
                function.revision(), clock.millis());
        Map<String, byte[]> entries;
        try {
            entries = wrapper.read(store.read(function.code()));
        } catch (IOException e) {
            throw storageError(e);
        }
        FunctionStore.Function updated = function.withVersion(version);
        Bundle bundle = install(versionLocation(name, number), entries, declaration(updated, snapshot, number));
        try {
            store.save(updated);
        } catch (IOException e) {
            uninstallQuietly(bundle);
            throw storageError(e);
        }
        LOG.info("Function {} published version {}", name, number);
        return versions.version(name, number).orElseThrow(() -> notFound(name, number));
    }

    @Override
    public synchronized void delete(String name, String qualifier) throws FunctionException {
        FunctionStore.Function function = uploaded(name);
        if (qualifier == null || qualifier.isEmpty() || LATEST.equals(qualifier)) {
            try {
                store.delete(name);
            } catch (IOException e) {
                throw storageError(e);
            }
            for (Bundle bundle : context.getBundles()) {
                if (bundle.getLocation().startsWith(LOCATION_PREFIX + name + "/")) {
                    uninstallQuietly(bundle); // waits for the function's running invocations
                }
            }
            versions.forget(name);
            collectGarbage();
            LOG.info("Function {} deleted", name);
            return;
        }
        FunctionStore.Version version = function.versions().get(qualifier);
        if (version == null) {
            throw notFound(name, qualifier);
        }
        List<String> aliases = versions.aliases(name, qualifier).stream().map(a -> a.name()).toList();
        if (!aliases.isEmpty()) {
            throw new FunctionException("ResourceConflictException", 409, "Unable to delete version because the "
                    + "following aliases reference it: " + aliases);
        }
        try {
            store.save(function.withoutVersion(qualifier));
        } catch (IOException e) {
            throw storageError(e);
        }
        Bundle bundle = context.getBundle(versionLocation(name, qualifier));
        if (bundle != null) {
            uninstallQuietly(bundle);
        }
        collectGarbage();
    }

    @Override
    public boolean manages(String name) {
        return store.get(name).isPresent();
    }

    @Override
    public Optional<Path> code(String name, String qualifier) {
        return store.get(name).flatMap(function -> {
            if (qualifier == null || qualifier.isEmpty() || LATEST.equals(qualifier)) {
                return Optional.of(store.path(function.code()));
            }
            FunctionStore.Version version = function.versions().get(qualifier);
            if (version == null) {
                // an alias: the code of the version it names
                return versions.alias(name, qualifier)
                        .map(alias -> function.versions().get(alias.functionVersion()))
                        .map(v -> store.path(v.code()))
                        .or(() -> versions.alias(name, qualifier).filter(a -> LATEST.equals(a.functionVersion()))
                                .map(a -> store.path(function.code())));
            }
            return Optional.of(store.path(version.code()));
        }).filter(Files::isRegularFile);
    }

    @Override
    public Optional<String> runtime(String name) {
        return store.get(name).map(FunctionStore.Function::runtime);
    }

    // ---------------------------------------------------------------- installing

    private Bundle install(String location, Map<String, byte[]> entries, PackageWrapper.Declaration declaration)
            throws FunctionException {
        byte[] jar = wrapper.wrap(entries, declaration);
        Bundle bundle;
        try {
            Bundle stale = context.getBundle(location);
            if (stale != null) {
                stale.uninstall(); // left by an interrupted attempt
            }
            bundle = context.installBundle(location, PackageWrapper.stream(jar));
        } catch (BundleException e) {
            throw FunctionException.invalidParameter("The deployment package cannot be installed: " + e.getMessage());
        }
        try {
            checkHandlerLoads(bundle, declaration.handler());
            bundle.start();
        } catch (BundleException e) {
            uninstallQuietly(bundle);
            throw FunctionException.invalidParameter("The deployment package cannot be started: " + e.getMessage());
        } catch (FunctionException e) {
            uninstallQuietly(bundle);
            throw e;
        }
        String qualifier = declaration.version() == null ? LATEST : declaration.version();
        Optional<FunctionInfo> info = versions.version(declaration.name(), qualifier);
        if (info.isEmpty() || info.get().bundleId() != bundle.getBundleId()
                || info.get().state() != FunctionState.Active) {
            String reason = info.filter(i -> i.bundleId() == bundle.getBundleId()).map(FunctionInfo::stateReason)
                    .orElse("the runtime did not take the function over");
            uninstallQuietly(bundle);
            throw FunctionException.invalidParameter("Function " + declaration.name() + " cannot run: " + reason);
        }
        return bundle;
    }

    /* Loading the handler before the start reports a missing dependency as the upload's error. */
    private static void checkHandlerLoads(Bundle bundle, String handler) throws FunctionException {
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        Class<?> type;
        try {
            type = bundle.loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw FunctionException.invalidParameter("Cannot load handler class " + className + ": " + e);
        }
        if (separator >= 0) {
            String method = handler.substring(separator + 2);
            for (java.lang.reflect.Method candidate : type.getMethods()) {
                if (candidate.getName().equals(method)) {
                    return;
                }
            }
            throw FunctionException.invalidParameter("Handler class " + className + " has no public method " + method);
        }
        if (!implementsHandler(type)) {
            throw FunctionException.invalidParameter("Handler class " + className + " implements neither "
                    + "RequestHandler nor RequestStreamHandler; name its method as " + className + "::method");
        }
    }

    private static boolean implementsHandler(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String name = i.getName();
                if (name.equals(PackageWrapper.LAMBDA_PACKAGES + ".RequestHandler")
                        || name.equals(PackageWrapper.LAMBDA_PACKAGES + ".RequestStreamHandler") || implementsHandler(i)) {
                    return true;
                }
            }
        }
        return false;
    }

    /* The old revision goes once its last invocation ended; the runtime's undeploy waits for that. */
    private void release(Bundle old) {
        if (old == null) {
            return;
        }
        try {
            releaser.execute(() -> uninstallQuietly(old));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            uninstallQuietly(old);
        }
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("Cannot uninstall {}: {}", bundle.getLocation(), e.getMessage());
        }
    }

    /** Installs what is stored and missing, uninstalls what is installed and no longer stored. */
    private void reconcile() {
        Map<String, Runnable> wanted = new HashMap<>();
        for (FunctionStore.Function function : store.all().values()) {
            wanted.put(latestLocation(function.name(), function.revision()), () -> restore(function, null));
            for (FunctionStore.Version version : function.versions().values()) {
                wanted.put(versionLocation(function.name(), version.number()), () -> restore(function, version));
            }
        }
        Set<String> present = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            String location = bundle.getLocation();
            if (!location.startsWith(LOCATION_PREFIX)) {
                continue;
            }
            if (!wanted.containsKey(location)) {
                LOG.info("Uninstalling {}: no stored function refers to it", location);
                uninstallQuietly(bundle);
                continue;
            }
            present.add(location);
            if (bundle.getState() != Bundle.ACTIVE) {
                try {
                    bundle.start();
                } catch (BundleException e) {
                    LOG.warn("Cannot start {}: {}", location, e.getMessage());
                }
            }
        }
        wanted.forEach((location, restore) -> {
            if (!present.contains(location)) {
                restore.run();
            }
        });
    }

    private void restore(FunctionStore.Function function, FunctionStore.Version version) {
        try {
            FunctionStore.Code code = version == null ? function.code() : version.code();
            Map<String, byte[]> entries = wrapper.read(store.read(code));
            if (version == null) {
                install(latestLocation(function.name(), function.revision()), entries,
                        declaration(function, function.settings(), null));
            } else {
                install(versionLocation(function.name(), version.number()), entries,
                        declaration(function, version.settings(), version.number()));
            }
        } catch (IOException | FunctionException e) {
            LOG.warn("Cannot restore function {} {}: {}", function.name(),
                    version == null ? LATEST : version.number(), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    private PackageWrapper.Declaration declaration(FunctionStore.Function function, FunctionStore.Settings settings,
            String version) {
        FunctionStore.Code code = version == null ? function.code() : function.versions().get(version).code();
        long revision = version == null ? function.revision() : function.versions().get(version).revision();
        return new PackageWrapper.Declaration(function.name(), settings.handler(), settings.memorySize(),
                settings.timeout(), settings.environment(), settings.role(), settings.description(), version, revision,
                code.sha256(), code.size());
    }

    private FunctionStore.Function uploaded(String name) throws FunctionException {
        Optional<FunctionStore.Function> function = store.get(name);
        if (function.isPresent()) {
            return function.get();
        }
        Optional<FunctionInfo> bundled = registry.get(name);
        if (bundled.isPresent()) {
            throw FunctionException.invalidParameter("Function " + name + " is declared by bundle "
                    + bundled.get().bundleSymbolicName() + ": replace the bundle to change its code");
        }
        throw notFound(name, null);
    }

    private FunctionStore.Code storeCode(byte[] zip) throws FunctionException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(zip);
            return store.storeCode(zip, Base64.getEncoder().encodeToString(digest), HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw storageError(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkQuota(long size) throws FunctionException {
        if (store.totalCodeSize() + size > config.codeStorageBytes()) {
            throw new FunctionException("CodeStorageExceededException", 400, "Code storage limit exceeded.");
        }
    }

    private void collectGarbage() {
        try {
            store.collectGarbage();
        } catch (IOException e) {
            LOG.warn("Cannot delete unreferenced packages: {}", e.getMessage());
        }
    }

    private static void checkHandler(String handler) throws FunctionException {
        if (handler == null || handler.isEmpty() || !HANDLER.matcher(handler).matches()) {
            throw FunctionException.invalidParameter("Handler must be package.Class or package.Class::method");
        }
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        if (!CLASS_NAME.matcher(className).matches()
                || separator >= 0 && !CLASS_NAME.matcher(handler.substring(separator + 2)).matches()) {
            throw FunctionException.invalidParameter("Handler " + handler
                    + " must be package.Class or package.Class::method");
        }
    }

    private static void checkHeaderSafe(FunctionDefinition definition) throws FunctionException {
        List<String> texts = new ArrayList<>(definition.environment().values());
        texts.add(definition.description());
        texts.add(definition.role());
        for (String text : texts) {
            if (!PackageWrapper.headerSafe(text)) {
                throw FunctionException.invalidParameter("Line breaks and other control characters are not "
                        + "supported in environment variables, role or description of uploaded functions");
            }
        }
    }

    private FunctionException notFound(String name, String qualifier) {
        return FunctionException.notFound("Function not found: arn:aws:lambda:" + region + ":" + account
                + ":function:" + name + (qualifier == null ? "" : ":" + qualifier));
    }

    private static FunctionException storageError(IOException e) {
        return new FunctionException("ServiceException", 500, "Cannot store the function: " + e.getMessage());
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static String latestLocation(String name, long revision) {
        return LOCATION_PREFIX + name + "/" + LATEST + "/r" + revision;
    }

    static String versionLocation(String name, String version) {
        return LOCATION_PREFIX + name + "/" + version;
    }

    // ---------------------------------------------------------------- what a wrapped function may import

    /** Packages the function API bundle exports: aws-lambda-java-core and -events. */
    static Set<String> lambdaPackages(BundleContext context) {
        Set<String> packages = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            if ("io.stratus.function.api".equals(bundle.getSymbolicName())) {
                packages.addAll(exported(bundle));
            }
        }
        packages.removeIf(p -> !p.startsWith(PackageWrapper.LAMBDA_PACKAGES));
        return packages;
    }

    /** JDK packages (exported by a module of the boot layer) the system bundle exports. */
    static Set<String> jdkPackages(BundleContext context) {
        Set<String> jdk = new HashSet<>();
        for (Module module : ModuleLayer.boot().modules()) {
            for (ModuleDescriptor.Exports exports : module.getDescriptor().exports()) {
                if (!exports.isQualified()) {
                    jdk.add(exports.source());
                }
            }
        }
        Set<String> packages = exported(context.getBundle(0));
        packages.retainAll(jdk);
        return packages;
    }

    private static Set<String> exported(Bundle bundle) {
        Set<String> packages = new HashSet<>();
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleCapability capability : wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                packages.add((String) capability.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE));
            }
        }
        return packages;
    }
}
