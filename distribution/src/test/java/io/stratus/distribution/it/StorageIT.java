package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 API on the platform's AWS endpoint, through the SDK's S3Client, and where objects are kept. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT extends StratusTestSupport {

    private S3Client s3() {
        return StorageItSupport.s3(awsEndpoint(), property("stratus.region"), Path.of(property("stratus.credentials.file")));
    }

    @Test
    public void objectsRoundTripWithOddKeysThroughTheEndpoint() throws Exception {
        awaitHealthy();
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket("it-bucket"));
            // "//" and "%" need the endpoint's lenient URI handling; the rest is plain UTF-8
            List<String> keys = List.of("a//b", "100% sure", "ü/😀 x.txt", "/leading", "dots..x");
            for (String key : keys) {
                s3.putObject(b -> b.bucket("it-bucket").key(key).contentType("text/plain"), RequestBody.fromString("v " + key));
            }
            for (String key : keys) {
                assertEquals("v " + key, s3.getObjectAsBytes(b -> b.bucket("it-bucket").key(key)).asUtf8String());
            }
            assertEquals(keys.stream().sorted().toList(), s3.listObjectsV2(b -> b.bucket("it-bucket")).contents().stream()
                    .map(S3Object::key).sorted().toList());
            assertEquals("sure", s3.getObjectAsBytes(b -> b.bucket("it-bucket").key("100% sure").range("bytes=-4"))
                    .asUtf8String());
            for (String key : keys) {
                s3.deleteObject(b -> b.bucket("it-bucket").key(key));
            }
            assertThrows(NoSuchKeyException.class, () -> s3.getObject(b -> b.bucket("it-bucket").key("a//b")));
            s3.deleteBucket(b -> b.bucket("it-bucket"));
            assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket("it-bucket")));
        }
    }

    @Test
    public void multipartUploadAndRangedReadThroughTheEndpoint() throws Exception {
        awaitHealthy();
        byte[] first = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(first);
        byte[] last = "the end".getBytes(StandardCharsets.UTF_8);
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket("it-multipart"));
            String id = s3.createMultipartUpload(b -> b.bucket("it-multipart").key("big")).uploadId();
            String e1 = s3.uploadPart(b -> b.bucket("it-multipart").key("big").uploadId(id).partNumber(1),
                    RequestBody.fromBytes(first)).eTag();
            String e2 = s3.uploadPart(b -> b.bucket("it-multipart").key("big").uploadId(id).partNumber(2),
                    RequestBody.fromBytes(last)).eTag();
            String eTag = s3.completeMultipartUpload(b -> b.bucket("it-multipart").key("big").uploadId(id)
                    .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                            CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();
            assertTrue(eTag, eTag.endsWith("-2\""));
            byte[] tail = s3.getObjectAsBytes(b -> b.bucket("it-multipart").key("big")
                    .range("bytes=" + (first.length - 2) + "-")).asByteArray();
            byte[] expected = new byte[2 + last.length];
            System.arraycopy(first, first.length - 2, expected, 0, 2);
            System.arraycopy(last, 0, expected, 2, last.length);
            assertArrayEquals(expected, tail);
            assertEquals(first.length + last.length,
                    s3.headObject(b -> b.bucket("it-multipart").key("big")).contentLength().longValue());
        }
    }

    @Test
    public void objectFilesAreNamedByHashUnderTheDataDirectory() throws Exception {
        awaitHealthy();
        try (S3Client s3 = s3()) {
            s3.createBucket(b -> b.bucket("it-layout"));
            software.amazon.awssdk.core.exception.SdkException refused = assertThrows(
                    software.amazon.awssdk.core.exception.SdkException.class,
                    () -> s3.putObject(b -> b.bucket("it-layout").key("../../escape"), RequestBody.fromString("x")));
            // refused before the body is read (no 100 Continue): the URL-connection client reports that
            // either as S3's 400 or, when the answer beats its body write, as a failed body write
            if (refused instanceof software.amazon.awssdk.services.s3.model.S3Exception s3Error) {
                assertEquals(400, s3Error.statusCode());
            } else {
                assertTrue(refused.toString(), String.valueOf(refused.getMessage()).contains("Error writing request body"));
            }
            s3.putObject(b -> b.bucket("it-layout").key("kept/..name/x y"), RequestBody.fromString("x"));
        }
        Path objects = dataDirectory().resolve("storage/buckets/it-layout/objects");
        try (var files = Files.list(objects)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size());
            assertTrue(names.get(0), names.get(0).matches("[0-9a-f]{64}"));
        }
        assertTrue(Files.notExists(dataDirectory().resolve("storage/escape")));
        assertTrue(Files.notExists(dataDirectory().resolve("escape")));
    }
}
