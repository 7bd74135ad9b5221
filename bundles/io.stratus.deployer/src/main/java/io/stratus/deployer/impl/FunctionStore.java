package io.stratus.deployer.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;

/**
 * Uploaded functions on disk, under {@code <data>/deployer/}: {@code code/<sha256 hex>.zip} holds each
 * distinct package once, {@code functions/<name>.json} what was created (configuration, current code
 * and revision) and every published version. Every write is durable (temp file, fsync, rename).
 */
final class FunctionStore {

    /** A stored package. */
    record Code(String sha256, String file, long size) {
    }

    /** The configuration a bundle declares: create-time settings for $LATEST, a snapshot for a version. */
    record Settings(String handler, int memorySize, int timeout, Map<String, String> environment, String role,
            String description) {
        Settings {
            environment = environment == null ? Map.of() : Map.copyOf(new TreeMap<>(environment));
        }
    }

    /** A published version. */
    record Version(String number, Code code, Settings settings, long revision, long created) {
    }

    /** One uploaded function. */
    record Function(String name, String runtime, Settings settings, Code code, long revision, int lastVersion,
            Map<String, Version> versions, long created) {
        Function {
            versions = versions == null ? Map.of() : Map.copyOf(versions);
        }

        Function withCode(Code newCode, long newRevision) {
            return new Function(name, runtime, settings, newCode, newRevision, lastVersion, versions, created);
        }

        Function withVersion(Version version) {
            Map<String, Version> changed = new TreeMap<>(versions);
            changed.put(version.number(), version);
            return new Function(name, runtime, settings, code, revision, Integer.parseInt(version.number()), changed,
                    created);
        }

        Function withoutVersion(String number) {
            Map<String, Version> changed = new TreeMap<>(versions);
            changed.remove(number);
            return new Function(name, runtime, settings, code, revision, lastVersion, changed, created);
        }
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path functionsDirectory;
    private final Path codeDirectory;
    private final ConcurrentHashMap<String, Function> functions = new ConcurrentHashMap<>();

    FunctionStore(Path directory) {
        this.functionsDirectory = directory.resolve("functions");
        this.codeDirectory = directory.resolve("code");
    }

    void load() throws IOException {
        DurableFiles.recover(functionsDirectory);
        DurableFiles.recover(codeDirectory);
        if (!Files.isDirectory(functionsDirectory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(functionsDirectory, "*.json")) {
            for (Path file : files) {
                try {
                    Function function = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Function.class);
                    if (function != null) {
                        functions.put(function.name(), function);
                    }
                } catch (JsonParseException e) {
                    throw new IOException("corrupt function file " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    Optional<Function> get(String name) {
        return Optional.ofNullable(functions.get(name));
    }

    Map<String, Function> all() {
        return new TreeMap<>(functions);
    }

    void save(Function function) throws IOException {
        DurableFiles.write(functionsDirectory.resolve(function.name() + ".json"),
                GSON.toJson(function).getBytes(StandardCharsets.UTF_8));
        functions.put(function.name(), function);
    }

    void delete(String name) throws IOException {
        DurableFiles.delete(functionsDirectory.resolve(name + ".json"));
        functions.remove(name);
    }

    /** Stores a package under its hash (once); the caller decides whether it is referenced. */
    Code storeCode(byte[] zip, String sha256Base64, String sha256Hex) throws IOException {
        String file = sha256Hex + ".zip";
        Path path = codeDirectory.resolve(file);
        if (!Files.isRegularFile(path) || Files.size(path) != zip.length) {
            DurableFiles.write(path, zip);
        }
        return new Code(sha256Base64, file, zip.length);
    }

    Path path(Code code) {
        return codeDirectory.resolve(code.file());
    }

    byte[] read(Code code) throws IOException {
        return Files.readAllBytes(path(code));
    }

    /** Bytes of every referenced package, each counted once (what the storage quota limits). */
    long totalCodeSize() {
        Map<String, Long> sizes = new TreeMap<>();
        for (Function function : functions.values()) {
            sizes.put(function.code().file(), function.code().size());
            function.versions().values().forEach(v -> sizes.put(v.code().file(), v.code().size()));
        }
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Deletes stored packages no function or version refers to any more. */
    void collectGarbage() throws IOException {
        Set<String> referenced = new HashSet<>();
        for (Function function : functions.values()) {
            referenced.add(function.code().file());
            function.versions().values().forEach(v -> referenced.add(v.code().file()));
        }
        if (!Files.isDirectory(codeDirectory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(codeDirectory, "*.zip")) {
            for (Path file : files) {
                if (!referenced.contains(file.getFileName().toString())) {
                    DurableFiles.delete(file);
                }
            }
        }
    }
}
