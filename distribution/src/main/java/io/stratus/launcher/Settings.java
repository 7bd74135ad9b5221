package io.stratus.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What the launcher is told at run time: environment variables, each overridable by a system
 * property of the same name ({@code -DSTRATUS_HTTP_PORT=9090}), which is how tests set them.
 *
 * @param rootAccessKeyId     null when the root credentials live in {@code data/credentials}
 * @param rootSecretAccessKey null exactly when {@code rootAccessKeyId} is
 * @param consolePassword     null when the password lives in {@code data/console-password}
 * @param logLevel            what the platform's log on standard output shows: DEBUG, INFO, WARN or ERROR
 */
record Settings(int httpPort, int awsPort, Path data, Path deploy, String region, String account,
        String consolePassword, String rootAccessKeyId, String rootSecretAccessKey, String logLevel) {

    static final String HTTP_PORT = "STRATUS_HTTP_PORT";
    static final String AWS_PORT = "STRATUS_AWS_PORT";
    static final String DATA = "STRATUS_DATA";
    static final String DEPLOY = "STRATUS_DEPLOY";
    static final String REGION = "STRATUS_REGION";
    static final String ACCOUNT = "STRATUS_ACCOUNT";
    static final String CONSOLE_PASSWORD = "STRATUS_CONSOLE_PASSWORD";
    static final String ROOT_ACCESS_KEY_ID = "STRATUS_ROOT_ACCESS_KEY_ID";
    static final String ROOT_SECRET_ACCESS_KEY = "STRATUS_ROOT_SECRET_ACCESS_KEY";
    static final String LOG_LEVEL = "STRATUS_LOG_LEVEL";

    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern LOG_LEVELS = Pattern.compile("DEBUG|INFO|WARN|ERROR");

    /** @throws IllegalArgumentException naming the variable and what is wrong with it */
    static Settings read(Map<String, String> env, Properties system, Path workingDirectory) {
        Lookup lookup = new Lookup(env, system);
        int httpPort = lookup.port(HTTP_PORT, 8080);
        int awsPort = lookup.port(AWS_PORT, 4566);
        if (httpPort == awsPort) {
            throw new IllegalArgumentException(HTTP_PORT + " and " + AWS_PORT + " must differ, both are " + httpPort);
        }
        Path data = workingDirectory.resolve(lookup.get(DATA, "data")).normalize();
        Path deploy = workingDirectory.resolve(lookup.get(DEPLOY, "deploy")).normalize();
        String region = lookup.get(REGION, "us-east-1");
        if (!REGION_NAME.matcher(region).matches()) {
            throw new IllegalArgumentException(REGION + " must be a region name such as us-east-1, not '" + region + "'");
        }
        String account = lookup.get(ACCOUNT, "000000000000");
        if (!ACCOUNT_ID.matcher(account).matches()) {
            throw new IllegalArgumentException(ACCOUNT + " must be 12 digits, not '" + account + "'");
        }
        String consolePassword = lookup.get(CONSOLE_PASSWORD, null);
        if (consolePassword != null && consolePassword.length() < 8) {
            throw new IllegalArgumentException(CONSOLE_PASSWORD + " must have at least 8 characters");
        }
        String keyId = lookup.get(ROOT_ACCESS_KEY_ID, null);
        String secret = lookup.get(ROOT_SECRET_ACCESS_KEY, null);
        if ((keyId == null) != (secret == null)) {
            throw new IllegalArgumentException("set both " + ROOT_ACCESS_KEY_ID + " and " + ROOT_SECRET_ACCESS_KEY
                    + ", or neither to use data/credentials");
        }
        String logLevel = lookup.get(LOG_LEVEL, "INFO").toUpperCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.matcher(logLevel).matches()) {
            throw new IllegalArgumentException(LOG_LEVEL + " must be DEBUG, INFO, WARN or ERROR, not '" + logLevel + "'");
        }
        return new Settings(httpPort, awsPort, data, deploy, region, account, consolePassword, keyId, secret, logLevel);
    }

    boolean rootCredentialsFromEnvironment() {
        return rootAccessKeyId != null;
    }

    Path credentialsFile() {
        return data.resolve("credentials");
    }

    Path consolePasswordFile() {
        return data.resolve("console-password");
    }

    Path frameworkStorage() {
        return data.resolve("framework");
    }

    private record Lookup(Map<String, String> env, Properties system) {

        String get(String name, String fallback) {
            String value = system.getProperty(name);
            if (value == null) {
                value = env.get(name);
            }
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int port(String name, int fallback) {
            String value = get(name, null);
            if (value == null) {
                return fallback;
            }
            try {
                int port = Integer.parseInt(value);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below with the other bad values
            }
            throw new IllegalArgumentException(name + " must be a port number 1-65535, not '" + value + "'");
        }
    }
}
