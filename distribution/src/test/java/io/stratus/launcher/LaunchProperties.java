package io.stratus.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Lets integration tests outside this package start a framework the way the launcher does: the
 * same settings, the same generated secrets, the same framework properties.
 */
public final class LaunchProperties {

    private LaunchProperties() {
    }

    /**
     * The framework properties the launcher would use in {@code workingDirectory} with the given
     * environment ({@code STRATUS_*} variables); creates the data and deploy folders and secrets.
     */
    public static Map<String, String> of(Map<String, String> environment, Path workingDirectory) throws IOException {
        Settings settings = Settings.read(environment, new Properties(), workingDirectory);
        return new HashMap<>(Main.prepare(settings, new Secrets(new SecureRandom())).properties());
    }

    /** The framework property naming the location prefix of platform bundles. */
    public static String platformLocationPrefixProperty() {
        return FrameworkProperties.PLATFORM_LOCATION_PREFIX;
    }
}
