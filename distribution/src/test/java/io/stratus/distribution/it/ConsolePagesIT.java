package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;
import io.stratus.storage.api.ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The Storage, Schedules and IAM pages of the Web Console over HTTP, logged in with the console
 * password: upload a file and download it byte-exact, delete it after the confirmation page,
 * disable a rule and see its state, and see a denied request listed with its reason.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsolePagesIT extends IamItSupport {

    private static final String CONSOLE = "/system/console/";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String login;

    @Before
    public void logIn() throws Exception {
        awaitHealthy();
        String password = Files.readString(Path.of(property("stratus.data")).resolve("console-password")).strip();
        login = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(gateway(CONSOLE + pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Authorization", login);
    }

    private String page(String pathAndQuery) throws Exception {
        HttpResponse<String> page = http.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), 200, page.statusCode());
        return page.body();
    }

    /** Posts a form, checks the redirect back to the page, and returns the page it leads to. */
    private String post(String action, HttpRequest.BodyPublisher body, String contentType) throws Exception {
        HttpResponse<String> answer = http.send(request(action).header("Content-Type", contentType).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 302, answer.statusCode());
        URI next = gateway(CONSOLE + action).resolve(answer.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(next).header("Authorization", login).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(page.body(), 200, page.statusCode());
        return page.body();
    }

    private String postForm(String action, Map<String, String> fields) throws Exception {
        String form = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return post(action, HttpRequest.BodyPublishers.ofString(form), "application/x-www-form-urlencoded");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    public void writesNeedTheConsoleLoginAndComeFromTheConsole() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(gateway(CONSOLE + "stratus-storage/create-bucket"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=sneaky-bucket")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        HttpResponse<String> crossSite = http.send(request("stratus-storage/create-bucket")
                .header("Origin", "https://elsewhere.example").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=sneaky-bucket")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("a form on another site cannot use the remembered login", 403, crossSite.statusCode());
        ObjectStore store = context.getService(context.getServiceReference(ObjectStore.class));
        assertTrue(store.bucket("sneaky-bucket").isEmpty());
    }

    @Test
    public void aFileUploadedOnTheStoragePageIsListedDownloadsByteExactAndIsDeletedAfterConfirmation() throws Exception {
        String refused = postForm("stratus-storage/create-bucket", Map.of("name", "Not_A_Bucket"));
        assertTrue(refused, refused.contains("id='error'>InvalidBucketName: "));
        String created = postForm("stratus-storage/create-bucket", Map.of("name", "console-files"));
        assertTrue(created, created.contains("id='message'>Created bucket console-files</p>"));
        assertTrue(created, created.contains(">console-files</a>"));

        byte[] bytes = new byte[300_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + i / 251);
        }
        String boundary = "----stratus" + System.nanoTime();
        ByteArrayOutputStream multipart = new ByteArrayOutputStream();
        multipart.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bucket\"\r\n\r\nconsole-files\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"prefix\"\r\n\r\nreports/2026/\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        multipart.writeBytes(bytes);
        multipart.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        String uploaded = post("stratus-storage/upload", HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray()),
                "multipart/form-data; boundary=" + boundary);
        assertTrue(uploaded, uploaded.contains("id='message'>Uploaded reports/2026/data.bin (300000 bytes, ETag " + md5 + ")"));
        assertTrue("the redirect returns to the folder", uploaded.contains("data-key='reports/2026/data.bin'"));

        String top = page("stratus-storage?bucket=console-files");
        assertTrue(top, top.contains(">reports/</a>"));
        assertFalse(top, top.contains("data.bin"));
        String folder = page("stratus-storage?bucket=console-files&prefix=" + encode("reports/2026/"));
        assertTrue(folder, folder.contains(">data.bin</a></td><td>300000</td><td><code>" + md5 + "</code></td>"));

        HttpResponse<byte[]> download = http.send(request("stratus-storage/download?bucket=console-files&key="
                + encode("reports/2026/data.bin")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals(bytes, download.body());
        assertEquals("\"" + md5 + "\"", download.headers().firstValue("ETag").orElseThrow());

        String confirm = page("stratus-storage?bucket=console-files&prefix=" + encode("reports/2026/") + "&confirm="
                + encode("reports/2026/data.bin"));
        assertTrue(confirm, confirm.contains("Delete <b>console-files/reports/2026/data.bin</b> (300000 bytes"));
        ObjectStore store = context.getService(context.getServiceReference(ObjectStore.class));
        assertTrue("the confirmation page deletes nothing", store.head("console-files", "reports/2026/data.bin").isPresent());
        String deleted = postForm("stratus-storage/delete", Map.of("bucket", "console-files", "prefix", "reports/2026/",
                "key", "reports/2026/data.bin"));
        assertTrue(deleted, deleted.contains("id='message'>Deleted reports/2026/data.bin</p>"));
        assertTrue(store.head("console-files", "reports/2026/data.bin").isEmpty());
        HttpResponse<String> gone = http.send(request("stratus-storage/download?bucket=console-files&key="
                + encode("reports/2026/data.bin")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, gone.statusCode());
    }

    @Test
    public void theFunctionsListShowsAScheduleTargetingAFunctionAsItsTrigger() throws Exception {
        deployTestFunctions("printer");
        RuleService rules = context.getService(context.getServiceReference(RuleService.class));
        rules.putRule(new RuleDefinition("console-links", "rate(1 day)", RuleState.ENABLED, "from the console IT"));
        rules.putTargets("console-links", List.of(new Target("t1",
                "arn:aws:lambda:" + property("stratus.region") + ":000000000000:function:printer", null)));
        try {
            String list = page("stratus-functions");
            assertTrue(list, list.contains("<th>Role</th><th>Routes</th><th>Triggers</th>"));
            int row = list.indexOf("/stratus-functions/printer'>printer</a>");
            assertTrue(list, row >= 0);
            String printer = list.substring(row, list.indexOf("</tr>", row));
            assertTrue(printer, printer.contains("<td class='stratus-triggers'>Schedule console-links (rate(1 day))"));
        } finally {
            rules.removeTargets("console-links", List.of("t1"));
            rules.deleteRule("console-links");
        }
    }

    @Test
    public void disablingARuleOnTheSchedulesPageStopsItAndTheListShowsItsState() throws Exception {
        RuleService rules = context.getService(context.getServiceReference(RuleService.class));
        rules.putRule(new RuleDefinition("console-nightly", "cron(0 3 * * ? *)", RuleState.ENABLED, "from the console IT"));
        rules.putTargets("console-nightly", List.of(new Target("t1",
                "arn:aws:lambda:" + property("stratus.region") + ":000000000000:function:printer", null)));
        String before = page("stratus-schedules");
        assertTrue(before, before.contains("<tr data-rule='console-nightly'>"));
        assertTrue(before, before.contains("<code>cron(0 3 * * ? *)</code></td><td class='stratus-state'>ENABLED</td><td>"
                + rules.rule("console-nightly").orElseThrow().nextFire() + "</td>"));
        assertTrue(before, before.contains("t1: arn:aws:lambda:"));

        String after = postForm("stratus-schedules/disable", Map.of("rule", "console-nightly"));
        assertTrue(after, after.contains("id='message'>Rule console-nightly is DISABLED</p>"));
        assertTrue(after, after.contains("<code>cron(0 3 * * ? *)</code></td><td class='stratus-state'>DISABLED</td><td></td>"));
        assertEquals(RuleState.DISABLED, rules.rule("console-nightly").orElseThrow().state());

        String missing = postForm("stratus-schedules/enable", Map.of("rule", "no-such-rule"));
        assertTrue(missing, missing.contains("id='error'>ResourceNotFoundException: "));
        rules.removeTargets("console-nightly", List.of("t1"));
        rules.deleteRule("console-nightly");
    }

    @Test
    public void aDeniedRequestIsListedOnTheIamPageWithItsReason() throws Exception {
        try (IamClient iam = rootIam()) {
            iam.createUser(b -> b.userName("console-nobody"));
            AccessKey key = iam.createAccessKey(b -> b.userName("console-nobody")).accessKey();
            try (LambdaClient lambda = lambda(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))) {
                AwsServiceException denied = assertThrows(AwsServiceException.class, lambda::listFunctions);
                assertEquals(403, denied.statusCode());
                String requestId = denied.requestId();
                String page = page("stratus-iam");
                assertTrue(page, page.contains("<td>console-nobody</td>"));
                assertTrue(page, page.contains("<div>" + key.accessKeyId() + " (Active)</div>"));
                assertTrue(page, page.contains("<td>arn:aws:iam::000000000000:user/console-nobody</td><td>lambda:ListFunctions</td>"));
                int row = page.indexOf("<td>lambda:ListFunctions</td>");
                String reason = page.substring(page.indexOf("<td class='stratus-reason'>", row),
                        page.indexOf("</tr>", row));
                assertTrue(reason, reason.length() > "<td class='stratus-reason'></td>".length() + 10);
                if (requestId != null) {
                    assertTrue(page, page.contains(requestId));
                }
            } finally {
                iam.deleteAccessKey(b -> b.userName("console-nobody").accessKeyId(key.accessKeyId()));
                iam.deleteUser(b -> b.userName("console-nobody"));
            }
        }
    }
}
