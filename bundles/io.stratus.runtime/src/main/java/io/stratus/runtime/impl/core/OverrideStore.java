package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;
import io.stratus.runtime.impl.handler.JsonMapping;

/** Keeps each function's {@link Overrides} in {@code <data>/runtime/functions/<name>.json}. */
final class OverrideStore {

    private final Path directory;

    OverrideStore(Path directory) {
        this.directory = directory;
    }

    void recover() throws IOException {
        DurableFiles.recover(directory);
    }

    Overrides load(String name) {
        Path file = directory.resolve(name + ".json");
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            Overrides overrides = JsonMapping.GSON.fromJson(json, Overrides.class);
            return overrides == null ? Overrides.NONE : overrides;
        } catch (NoSuchFileException e) {
            return Overrides.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            throw new IllegalStateException("corrupt configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    void save(String name, Overrides overrides) throws IOException {
        Path file = directory.resolve(name + ".json");
        if (overrides.isEmpty()) {
            DurableFiles.delete(file);
        } else {
            DurableFiles.write(file, JsonMapping.GSON.toJson(overrides).getBytes(StandardCharsets.UTF_8));
        }
    }
}
