package io.stratus.iam.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The account root's access key, from where the launcher put it: the shared-credentials file it
 * names in {@code stratus.credentials.file} (profile {@code default}), else
 * {@code STRATUS_ROOT_ACCESS_KEY_ID} / {@code STRATUS_ROOT_SECRET_ACCESS_KEY} as system properties
 * or environment variables.
 */
record RootCredentials(String accessKeyId, String secretAccessKey) {

    static final String FILE_PROPERTY = "stratus.credentials.file";
    static final String KEY_ID = "STRATUS_ROOT_ACCESS_KEY_ID";
    static final String SECRET = "STRATUS_ROOT_SECRET_ACCESS_KEY";

    /** @return null when none is configured */
    static RootCredentials find(String credentialsFile) throws IOException {
        if (credentialsFile != null && !credentialsFile.isBlank()) {
            return parse(Files.readString(Path.of(credentialsFile.trim()), StandardCharsets.UTF_8));
        }
        String id = setting(KEY_ID);
        String secret = setting(SECRET);
        return id == null || secret == null ? null : new RootCredentials(id, secret);
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The {@code [default]} profile of an AWS shared-credentials file; null without a complete key. */
    static RootCredentials parse(String content) {
        String profile = null;
        String id = null;
        String secret = null;
        for (String raw : content.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("[") && line.endsWith("]")) {
                profile = line.substring(1, line.length() - 1).trim();
                continue;
            }
            int eq = line.indexOf('=');
            if (!"default".equals(profile) || eq < 0 || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (key.equals("aws_access_key_id")) {
                id = value;
            } else if (key.equals("aws_secret_access_key")) {
                secret = value;
            }
        }
        return id == null || secret == null ? null : new RootCredentials(id, secret);
    }
}
