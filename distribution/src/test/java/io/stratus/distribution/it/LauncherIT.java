package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.stratus.distribution.it.StratusTestSupport.HttpAnswer;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** {@code java -jar stratus.jar} as a user runs it: banner, secrets, console login, shutdown, restart. */
public class LauncherIT {

    static final Duration READY = Duration.ofSeconds(60);
    static final Duration STOP = Duration.ofSeconds(10);

    private static StratusProcess shared;
    private static String sharedBanner;

    @BeforeClass
    public static void startShared() throws Exception {
        shared = StratusProcess.start(newWorkingDirectory(), Map.of());
        sharedBanner = shared.awaitBanner(READY);
    }

    @AfterClass
    public static void stopShared() throws Exception {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    public void bannerListsTheUrlsAndWhereTheCredentialsAre() {
        String banner = sharedBanner.substring(sharedBanner.indexOf("Stratus "));
        assertTrue(banner, banner.matches("(?s)Stratus \\S+ ready in \\d+\\.\\d\\d s\n.*"));
        assertTrue(banner, banner.contains("Gateway        http://localhost:" + shared.httpPort() + "/\n"));
        assertTrue(banner, banner.contains("AWS endpoint   http://localhost:" + shared.awsPort() + "/  (region us-east-1, account 000000000000)"));
        assertTrue(banner, banner.contains("Web Console    http://localhost:" + shared.httpPort() + "/system/console  (user admin, password in data/console-password)"));
        assertTrue(banner, banner.contains("Credentials    data/credentials  (profile default)"));
        assertTrue(banner, banner.contains("AWS_SHARED_CREDENTIALS_FILE=data/credentials aws --endpoint-url http://localhost:"
                + shared.awsPort() + " lambda list-functions"));
        assertTrue(banner, banner.contains("Deploy folder  deploy\n"));
        assertTrue(banner, banner.contains("Data folder    data\n"));
    }

    @Test
    public void healthAnswers200OnceTheBannerIsPrinted() throws Exception {
        HttpAnswer health = get(shared, "/system/health", null);
        assertEquals(health.body(), 200, health.status());
        assertTrue(health.body(), health.body().contains("\"status\":\"UP\""));
    }

    @Test
    public void generatedSecretsAreReadableByTheOwnerOnly() throws Exception {
        Path credentials = shared.workingDirectory().resolve("data/credentials");
        Path password = shared.workingDirectory().resolve("data/console-password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
        assertTrue(Files.readString(credentials), Files.readString(credentials).matches(
                "\\[default]\naws_access_key_id = AKIA[A-Z0-9]{16}\naws_secret_access_key = [A-Za-z0-9+/]{40}\nregion = us-east-1\n"));
        assertTrue(Files.readString(password).strip().length() >= 20);
        assertTrue(Files.isDirectory(shared.workingDirectory().resolve("deploy")));
    }

    @Test
    public void consoleAsksForTheGeneratedPassword() throws Exception {
        String password = Files.readString(shared.workingDirectory().resolve("data/console-password")).strip();
        assertEquals(401, get(shared, "/system/console/bundles", null).status());
        assertEquals(401, get(shared, "/system/console/bundles", basic("admin", "admin")).status());
        assertEquals(401, get(shared, "/system/console/bundles", basic("root", password)).status());
        HttpAnswer console = get(shared, "/system/console/bundles", basic("admin", password));
        assertEquals(200, console.status());
        assertTrue(console.body().contains("io.stratus.runtime"));
    }

    @Test
    public void consoleIsNotServedOnTheAwsPort() throws Exception {
        String password = Files.readString(shared.workingDirectory().resolve("data/console-password")).strip();
        HttpAnswer onAws = HttpAnswer.get(URI.create("http://127.0.0.1:" + shared.awsPort() + "/system/console/bundles"),
                basic("admin", password));
        // an AWS error, never the console: S3 is the endpoint's fallback service (as on AWS), and a
        // Basic Authorization header is not SigV4
        assertEquals(onAws.body(), 400, onAws.status());
        assertTrue(onAws.body(), onAws.body().contains("<Code>AuthorizationHeaderMalformed</Code>"));
        assertFalse(onAws.body(), onAws.body().contains("io.stratus.runtime"));
    }

    @Test
    public void aDeployedJarThatCannotStartIsReportedOnTheConsole() throws Exception {
        Path broken = Path.of(StratusTestSupport.required("stratus.test.functions"), "io.stratus.test.functions.unresolvable.jar");
        Path deploy = shared.workingDirectory().resolve("deploy");
        Files.copy(broken, deploy.resolve(".broken.part"));
        Files.move(deploy.resolve(".broken.part"), deploy.resolve("broken.jar"));
        // FileInstall reports through the Log Service, which the launcher copies to standard output
        shared.awaitOutput("org.apache.felix.fileinstall [", READY);
        String output = shared.output();
        // contains, not startsWith: pax-logging prints a line in several writes, so another thread's
        // line can begin in the middle of one of them
        String line = output.lines().filter(l -> l.contains("org.apache.felix.fileinstall [") && l.contains("broken.jar"))
                .findFirst().orElseThrow(() -> new AssertionError(output));
        assertTrue(line, line.contains(" WARN : ") || line.contains(" ERROR : "));
    }

    @Test
    public void theBannersCredentialsFileWorksWithTheSdk() throws Exception {
        Path credentials = shared.workingDirectory().resolve("data/credentials");
        try (LambdaClient lambda = LambdaClient.builder()
                .endpointOverride(URI.create("http://localhost:" + shared.awsPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default").build())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            assertTrue(lambda.listFunctions().functions().isEmpty());
        }
    }

    @Test
    public void sigtermStopsCleanlyWithExitCodeZero() throws Exception {
        try (StratusProcess stratus = StratusProcess.start(newWorkingDirectory(), Map.of())) {
            stratus.awaitBanner(READY);
            long start = System.nanoTime();
            int exit = stratus.stop(STOP);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(stratus.output(), 0, exit);
            assertTrue("stopped in " + millis + " ms", millis < STOP.toMillis());
            assertTrue(stratus.output(), stratus.output().contains("Stratus stopped"));
        }
    }

    @Test
    public void restartKeepsItsStateAndIsReadyAgain() throws Exception {
        Path dir = newWorkingDirectory();
        String credentials;
        String password;
        String digests;
        try (StratusProcess first = StratusProcess.start(dir, Map.of())) {
            first.awaitBanner(READY);
            credentials = Files.readString(dir.resolve("data/credentials"));
            password = Files.readString(dir.resolve("data/console-password"));
            digests = Files.readString(dir.resolve("data/framework/stratus-bundles.properties"));
            assertEquals(0, first.stop(STOP));

            try (StratusProcess second = first.restart(Map.of())) {
                second.awaitBanner(READY);
                assertEquals(credentials, Files.readString(dir.resolve("data/credentials")));
                assertEquals(password, Files.readString(dir.resolve("data/console-password")));
                // same stratus.jar: nothing reinstalled
                assertEquals(digests, Files.readString(dir.resolve("data/framework/stratus-bundles.properties")));
                assertFalse(second.output(), second.output().contains("Updated platform bundles"));
                assertEquals(200, get(second, "/system/health", null).status());
                assertEquals(200, get(second, "/system/console/bundles", basic("admin", password.strip())).status());
            }
        }
    }

    @Test
    public void aNewConsolePasswordReplacesTheOldOneOnRestart() throws Exception {
        Path dir = newWorkingDirectory();
        try (StratusProcess first = StratusProcess.start(dir, Map.of())) {
            first.awaitBanner(READY);
            String generated = Files.readString(dir.resolve("data/console-password")).strip();
            assertEquals(0, first.stop(STOP));

            try (StratusProcess second = first.restart(Map.of("STRATUS_CONSOLE_PASSWORD", "a-new-console-password"))) {
                second.awaitBanner(READY);
                assertEquals(200, get(second, "/system/console/bundles", basic("admin", "a-new-console-password")).status());
                assertEquals(401, get(second, "/system/console/bundles", basic("admin", generated)).status());
                assertEquals(401, get(second, "/system/console/bundles", basic("admin", "admin")).status());
            }
        }
    }

    @Test
    public void killedWithoutShutdownItStillRestarts() throws Exception {
        Path dir = newWorkingDirectory();
        try (StratusProcess first = StratusProcess.start(dir, Map.of())) {
            first.awaitBanner(READY);
            first.kill();
            try (StratusProcess second = first.restart(Map.of())) {
                second.awaitBanner(READY);
                assertEquals(200, get(second, "/system/health", null).status());
            }
        }
    }

    @Test
    public void secretsFromTheEnvironmentAreUsedAndNeverWritten() throws Exception {
        Path dir = newWorkingDirectory();
        Map<String, String> env = Map.of(
                "STRATUS_CONSOLE_PASSWORD", "console-secret-from-env",
                "STRATUS_ROOT_ACCESS_KEY_ID", "AKIAENVIRONMENT00001",
                "STRATUS_ROOT_SECRET_ACCESS_KEY", "environment-secret-key-environment-secret",
                "STRATUS_DATA", "state",
                "STRATUS_DEPLOY", "functions",
                "STRATUS_REGION", "eu-central-1",
                "STRATUS_ACCOUNT", "123456789012");
        try (StratusProcess stratus = StratusProcess.start(dir, env)) {
            String banner = stratus.awaitBanner(READY);
            assertTrue(banner, banner.contains("(region eu-central-1, account 123456789012)"));
            assertTrue(banner, banner.contains("password from STRATUS_CONSOLE_PASSWORD"));
            assertTrue(banner, banner.contains("from STRATUS_ROOT_ACCESS_KEY_ID / STRATUS_ROOT_SECRET_ACCESS_KEY"));
            assertTrue(banner, banner.contains("Deploy folder  functions\n"));
            assertTrue(banner, banner.contains("Data folder    state\n"));
            assertFalse(banner, banner.contains("console-secret-from-env"));
            assertFalse(banner, banner.contains("environment-secret-key"));
            assertTrue(Files.isDirectory(dir.resolve("state/framework")));
            assertTrue(Files.isDirectory(dir.resolve("functions")));
            assertFalse(Files.exists(dir.resolve("state/credentials")));
            assertFalse(Files.exists(dir.resolve("state/console-password")));
            assertEquals(200, get(stratus, "/system/console/bundles", basic("admin", "console-secret-from-env")).status());
        }
    }

    @Test
    public void invalidSettingIsReportedAndExitsWithCodeTwo() throws Exception {
        try (StratusProcess stratus = StratusProcess.start(newWorkingDirectory(), Map.of("STRATUS_HTTP_PORT", "eighty"))) {
            assertEquals(2, stratus.awaitExit(STOP));
            assertTrue(stratus.output(), stratus.output().contains("STRATUS_HTTP_PORT must be a port number 1-65535, not 'eighty'"));
            assertFalse(Files.exists(stratus.workingDirectory().resolve("data")));
        }
    }

    private static Path newWorkingDirectory() throws IOException {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        return Files.createTempDirectory(work, "LauncherIT-");
    }

    private static HttpAnswer get(StratusProcess stratus, String path, String authorization) throws IOException {
        return HttpAnswer.get(URI.create("http://127.0.0.1:" + stratus.httpPort() + path), authorization);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
