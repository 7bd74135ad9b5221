package io.stratus.scheduler.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;

/**
 * The rules created through the API, one JSON file each under {@code <data>/scheduler/rules/},
 * written with {@link DurableFiles} so a crash leaves the old rule or the new one.
 */
final class RuleFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RuleFiles.class);
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final String SUFFIX = ".json";

    private final Path directory;

    RuleFiles(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Every stored rule; a file that cannot be read is logged and left where it is. */
    List<StoredRule> load() throws IOException {
        List<StoredRule> rules = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return rules;
        }
        DurableFiles.recover(directory);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    StoredRule rule = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StoredRule.class);
                    if (rule == null || rule.name() == null || !file.equals(fileOf(rule.name()))) {
                        throw new JsonParseException("the file does not hold the rule its name says");
                    }
                    rules.add(rule);
                } catch (IOException | JsonParseException e) {
                    LOG.error("Scheduled rule file {} cannot be read and is ignored: {}", file, e.getMessage());
                }
            }
        }
        return rules;
    }

    void write(StoredRule rule) throws IOException {
        DurableFiles.write(fileOf(rule.name()), GSON.toJson(rule).getBytes(StandardCharsets.UTF_8));
    }

    void delete(String name) throws IOException {
        DurableFiles.delete(fileOf(name));
    }

    /* Rule names are [.\-_A-Za-z0-9]{1,64}: with the suffix never a path of its own ("." or ".."). */
    private Path fileOf(String name) {
        return directory.resolve(name + SUFFIX);
    }
}
