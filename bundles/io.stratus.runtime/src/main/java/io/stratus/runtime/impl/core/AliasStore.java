package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

import io.stratus.durable.DurableFiles;
import io.stratus.runtime.impl.handler.JsonMapping;

/**
 * The aliases of every function, in memory for the invocation path and in
 * {@code <data>/runtime/aliases/<function>.json} (one file per function, replaced as a whole).
 */
final class AliasStore {

    /** One alias as stored. */
    record Alias(String functionVersion, Map<String, Double> weights, String description, String revisionId) {

        Alias {
            weights = weights == null ? Map.of() : Map.copyOf(weights);
            description = description == null ? "" : description;
        }

        /** The version one invocation runs: the additional version with its weight's probability. */
        String pick() {
            if (weights.isEmpty()) {
                return functionVersion;
            }
            double draw = ThreadLocalRandom.current().nextDouble();
            double cumulative = 0;
            for (Map.Entry<String, Double> weight : weights.entrySet()) {
                cumulative += weight.getValue();
                if (draw < cumulative) {
                    return weight.getKey();
                }
            }
            return functionVersion;
        }
    }

    private static final java.lang.reflect.Type FILE_TYPE = new TypeToken<TreeMap<String, Alias>>() {
    }.getType();

    private final Path directory;
    private final ConcurrentHashMap<String, Map<String, Alias>> aliases = new ConcurrentHashMap<>();

    AliasStore(Path directory) {
        this.directory = directory;
    }

    /** Recovers interrupted writes and loads every stored alias. */
    void load() throws IOException {
        DurableFiles.recover(directory);
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                name = name.substring(0, name.length() - ".json".length());
                try {
                    Map<String, Alias> stored = JsonMapping.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                            FILE_TYPE);
                    if (stored != null) {
                        aliases.put(name, Map.copyOf(stored));
                    }
                } catch (JsonParseException e) {
                    throw new IOException("corrupt alias file " + file + ": " + e.getMessage(), e);
                }
            }
        }
    }

    Alias get(String function, String alias) {
        Map<String, Alias> of = aliases.get(function);
        return of == null ? null : of.get(alias);
    }

    /** Aliases of a function by name. */
    Map<String, Alias> of(String function) {
        Map<String, Alias> of = aliases.get(function);
        return of == null ? Map.of() : new TreeMap<>(of);
    }

    /** Stores (or with a null alias removes) one alias; the in-memory view changes after the file did. */
    synchronized void put(String function, String name, Alias alias) throws IOException {
        Map<String, Alias> changed = new LinkedHashMap<>(of(function));
        if (alias == null) {
            changed.remove(name);
        } else {
            changed.put(name, alias);
        }
        write(function, changed);
    }

    synchronized void forget(String function) throws IOException {
        write(function, Map.of());
    }

    private void write(String function, Map<String, Alias> changed) throws IOException {
        Path file = directory.resolve(function + ".json");
        if (changed.isEmpty()) {
            DurableFiles.delete(file);
            aliases.remove(function);
        } else {
            DurableFiles.write(file, JsonMapping.GSON.toJson(new TreeMap<>(changed), FILE_TYPE)
                    .getBytes(StandardCharsets.UTF_8));
            aliases.put(function, Map.copyOf(changed));
        }
    }
}
