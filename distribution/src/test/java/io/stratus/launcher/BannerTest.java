package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.junit.Test;

public class BannerTest {

    private static final Path CWD = Path.of("/srv/stratus");

    @Test
    public void listsEveryUrlAndWhereTheSecretsAre() {
        Settings settings = Settings.read(Map.of(), new Properties(), CWD);
        String text = Banner.text("1.2.3", Duration.ofMillis(1234), settings, CWD,
                settings.credentialsFile(), settings.consolePasswordFile());

        assertTrue(text, text.contains("Stratus 1.2.3 ready in 1.23 s"));
        assertTrue(text, text.contains("Gateway        http://localhost:8080/\n"));
        assertTrue(text, text.contains("AWS endpoint   http://localhost:4566/  (region us-east-1, account 000000000000)"));
        assertTrue(text, text.contains("Web Console    http://localhost:8080/system/console  (user admin, password in data/console-password)"));
        assertTrue(text, text.contains("Credentials    data/credentials  (profile default)"));
        assertTrue(text, text.contains("AWS_SHARED_CREDENTIALS_FILE=data/credentials aws --endpoint-url http://localhost:4566 lambda list-functions"));
        assertTrue(text, text.contains("Deploy folder  deploy\n"));
        assertTrue(text, text.contains("Data folder    data\n"));
    }

    @Test
    public void secretsFromTheEnvironmentAreNamedNotShown() {
        Settings settings = Settings.read(Map.of("STRATUS_CONSOLE_PASSWORD", "very-secret-pw",
                "STRATUS_ROOT_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00", "STRATUS_ROOT_SECRET_ACCESS_KEY", "shh",
                "STRATUS_HTTP_PORT", "9000"), new Properties(), CWD);
        String text = Banner.text("1.2.3", Duration.ZERO, settings, CWD, null, null);

        assertTrue(text, text.contains("password from STRATUS_CONSOLE_PASSWORD"));
        assertTrue(text, text.contains("from STRATUS_ROOT_ACCESS_KEY_ID / STRATUS_ROOT_SECRET_ACCESS_KEY"));
        assertTrue(text, text.contains("http://localhost:9000/system/console"));
        assertFalse(text, text.contains("very-secret-pw"));
        assertFalse(text, text.contains("AKIAEXAMPLEEXAMPLE00"));
        assertFalse(text, text.contains("shh"));
    }

    @Test
    public void pathsOutsideTheWorkingDirectoryAreAbsolute() {
        assertEquals("/var/lib/stratus", Banner.show(CWD, Path.of("/var/lib/stratus")));
        assertEquals("data/credentials", Banner.show(CWD, Path.of("/srv/stratus/data/credentials")));
        assertEquals("/srv/stratus", Banner.show(CWD, CWD));
    }
}
