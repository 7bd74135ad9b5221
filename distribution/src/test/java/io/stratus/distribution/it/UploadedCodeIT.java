package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateAliasResponse;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeResponse;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Code uploaded as Lambda users upload it, against the real platform ({@code java -jar stratus.jar}
 * in a process of its own) through the SDK's LambdaClient: a shaded jar and a Lambda ZIP built by
 * the test from an ordinary Lambda project, bad uploads, versions and weighted aliases, code
 * replaced 20 times while a client keeps invoking, and a plain jar with a descriptor in deploy/.
 */
public class UploadedCodeIT {

    static final String ROLE = "arn:aws:iam::000000000000:role/orders";
    static final Duration READY = Duration.ofSeconds(90);

    private static StratusProcess stratus;
    private static LambdaClient lambda;
    private static LambdaProject project;
    private static Path directory;

    @BeforeClass
    public static void startPlatform() throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        directory = Files.createTempDirectory(work, "UploadedCodeIT-");
        project = LambdaProject.compile(directory);
        stratus = StratusProcess.start(directory.resolve("platform"), Map.of());
        stratus.awaitBanner(READY);
        lambda = client(stratus);
    }

    @AfterClass
    public static void stopPlatform() throws Exception {
        if (lambda != null) {
            lambda.close();
        }
        if (stratus != null) {
            stratus.close();
        }
    }

    static LambdaClient client(StratusProcess process) {
        return RuntimeItSupport.lambdaClient(URI.create("http://127.0.0.1:" + process.awsPort()), "us-east-1",
                process.workingDirectory().resolve("data/credentials"));
    }

    static CreateFunctionResponse create(LambdaClient client, String name, byte[] code, String handler) {
        return client.createFunction(b -> b.functionName(name).runtime(Runtime.JAVA17).role(ROLE).handler(handler)
                .timeout(30).code(c -> c.zipFile(SdkBytes.fromByteArray(code))));
    }

    static JsonObject call(LambdaClient client, String function, String qualifier, String body) {
        InvokeResponse response = client.invoke(b -> b.functionName(function).qualifier(qualifier)
                .payload(SdkBytes.fromUtf8String("{\"path\":\"/orders\",\"httpMethod\":\"GET\",\"body\":"
                        + (body == null ? "null" : "\"" + body + "\"") + "}")));
        assertNull(response.payload().asUtf8String(), response.functionError());
        JsonObject event = JsonParser.parseString(response.payload().asUtf8String()).getAsJsonObject();
        assertEquals(200, event.get("statusCode").getAsInt());
        JsonObject answer = JsonParser.parseString(event.get("body").getAsString()).getAsJsonObject();
        answer.addProperty("executedVersion", response.executedVersion());
        return answer;
    }

    static String sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static AwsServiceException refused(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new AssertionError("the request was not refused");
    }

    private static void assertSeesOnlyItsOwnLibraries(JsonObject answer) {
        assertEquals(answer.toString(), LambdaProject.GSON_VERSION, answer.get("gson").getAsString());
        assertTrue(answer.toString(), answer.get("gsonIsOwn").getAsBoolean());
        assertFalse("Gson 2.11+ (the platform's) is visible: " + answer, answer.get("seesNewerGson").getAsBoolean());
        assertFalse("platform classes are visible: " + answer, answer.get("seesPlatform").getAsBoolean());
        assertTrue(answer.toString(), answer.get("contextLoaderIsOwn").getAsBoolean());
    }

    @Test
    public void aShadedJarIsCreatedInvokedUpdatedAndDeleted() throws Exception {
        byte[] jar = project.shadedJar("r1");

        CreateFunctionResponse created = create(lambda, "orders", jar, LambdaProject.HANDLER);

        assertEquals("Active", created.stateAsString());
        assertEquals(sha256(jar), created.codeSha256());
        assertEquals(jar.length, created.codeSize().longValue());
        assertEquals("java17", created.runtimeAsString());
        JsonObject answer = call(lambda, "orders", null, null);
        assertSeesOnlyItsOwnLibraries(answer);
        assertEquals("/orders", answer.get("path").getAsString());
        assertEquals("r1", answer.get("revisionFromClass").getAsString());
        assertEquals("$LATEST", answer.get("executedVersion").getAsString());

        GetFunctionResponse function = lambda.getFunction(b -> b.functionName("orders"));
        assertEquals(sha256(jar), function.configuration().codeSha256());
        try (InputStream in = URI.create(function.code().location()).toURL().openStream()) {
            assertArrayEquals(jar, in.readAllBytes());
        }

        byte[] second = project.shadedJar("r2");
        UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(b -> b.functionName("orders")
                .zipFile(SdkBytes.fromByteArray(second)));
        assertEquals(sha256(second), updated.codeSha256());
        assertEquals("r2", call(lambda, "orders", null, null).get("revisionFromResource").getAsString());

        lambda.deleteFunction(b -> b.functionName("orders"));

        LambdaItSupport.assertAwsError("ResourceNotFoundException", 404,
                refused(() -> lambda.invoke(b -> b.functionName("orders"))));
        assertFalse(Files.exists(stratus.workingDirectory().resolve("data/deployer/functions/orders.json")));
        try (var stored = Files.list(stratus.workingDirectory().resolve("data/deployer/code"))) {
            for (Path file : stored.toList()) {
                assertFalse(Files.readAllBytes(file).length == jar.length && sha256(Files.readAllBytes(file)).equals(sha256(jar)));
            }
        }
    }

    @Test
    public void codeIsTakenFromABucketOfTheObjectStorage() throws Exception {
        byte[] jar = project.shadedJar("from-s3");
        try (S3Client s3 = StorageItSupport.s3(URI.create("http://127.0.0.1:" + stratus.awsPort()), "us-east-1",
                stratus.workingDirectory().resolve("data/credentials"))) {
            s3.createBucket(b -> b.bucket("code"));
            s3.putObject(b -> b.bucket("code").key("releases/orders.jar"), RequestBody.fromBytes(jar));
        }

        CreateFunctionResponse created = lambda.createFunction(b -> b.functionName("orders-s3").runtime(Runtime.JAVA17)
                .role(ROLE).handler(LambdaProject.HANDLER).timeout(30)
                .code(c -> c.s3Bucket("code").s3Key("releases/orders.jar")));

        assertEquals(sha256(jar), created.codeSha256());
        assertEquals("from-s3", call(lambda, "orders-s3", null, null).get("revisionFromClass").getAsString());
        AwsServiceException missingKey = refused(() -> lambda.updateFunctionCode(b -> b.functionName("orders-s3")
                .s3Bucket("code").s3Key("releases/none.jar")));
        LambdaItSupport.assertAwsError("InvalidParameterValueException", 400, missingKey);
        assertTrue(missingKey.getMessage(), missingKey.getMessage().contains("S3 Error Code: NoSuchKey"));
        LambdaItSupport.assertAwsError("InvalidParameterValueException", 400, refused(() -> lambda.createFunction(
                b -> b.functionName("orders-nobucket").runtime(Runtime.JAVA17).role(ROLE)
                        .handler(LambdaProject.HANDLER).code(c -> c.s3Bucket("no-such-bucket").s3Key("x.jar")))));
        assertEquals(sha256(jar), lambda.getFunction(b -> b.functionName("orders-s3")).configuration().codeSha256());
        lambda.deleteFunction(b -> b.functionName("orders-s3"));
    }

    @Test
    public void aLambdaZipWithLibrariesInLibRuns() throws Exception {
        byte[] zip = project.lambdaZip("zip-1");

        create(lambda, "orders-zip", zip, LambdaProject.HANDLER + "::handleRequest");

        JsonObject answer = call(lambda, "orders-zip", null, null);
        assertSeesOnlyItsOwnLibraries(answer);
        assertEquals("zip-1", answer.get("revisionFromClass").getAsString());
        lambda.deleteFunction(b -> b.functionName("orders-zip"));
    }

    @Test
    public void badUploadsAreRefusedAndLeaveNothingBehind() throws Exception {
        byte[] good = project.shadedJar("bad");
        Map<String, Runnable> uploads = new java.util.LinkedHashMap<>();
        uploads.put("not a zip", () -> create(lambda, "bad", "just text".getBytes(StandardCharsets.UTF_8),
                LambdaProject.HANDLER));
        uploads.put("handler missing", () -> create(lambda, "bad", good, "shop.Missing"));
        uploads.put("handler not a handler", () -> create(lambda, "bad", good, "shop.Revision"));
        uploads.put("handler method missing", () -> create(lambda, "bad", good, "shop.Orders::nothing"));
        uploads.put("unsupported runtime", () -> lambda.createFunction(b -> b.functionName("bad")
                .runtime(Runtime.PYTHON3_12).role(ROLE).handler(LambdaProject.HANDLER)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(good)))));
        uploads.put("unzips past 250 MB", () -> {
            try {
                create(lambda, "bad", LambdaProject.inflatingTo(262_144_000L, project.classes()), LambdaProject.HANDLER);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        uploads.put("code in a bucket that does not exist", () -> lambda.createFunction(b -> b.functionName("bad")
                .runtime(Runtime.JAVA17).role(ROLE).handler(LambdaProject.HANDLER)
                .code(c -> c.s3Bucket("nowhere").s3Key("app.jar"))));
        for (Map.Entry<String, Runnable> upload : uploads.entrySet()) {
            AwsServiceException e = refused(upload.getValue());
            assertEquals(upload.getKey() + ": " + e, "InvalidParameterValueException", e.awsErrorDetails().errorCode());
            assertEquals(upload.getKey(), 400, e.statusCode());
            LambdaItSupport.assertAwsError("ResourceNotFoundException", 404,
                    refused(() -> lambda.getFunction(b -> b.functionName("bad"))));
        }
        assertFalse(Files.exists(stratus.workingDirectory().resolve("data/deployer/functions/bad.json")));

        create(lambda, "taken", good, LambdaProject.HANDLER);
        byte[] other = project.shadedJar("other");
        AwsServiceException conflict = refused(() -> create(lambda, "taken", other, LambdaProject.HANDLER));
        LambdaItSupport.assertAwsError("ResourceConflictException", 409, conflict);
        assertEquals("bad", call(lambda, "taken", null, null).get("revisionFromClass").getAsString());
        AwsServiceException badUpdate = refused(() -> lambda.updateFunctionCode(b -> b.functionName("taken")
                .zipFile(SdkBytes.fromUtf8String("not a zip either"))));
        LambdaItSupport.assertAwsError("InvalidParameterValueException", 400, badUpdate);
        assertEquals(sha256(good), lambda.getFunction(b -> b.functionName("taken")).configuration().codeSha256());
        lambda.deleteFunction(b -> b.functionName("taken"));
    }

    @Test
    public void versionsAndAWeightedAliasRouteAsConfigured() throws Exception {
        create(lambda, "catalog", project.shadedJar("v1"), LambdaProject.HANDLER);
        PublishVersionResponse one = lambda.publishVersion(b -> b.functionName("catalog"));
        lambda.updateFunctionCode(b -> b.functionName("catalog").zipFile(SdkBytes.fromByteArray(
                uncheckedJar("v2"))));
        PublishVersionResponse two = lambda.publishVersion(b -> b.functionName("catalog").description("second"));
        assertEquals("1", one.version());
        assertEquals("2", two.version());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:catalog:2", two.functionArn());
        assertEquals("2", lambda.publishVersion(b -> b.functionName("catalog").description("second")).version());
        assertEquals(List.of("$LATEST", "1", "2"), lambda.listVersionsByFunction(b -> b.functionName("catalog"))
                .versions().stream().map(FunctionConfiguration::version).toList());

        assertEquals("v1", call(lambda, "catalog:1", null, null).get("revisionFromClass").getAsString());
        assertEquals("v2", call(lambda, "catalog", "2", null).get("revisionFromClass").getAsString());
        assertEquals("1", call(lambda, "catalog", "1", null).get("version").getAsString());

        CreateAliasResponse live = lambda.createAlias(b -> b.functionName("catalog").name("live").functionVersion("1")
                .routingConfig(r -> r.additionalVersionWeights(Map.of("2", 0.25))));
        assertEquals(Map.of("2", 0.25), live.routingConfig().additionalVersionWeights());
        AtomicInteger second = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            JsonObject answer = call(lambda, "catalog", "live", null);
            if (answer.get("revisionFromClass").getAsString().equals("v2")) {
                second.incrementAndGet();
                assertEquals("2", answer.get("executedVersion").getAsString());
            }
        }
        // binomial(1000, 0.25): sd 13.7; 60 is more than 4 of them
        assertTrue("version 2 ran " + second + " of 1000 times", Math.abs(second.get() - 250) < 60);

        lambda.updateAlias(b -> b.functionName("catalog").name("live").functionVersion("2")
                .routingConfig(r -> r.additionalVersionWeights(Map.of())));
        for (int i = 0; i < 20; i++) {
            assertEquals("v2", call(lambda, "catalog:live", null, null).get("revisionFromClass").getAsString());
        }
        assertEquals("2", lambda.getAlias(b -> b.functionName("catalog").name("live")).functionVersion());
        assertEquals(List.of("live"), lambda.listAliases(b -> b.functionName("catalog")).aliases().stream()
                .map(AliasConfiguration::name).toList());
        LambdaItSupport.assertAwsError("ResourceConflictException", 409, refused(() -> lambda.deleteFunction(b -> b
                .functionName("catalog").qualifier("2"))));
        LambdaItSupport.assertAwsError("ResourceConflictException", 409, refused(() -> lambda.createAlias(b -> b
                .functionName("catalog").name("live").functionVersion("1"))));
        LambdaItSupport.assertAwsError("ResourceNotFoundException", 404, refused(() -> lambda.createAlias(b -> b
                .functionName("catalog").name("later").functionVersion("9"))));

        lambda.deleteFunction(b -> b.functionName("catalog").qualifier("1"));
        LambdaItSupport.assertAwsError("ResourceNotFoundException", 404,
                refused(() -> call(lambda, "catalog", "1", null)));
        lambda.deleteAlias(b -> b.functionName("catalog").name("live"));
        LambdaItSupport.assertAwsError("ResourceNotFoundException", 404,
                refused(() -> lambda.getAlias(b -> b.functionName("catalog").name("live"))));
        lambda.deleteFunction(b -> b.functionName("catalog"));
    }

    @Test
    public void codeReplacedTwentyTimesUnderLoadDropsNoInvocation() throws Exception {
        create(lambda, "swap", project.shadedJar("0"), LambdaProject.HANDLER);
        List<byte[]> revisions = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            revisions.add(project.shadedJar(Integer.toString(i)));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Thread client = new Thread(() -> {
                int last = -1;
                try (LambdaClient own = client(stratus)) {
                    while (!stop.get()) {
                        try {
                            // every other call stays in the handler a moment, so swaps meet running invocations
                            JsonObject answer = call(own, "swap", null, calls.get() % 2 == 0 ? "sleep:5" : null);
                            int fromClass = Integer.parseInt(answer.get("revisionFromClass").getAsString());
                            int fromResource = Integer.parseInt(answer.get("revisionFromResource").getAsString());
                            if (fromClass != fromResource) {
                                failures.add("mixed revisions " + fromClass + " and " + fromResource);
                            }
                            if (fromClass < last) {
                                failures.add("revision went back from " + last + " to " + fromClass);
                            }
                            last = fromClass;
                            calls.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e.toString());
                        }
                    }
                }
            }, "swap-client-" + c);
            client.start();
            clients.add(client);
        }
        try {
            RuntimeItSupport.awaitTrue("the clients to be invoking", Duration.ofSeconds(30), () -> calls.get() > 20);
            for (int i = 0; i < revisions.size(); i++) {
                byte[] code = revisions.get(i);
                int before = calls.get();
                UpdateFunctionCodeResponse updated = lambda.updateFunctionCode(b -> b.functionName("swap")
                        .zipFile(SdkBytes.fromByteArray(code)));
                assertEquals(sha256(code), updated.codeSha256());
                int revision = i + 1;
                // the next answers come from this revision or a later one
                RuntimeItSupport.awaitTrue("invocations after swap " + revision, Duration.ofSeconds(30),
                        () -> calls.get() > before + 3);
            }
        } finally {
            stop.set(true);
            for (Thread client : clients) {
                client.join(60_000);
            }
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        assertEquals("20", call(lambda, "swap", null, null).get("revisionFromClass").getAsString());
        assertTrue("only " + calls + " invocations", calls.get() > 100);
        lambda.deleteFunction(b -> b.functionName("swap"));
    }

    @Test
    public void aPlainJarWithADescriptorInTheDeployFolderIsAFunction() throws Exception {
        Path deploy = stratus.workingDirectory().resolve("deploy");
        Files.createDirectories(deploy);
        Files.writeString(deploy.resolve("dropped.function.json"), "{\"FunctionName\":\"dropped\",\"Handler\":\""
                + LambdaProject.HANDLER + "\",\"Runtime\":\"java17\",\"Timeout\":20,"
                + "\"Environment\":{\"Variables\":{\"STAGE\":\"test\"}}}");
        drop(deploy, "dropped.jar", project.shadedJar("d1"));

        RuntimeItSupport.awaitActive(lambda, "dropped");
        assertEquals(20, lambda.getFunction(b -> b.functionName("dropped")).configuration().timeout().intValue());
        assertEquals("d1", call(lambda, "dropped", null, null).get("revisionFromClass").getAsString());

        byte[] second = project.shadedJar("d2");
        drop(deploy, "dropped.jar", second);
        RuntimeItSupport.awaitTrue("the replaced jar to run", Duration.ofSeconds(30),
                () -> sha256(second).equals(lambda.getFunction(b -> b.functionName("dropped")).configuration()
                        .codeSha256()));
        assertEquals("d2", call(lambda, "dropped", null, null).get("revisionFromClass").getAsString());

        Files.delete(deploy.resolve("dropped.jar"));
        RuntimeItSupport.awaitTrue("the function to go with its jar", Duration.ofSeconds(30), () -> {
            try {
                lambda.getFunction(b -> b.functionName("dropped"));
                return false;
            } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
                return true;
            }
        });
    }

    /* Written beside the folder and moved in, so FileInstall never sees half a jar. */
    private static void drop(Path deploy, String name, byte[] jar) throws IOException {
        Path partial = deploy.getParent().resolve(name + ".part");
        Files.write(partial, jar);
        Files.move(partial, deploy.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static byte[] uncheckedJar(String revision) {
        try {
            return project.shadedJar(revision);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
