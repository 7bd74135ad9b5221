package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.Test;

public class SettingsTest {

    private static final Path CWD = Path.of("/srv/stratus");

    private final Map<String, String> env = new HashMap<>();
    private final Properties system = new Properties();

    private Settings read() {
        return Settings.read(env, system, CWD);
    }

    @Test
    public void defaultsMatchTheContract() {
        Settings settings = read();
        assertEquals(8080, settings.httpPort());
        assertEquals(4566, settings.awsPort());
        assertEquals(Path.of("/srv/stratus/data"), settings.data());
        assertEquals(Path.of("/srv/stratus/deploy"), settings.deploy());
        assertEquals("us-east-1", settings.region());
        assertEquals("000000000000", settings.account());
        assertNull(settings.consolePassword());
        assertFalse(settings.rootCredentialsFromEnvironment());
        assertEquals("INFO", settings.logLevel());
        assertEquals(Path.of("/srv/stratus/data/credentials"), settings.credentialsFile());
        assertEquals(Path.of("/srv/stratus/data/console-password"), settings.consolePasswordFile());
        assertEquals(Path.of("/srv/stratus/data/framework"), settings.frameworkStorage());
    }

    @Test
    public void environmentIsRead() {
        env.put("STRATUS_HTTP_PORT", "9090");
        env.put("STRATUS_AWS_PORT", "9566");
        env.put("STRATUS_DATA", "/var/lib/stratus");
        env.put("STRATUS_DEPLOY", "functions");
        env.put("STRATUS_REGION", "eu-west-2");
        env.put("STRATUS_ACCOUNT", "123456789012");
        env.put("STRATUS_CONSOLE_PASSWORD", "correct horse");
        env.put("STRATUS_ROOT_ACCESS_KEY_ID", "AKIAEXAMPLE");
        env.put("STRATUS_ROOT_SECRET_ACCESS_KEY", "secret");
        env.put("STRATUS_LOG_LEVEL", "warn");
        Settings settings = read();
        assertEquals(9090, settings.httpPort());
        assertEquals(9566, settings.awsPort());
        assertEquals(Path.of("/var/lib/stratus"), settings.data());
        assertEquals(Path.of("/srv/stratus/functions"), settings.deploy());
        assertEquals("eu-west-2", settings.region());
        assertEquals("123456789012", settings.account());
        assertEquals("correct horse", settings.consolePassword());
        assertTrue(settings.rootCredentialsFromEnvironment());
        assertEquals("AKIAEXAMPLE", settings.rootAccessKeyId());
        assertEquals("secret", settings.rootSecretAccessKey());
        assertEquals("WARN", settings.logLevel());
    }

    @Test
    public void systemPropertyOverridesEnvironment() {
        env.put("STRATUS_HTTP_PORT", "9090");
        system.setProperty("STRATUS_HTTP_PORT", "7070");
        assertEquals(7070, read().httpPort());
    }

    @Test
    public void blankValueMeansDefault() {
        env.put("STRATUS_REGION", "  ");
        assertEquals("us-east-1", read().region());
    }

    @Test
    public void nonNumericPortIsRejectedByName() {
        env.put("STRATUS_HTTP_PORT", "eighty");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::read);
        assertEquals("STRATUS_HTTP_PORT must be a port number 1-65535, not 'eighty'", e.getMessage());
    }

    @Test
    public void outOfRangePortIsRejected() {
        env.put("STRATUS_AWS_PORT", "70000");
        assertThrows(IllegalArgumentException.class, this::read);
        env.put("STRATUS_AWS_PORT", "0");
        assertThrows(IllegalArgumentException.class, this::read);
    }

    @Test
    public void samePortTwiceIsRejected() {
        env.put("STRATUS_AWS_PORT", "8080");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::read);
        assertTrue(e.getMessage(), e.getMessage().contains("must differ"));
    }

    @Test
    public void malformedRegionIsRejected() {
        env.put("STRATUS_REGION", "Mars");
        assertThrows(IllegalArgumentException.class, this::read);
    }

    @Test
    public void accountMustBeTwelveDigits() {
        env.put("STRATUS_ACCOUNT", "12345");
        assertThrows(IllegalArgumentException.class, this::read);
    }

    @Test
    public void halfARootKeyIsRejected() {
        env.put("STRATUS_ROOT_ACCESS_KEY_ID", "AKIAEXAMPLE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::read);
        assertTrue(e.getMessage(), e.getMessage().contains("STRATUS_ROOT_SECRET_ACCESS_KEY"));
    }

    @Test
    public void shortConsolePasswordIsRejected() {
        env.put("STRATUS_CONSOLE_PASSWORD", "admin");
        assertThrows(IllegalArgumentException.class, this::read);
    }

    @Test
    public void unknownLogLevelIsRejected() {
        env.put("STRATUS_LOG_LEVEL", "LOUD");
        assertThrows(IllegalArgumentException.class, this::read);
    }
}
