package io.stratus.launcher;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The framework properties of a Stratus process: where Felix keeps its state, what FileInstall
 * watches, the ports, the Web Console login, and the {@code stratus.*} properties every platform
 * bundle reads with {@code BundleContext.getProperty}.
 *
 * <p>Root credentials reach the bundles as a file: {@code stratus.credentials.file} names the AWS
 * shared-credentials file (profile {@code default}) when the launcher generated or found one; it is
 * absent when they come from {@code STRATUS_ROOT_ACCESS_KEY_ID} / {@code
 * STRATUS_ROOT_SECRET_ACCESS_KEY}, which bundles then read from the process environment. Secrets
 * never become framework properties: every bundle, function bundles included, can read those.
 */
final class FrameworkProperties {

    static final String DATA = "stratus.data";
    static final String DEPLOY = "stratus.deploy";
    static final String HTTP_PORT = "stratus.http.port";
    static final String AWS_PORT = "stratus.aws.port";
    static final String REGION = "stratus.region";
    static final String ACCOUNT = "stratus.account";
    static final String CREDENTIALS_FILE = "stratus.credentials.file";
    static final String PLATFORM_LOCATION_PREFIX = "stratus.platform.location.prefix";

    static final String CONSOLE_ROOT = "/system/console";
    static final String CONSOLE_USER = "admin";
    static final String LOG_LEVEL = "org.ops4j.pax.logging.DefaultServiceLog.level";

    private FrameworkProperties() {
    }

    /**
     * @param credentialsFile     null when the root credentials come from the environment
     * @param consolePasswordHash the Web Console password, hashed
     */
    static Map<String, String> of(Settings settings, Path credentialsFile, String consolePasswordHash) {
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", settings.frameworkStorage().toString());

        properties.put("felix.fileinstall.dir", settings.deploy().toString());
        properties.put("felix.fileinstall.poll", "100");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        properties.put("felix.fileinstall.log.level", "3");

        properties.put("org.osgi.service.http.port", Integer.toString(settings.httpPort()));
        properties.put("felix.webconsole.manager.root", CONSOLE_ROOT);
        properties.put("felix.webconsole.username", CONSOLE_USER);
        properties.put("felix.webconsole.password", consolePasswordHash);

        // pax-logging's fallback logger prints to standard output; below INFO, Jetty logs every request
        properties.put(LOG_LEVEL, settings.logLevel());

        properties.put(DATA, settings.data().toString());
        properties.put(DEPLOY, settings.deploy().toString());
        properties.put(HTTP_PORT, Integer.toString(settings.httpPort()));
        properties.put(AWS_PORT, Integer.toString(settings.awsPort()));
        properties.put(REGION, settings.region());
        properties.put(ACCOUNT, settings.account());
        if (credentialsFile != null) {
            properties.put(CREDENTIALS_FILE, credentialsFile.toString());
        }
        properties.put(PLATFORM_LOCATION_PREFIX, PlatformBundles.LOCATION_SCHEME);
        return properties;
    }
}
