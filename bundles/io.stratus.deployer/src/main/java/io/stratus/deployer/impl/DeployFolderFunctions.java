package io.stratus.deployer.impl;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.stratus.deployer.api.CodeDeployer;
import io.stratus.deployer.api.FunctionDefinition;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;

/**
 * Plain jars in the deploy folder: {@code orders.jar} (a shaded jar or Lambda ZIP without an OSGi
 * manifest) next to {@code orders.function.json}, whose members are CreateFunction's
 * ({@code FunctionName}, {@code Handler}, {@code Runtime}, {@code Role}, {@code MemorySize},
 * {@code Timeout}, {@code Environment.Variables}, {@code Description}). Dropping the jar creates the
 * function, replacing it swaps the code hot, removing it deletes the function. FileInstall hands
 * over the jars; jars that are bundles stay FileInstall's.
 */
@Component(service = ArtifactInstaller.class)
public final class DeployFolderFunctions implements ArtifactInstaller {

    static final String DESCRIPTOR_SUFFIX = ".function.json";

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderFunctions.class);

    private final CodeDeployer deployer;
    private final FunctionRegistry registry;
    /* jar -> function it created, so removing the jar deletes that function */
    private final Map<File, String> installed = new LinkedHashMap<>();

    @Activate
    public DeployFolderFunctions(@Reference CodeDeployer deployer, @Reference FunctionRegistry registry) {
        this.deployer = deployer;
        this.registry = registry;
    }

    /** A jar without a bundle manifest that has a descriptor beside it. */
    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && Files.isRegularFile(descriptor(artifact)) && !isBundle(artifact);
    }

    static Path descriptor(File jar) {
        String name = jar.getName();
        return jar.toPath().resolveSibling(name.substring(0, name.length() - ".jar".length()) + DESCRIPTOR_SUFFIX);
    }

    private static boolean isBundle(File jar) {
        try (JarFile file = new JarFile(jar)) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void install(File artifact) throws Exception {
        deploy(artifact);
    }

    @Override
    public synchronized void update(File artifact) throws Exception {
        deploy(artifact);
    }

    @Override
    public synchronized void uninstall(File artifact) throws Exception {
        String name = installed.remove(artifact);
        if (name == null) {
            name = definition(artifact).map(FunctionDefinition::name).orElse(null);
        }
        if (name != null && deployer.manages(name)) {
            deployer.delete(name, null);
            LOG.info("Function {} deleted: {} left the deploy folder", name, artifact);
        }
    }

    /* Creates the function, or swaps its code when the jar changed; configuration changes need a new jar. */
    private void deploy(File artifact) throws Exception {
        Optional<FunctionDefinition> read = definition(artifact);
        if (read.isEmpty()) {
            return;
        }
        FunctionDefinition definition = read.get();
        byte[] code = Files.readAllBytes(artifact.toPath());
        try {
            Optional<FunctionInfo> current = registry.get(definition.name());
            if (current.isEmpty()) {
                deployer.create(definition, code, false);
                LOG.info("Function {} created from {}", definition.name(), artifact);
            } else if (!current.get().codeSha256().equals(sha256(code))) {
                deployer.updateCode(definition.name(), code, false);
                LOG.info("Function {} runs the new code of {}", definition.name(), artifact);
            }
            installed.put(artifact, definition.name());
        } catch (FunctionException e) {
            LOG.warn("Cannot deploy {} as function {}: {} {}", artifact, definition.name(), e.code(), e.getMessage());
        }
    }

    private static Optional<FunctionDefinition> definition(File artifact) {
        Path file = descriptor(artifact);
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, String> environment = new LinkedHashMap<>();
            JsonElement variables = json.has("Environment") ? json.getAsJsonObject("Environment").get("Variables") : null;
            if (variables != null && variables.isJsonObject()) {
                variables.getAsJsonObject().entrySet().forEach(e -> environment.put(e.getKey(), e.getValue().getAsString()));
            }
            String name = text(json, "FunctionName");
            if (name == null) {
                LOG.warn("{} names no FunctionName", file);
                return Optional.empty();
            }
            return Optional.of(new FunctionDefinition(name, text(json, "Handler"),
                    Optional.ofNullable(text(json, "Runtime")).orElse("java17"), text(json, "Role"),
                    json.has("MemorySize") ? json.get("MemorySize").getAsInt() : null,
                    json.has("Timeout") ? json.get("Timeout").getAsInt() : null, environment,
                    text(json, "Description")));
        } catch (IOException | JsonParseException | IllegalStateException | ClassCastException
                | NumberFormatException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String text(JsonObject json, String member) {
        JsonElement value = json.get(member);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
