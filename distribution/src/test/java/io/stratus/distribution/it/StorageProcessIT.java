package io.stratus.distribution.it;

import static io.stratus.distribution.it.RuntimeItSupport.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;

import io.stratus.durable.DurableFiles;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Storage under {@code kill -9}: every acknowledged PUT reads back byte for byte after a restart,
 * no object is ever partial and no temp file is left; and the event of an acknowledged PUT reaches
 * its function after the restart (at least once).
 */
public class StorageProcessIT {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private static S3Client s3(StratusProcess stratus) {
        return StorageItSupport.s3(URI.create("http://127.0.0.1:" + stratus.awsPort()), "us-east-1",
                stratus.workingDirectory().resolve("data/credentials"));
    }

    /** The role the transform declares, created before it is deployed, as the README says. */
    private static void createTransformRole(StratusProcess stratus) {
        try (IamClient iam = StorageItSupport.iam(URI.create("http://127.0.0.1:" + stratus.awsPort()),
                stratus.workingDirectory().resolve("data/credentials"))) {
            StorageItSupport.createTransformRole(iam);
        }
    }

    private static Path directory(String name) throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        return Files.createTempDirectory(work, name + "-");
    }

    /** The bytes written under a key: derived from the key, so any version on disk can be checked. */
    private static byte[] content(String key) {
        Random random = new Random(key.hashCode());
        byte[] bytes = new byte[1 + random.nextInt(256 * 1024)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    public void acknowledgedPutsSurviveAKillDuringConcurrentPuts() throws Exception {
        Path directory = directory("StorageCrashIT");
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        StratusProcess first = StratusProcess.start(directory, Map.of());
        try {
            first.awaitBanner(READY);
            try (S3Client s3 = s3(first)) {
                s3.createBucket(b -> b.bucket("crash"));
                ExecutorService writers = Executors.newFixedThreadPool(8);
                AtomicBoolean stop = new AtomicBoolean();
                CountDownLatch enough = new CountDownLatch(200);
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    writers.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String key = "t" + thread + "/object " + i;
                            try {
                                s3.putObject(b -> b.bucket("crash").key(key), RequestBody.fromBytes(content(key)));
                                acknowledged.put(key, true);
                                enough.countDown();
                            } catch (RuntimeException e) {
                                return; // the platform is gone
                            }
                        }
                    });
                }
                assertTrue("200 PUTs acknowledged", enough.await(120, TimeUnit.SECONDS));
                first.kill();
                stop.set(true);
                writers.shutdown();
                assertTrue(writers.awaitTermination(60, TimeUnit.SECONDS));
            }
        } finally {
            first.kill();
        }

        try (StratusProcess second = first.restart(Map.of())) {
            second.awaitBanner(READY);
            try (var walk = Files.walk(directory.resolve("data/storage"))) {
                assertEquals(List.of(), walk.filter(p -> p.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX))
                        .map(Path::toString).toList());
            }
            try (S3Client s3 = s3(second)) {
                for (String key : acknowledged.keySet()) {
                    assertArrayEquals(key, content(key), s3.getObjectAsBytes(b -> b.bucket("crash").key(key)).asByteArray());
                }
                // what is listed is whole: acknowledged, or a write that completed just before the kill
                List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket("crash")).contents().stream().toList();
                assertTrue(listed.size() >= acknowledged.size());
                for (S3Object object : listed) {
                    assertEquals(object.key(), content(object.key()).length, object.size().longValue());
                    assertArrayEquals(object.key(), content(object.key()),
                            s3.getObjectAsBytes(b -> b.bucket("crash").key(object.key())).asByteArray());
                }
            }
        }
    }

    @Test
    public void theEventOfAnAcknowledgedPutReachesItsFunctionAfterAKill() throws Exception {
        Path directory = directory("StorageEventIT");
        Path deploy = directory.resolve("deploy");
        Path events = directory.resolve("data/storage/events");
        StratusProcess first = StratusProcess.start(directory, Map.of());
        try {
            first.awaitBanner(READY);
            createTransformRole(first);
            StorageItSupport.dropTransform(deploy);
            try (LambdaClient lambda = RuntimeItSupport.lambdaClient(URI.create("http://127.0.0.1:" + first.awsPort()),
                    "us-east-1", directory.resolve("data/credentials")); S3Client s3 = s3(first)) {
                RuntimeItSupport.awaitActive(lambda, "s3-transform");
                s3.createBucket(b -> b.bucket("incoming"));
                s3.createBucket(b -> b.bucket("processed"));
                // as on AWS, the function first lets S3 invoke it for the bucket
                lambda.addPermission(b -> b.functionName("s3-transform").statementId("s3-incoming")
                        .action("lambda:InvokeFunction").principal("s3.amazonaws.com")
                        .sourceArn("arn:aws:s3:::incoming").sourceAccount("000000000000"));
                s3.putBucketNotificationConfiguration(b -> b.bucket("incoming").notificationConfiguration(n -> n
                        .lambdaFunctionConfigurations(c -> c.id("late-notes").events(Event.S3_OBJECT_CREATED_PUT)
                                .lambdaFunctionArn("arn:aws:lambda:us-east-1:000000000000:function:s3-transform"))));
                // the function goes away, so the event of the next PUT can only wait in the storage's queue
                Files.delete(deploy.resolve(StorageItSupport.TRANSFORM_JAR));
                await("s3-transform to be undeployed", READY, () -> {
                    try {
                        lambda.getFunction(b -> b.functionName("s3-transform"));
                        return null;
                    } catch (ResourceNotFoundException e) {
                        return Boolean.TRUE;
                    }
                });
                s3.putObject(b -> b.bucket("incoming").key("late note.txt"), RequestBody.fromString("written before the kill"));
                try (var queued = Files.list(events)) {
                    assertEquals(1, queued.filter(p -> p.toString().endsWith(".json")).count());
                }
            }
        } finally {
            first.kill();
        }
        try (StratusProcess second = first.restart(Map.of())) {
            second.awaitBanner(READY);
            StorageItSupport.dropTransform(deploy);
            try (S3Client s3 = s3(second)) {
                String processed = await("the transform of the object written before the kill", DELIVERY,
                        () -> s3.getObjectAsBytes(b -> b.bucket("processed").key("late note.txt")).asUtf8String());
                assertEquals("WRITTEN BEFORE THE KILL", processed);
            }
            RuntimeItSupport.awaitTrue("the delivered event to leave the queue", DELIVERY, () -> {
                try (var queued = Files.list(events)) {
                    return queued.noneMatch(p -> p.toString().endsWith(".json"));
                }
            });
        }
    }

    @Test
    public void uploadingToIncomingWritesTheTransformToProcessed() throws Exception {
        Path directory = directory("StorageTransformIT");
        try (StratusProcess stratus = StratusProcess.start(directory, Map.of())) {
            stratus.awaitBanner(READY);
            createTransformRole(stratus);
            StorageItSupport.dropTransform(directory.resolve("deploy"));
            try (LambdaClient lambda = RuntimeItSupport.lambdaClient(URI.create("http://127.0.0.1:" + stratus.awsPort()),
                    "us-east-1", directory.resolve("data/credentials")); S3Client s3 = s3(stratus)) {
                RuntimeItSupport.awaitActive(lambda, "s3-transform");
                s3.createBucket(b -> b.bucket("incoming"));
                s3.createBucket(b -> b.bucket("processed"));

                s3.putObject(b -> b.bucket("incoming").key("notes/red flower.txt"),
                        RequestBody.fromString("an image lands in bucket A", StandardCharsets.UTF_8));

                String processed = await("the transformed object in bucket processed", DELIVERY,
                        () -> s3.getObjectAsBytes(b -> b.bucket("processed").key("notes/red flower.txt")).asUtf8String());
                assertEquals("AN IMAGE LANDS IN BUCKET A", processed);
                assertEquals("incoming/notes/red flower.txt", s3.headObject(b -> b.bucket("processed")
                        .key("notes/red flower.txt")).metadata().get("source"));
            }
        }
    }
}
