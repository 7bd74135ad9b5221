package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SecretsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Secrets secrets = new Secrets(new SecureRandom());

    @Test
    public void accessKeyIdLooksLikeAws() {
        String id = secrets.newAccessKeyId();
        assertTrue(id, id.matches("AKIA[A-Z0-9]{16}"));
        assertNotEquals(id, secrets.newAccessKeyId());
    }

    @Test
    public void secretAccessKeyHasFortyCharacters() {
        String secret = secrets.newSecretAccessKey();
        assertTrue(secret, secret.matches("[A-Za-z0-9+/]{40}"));
    }

    @Test
    public void consolePasswordIsLongAndNeverAdmin() {
        String password = secrets.newConsolePassword();
        assertTrue(password, password.matches("[A-Za-z0-9]{20,}"));
        assertNotEquals("admin", password);
    }

    @Test
    public void credentialsFileIsSharedCredentialsFormatOwnerOnly() throws Exception {
        Path file = folder.getRoot().toPath().resolve("credentials");
        assertTrue(secrets.ensureCredentialsFile(file, "eu-west-1"));

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals("[default]", lines.get(0));
        assertTrue(lines.get(1), lines.get(1).matches("aws_access_key_id = AKIA[A-Z0-9]{16}"));
        assertTrue(lines.get(2), lines.get(2).matches("aws_secret_access_key = [A-Za-z0-9+/]{40}"));
        assertEquals("region = eu-west-1", lines.get(3));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    public void existingCredentialsFileIsNeverRewritten() throws Exception {
        Path file = folder.getRoot().toPath().resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id = MINE\n");
        assertFalse(secrets.ensureCredentialsFile(file, "us-east-1"));
        assertEquals("[default]\naws_access_key_id = MINE\n", Files.readString(file));
    }

    @Test
    public void consolePasswordIsGeneratedOnceThenKept() throws Exception {
        Path file = folder.getRoot().toPath().resolve("console-password");
        String first = secrets.ensureConsolePassword(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(first, secrets.ensureConsolePassword(file));
        assertEquals(first + "\n", Files.readString(file));
    }

    @Test
    public void emptyConsolePasswordFileIsAnError() throws Exception {
        Path file = folder.getRoot().toPath().resolve("console-password");
        Files.writeString(file, "\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> secrets.ensureConsolePassword(file));
        assertTrue(e.getMessage(), e.getMessage().contains("delete it"));
    }

    @Test
    public void noTemporaryFileIsLeftBehind() throws Exception {
        Path file = folder.getRoot().toPath().resolve("credentials");
        secrets.ensureCredentialsFile(file, "us-east-1");
        try (var files = Files.list(folder.getRoot().toPath())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    public void webConsoleHashHasTheConsolesSaltedFormatAndHidesThePassword() {
        String hashed = secrets.webConsoleHash("s3cret-password");
        assertTrue(hashed, hashed.matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/]{43}="));
        assertFalse(hashed.contains("s3cret-password"));
        String salt = hashed.substring("{sha-256}".length(), hashed.indexOf('-', "{sha-256}".length()));
        assertEquals(Secrets.hash(salt, "s3cret-password", 1000), hashed.substring(hashed.lastIndexOf('-') + 1));
    }

    @Test
    public void webConsoleHashMatchesOnlyItsPassword() {
        String hashed = secrets.webConsoleHash("s3cret-password");
        assertTrue(Secrets.webConsoleHashMatches(hashed, "s3cret-password"));
        assertFalse(Secrets.webConsoleHashMatches(hashed, "s3cret-passworD"));
        assertFalse(Secrets.webConsoleHashMatches(hashed, "admin"));
    }

    @Test
    public void malformedWebConsoleHashMatchesNothing() {
        assertFalse(Secrets.webConsoleHashMatches("admin", "admin"));
        assertFalse(Secrets.webConsoleHashMatches("{sha-256}abc", "admin"));
        assertFalse(Secrets.webConsoleHashMatches("{sha-256}salt-many-xyz", "admin"));
        assertFalse(Secrets.webConsoleHashMatches("{md5}salt-1000-xyz", "admin"));
    }

    @Test
    public void webConsoleHashIsSaltedAfresh() {
        assertNotEquals(secrets.webConsoleHash("same"), secrets.webConsoleHash("same"));
    }

    @Test
    public void hashIsIteratedSha256OfSaltAndPassword() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        byte[] once = sha.digest("abpw".getBytes(StandardCharsets.UTF_8));
        byte[] twice = sha.digest(once);
        assertEquals(java.util.Base64.getEncoder().encodeToString(twice), Secrets.hash("ab", "pw", 2));
    }
}
