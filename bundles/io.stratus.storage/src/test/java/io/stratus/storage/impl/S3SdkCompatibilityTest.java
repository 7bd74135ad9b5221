package io.stratus.storage.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The AWS SDK's S3Client (path-style, default checksums on) against the real front door and the
 * S3 API over a file store: every operation, and every bad input answered with S3's error and no
 * change on disk.
 */
public class S3SdkCompatibilityTest {

    private static final int MIB = 1024 * 1024;

    private S3Endpoint endpoint;

    @Before
    public void start() throws Exception {
        endpoint = new S3Endpoint(8L * MIB, 5L * MIB);
        endpoint.s3.createBucket(b -> b.bucket("photos"));
    }

    @After
    public void stop() throws Exception {
        endpoint.close();
    }

    private void put(String key, String content) {
        endpoint.s3.putObject(b -> b.bucket("photos").key(key), RequestBody.fromString(content));
    }

    private String get(String key) {
        return endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key(key)).asUtf8String();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    // ---- buckets

    @Test
    public void bucketsAreCreatedListedLocatedAndDeleted() {
        endpoint.s3.createBucket(b -> b.bucket("second.bucket-2"));

        assertEquals(List.of("photos", "second.bucket-2"),
                endpoint.s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
        endpoint.s3.headBucket(b -> b.bucket("second.bucket-2"));
        assertEquals("", endpoint.s3.getBucketLocation(b -> b.bucket("second.bucket-2")).locationConstraintAsString());

        endpoint.s3.deleteBucket(b -> b.bucket("second.bucket-2"));

        assertThrows(NoSuchBucketException.class, () -> endpoint.s3.headBucket(b -> b.bucket("second.bucket-2")));
        assertEquals(List.of("photos"), endpoint.s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
    }

    @Test
    public void creatingAnOwnedBucketAgainSucceedsInUsEast1Only() throws Exception {
        endpoint.s3.createBucket(b -> b.bucket("photos"));
        try (S3Endpoint europe = new S3Endpoint(MIB, MIB, "eu-west-1")) {
            europe.s3.createBucket(b -> b.bucket("mine"));
            assertEquals("eu-west-1", europe.s3.getBucketLocation(b -> b.bucket("mine")).locationConstraintAsString());
            assertThrows(BucketAlreadyOwnedByYouException.class, () -> europe.s3.createBucket(b -> b.bucket("mine")));
            S3Exception elsewhere = assertThrows(S3Exception.class, () -> europe.s3.createBucket(b -> b.bucket("other")
                    .createBucketConfiguration(c -> c.locationConstraint("ap-south-1"))));
            assertEquals("IllegalLocationConstraintException", elsewhere.awsErrorDetails().errorCode());
        }
    }

    @Test
    public void invalidBucketNamesAreRefusedAndCreateNothing() throws Exception {
        List<String> before = endpoint.files();
        for (String name : List.of("ab", "Upper", "under_score", "-start", "end-", "two..dots", "192.168.1.1",
                "xn--punycode", "a".repeat(64), "bucket-s3alias")) {
            // the SDK checks some rules itself, so the request is sent as is
            var answer = endpoint.raw("PUT", "/" + name, Map.of(), null);
            assertEquals(name, 400, answer.statusCode());
            assertTrue(name + ": " + answer.body(), answer.body().contains("<Code>InvalidBucketName</Code>"));
            assertTrue(answer.body().contains("<BucketName>" + name + "</BucketName>"));
        }
        assertEquals(before, endpoint.files());
    }

    @Test
    public void deletingABucketWithObjectsIsBucketNotEmpty() {
        put("a", "x");
        S3Exception e = assertThrows(S3Exception.class, () -> endpoint.s3.deleteBucket(b -> b.bucket("photos")));
        assertEquals("BucketNotEmpty", e.awsErrorDetails().errorCode());
        assertEquals(409, e.statusCode());
        assertEquals("x", get("a"));
    }

    @Test
    public void missingBucketIsNoSuchBucketEverywhere() {
        assertThrows(NoSuchBucketException.class, () -> endpoint.s3.listObjectsV2(b -> b.bucket("nope-bucket")));
        assertThrows(NoSuchBucketException.class, () -> endpoint.s3.putObject(b -> b.bucket("nope-bucket").key("k"),
                RequestBody.fromString("x")));
        assertThrows(NoSuchBucketException.class, () -> endpoint.s3.getObject(b -> b.bucket("nope-bucket").key("k")));
        assertThrows(NoSuchBucketException.class, () -> endpoint.s3.deleteBucket(b -> b.bucket("nope-bucket")));
        assertFalse(Files.exists(endpoint.data.resolve("storage/buckets/nope-bucket")));
    }

    // ---- objects

    @Test
    public void putThenGetReturnsBytesMetadataAndMd5ETag() throws Exception {
        byte[] bytes = "hello stratus".getBytes(StandardCharsets.UTF_8);
        PutObjectResponse put = endpoint.s3.putObject(b -> b.bucket("photos").key("greeting.txt")
                .contentType("text/plain").cacheControl("max-age=60").contentDisposition("inline")
                .metadata(Map.of("author", "ada", "mood", "fine")), RequestBody.fromBytes(bytes));

        assertEquals("\"" + md5(bytes) + "\"", put.eTag());
        ResponseBytes<GetObjectResponse> got = endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("greeting.txt"));
        assertArrayEquals(bytes, got.asByteArray());
        assertEquals("text/plain", got.response().contentType());
        assertEquals("max-age=60", got.response().cacheControl());
        assertEquals("inline", got.response().contentDisposition());
        assertEquals(Map.of("author", "ada", "mood", "fine"), got.response().metadata());
        assertEquals(put.eTag(), got.response().eTag());
        assertEquals(13L, got.response().contentLength().longValue());
        HeadObjectResponse head = endpoint.s3.headObject(b -> b.bucket("photos").key("greeting.txt"));
        assertEquals(put.eTag(), head.eTag());
        assertEquals(13L, head.contentLength().longValue());
        assertTrue(head.lastModified().isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    public void lastWriterWins() {
        put("k", "first");
        put("k", "second");
        assertEquals("second", get("k"));
        assertEquals(1, endpoint.s3.listObjectsV2(b -> b.bucket("photos")).keyCount().intValue());
    }

    @Test
    public void oddKeysRoundTripExactlyAndStayInsideTheBucket() throws Exception {
        List<String> keys = List.of("a/b/c.txt", "with space.txt", "percent%20literal%", "unicode/ünï😀.bin",
                "..dots..", "a/./b", "plus+sign", "/leading/slash", "trailing/", "x".repeat(1024));
        for (String key : keys) {
            put(key, "v:" + key);
        }
        for (String key : keys) {
            assertEquals(key, "v:" + key, get(key));
        }
        List<String> listed = endpoint.s3.listObjectsV2Paginator(b -> b.bucket("photos")).contents().stream()
                .map(S3Object::key).toList();
        assertEquals(keys.stream().sorted(FileObjectStore::compareKeys).toList(), listed);
        try (var files = Files.walk(endpoint.data)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                String rel = endpoint.data.relativize(file).toString();
                assertTrue(rel, rel.startsWith("storage/buckets/photos/") || rel.startsWith("storage/buckets/"));
                assertFalse(rel, rel.contains(" ") || rel.contains("%") || rel.contains(".."));
            });
        }
    }

    @Test
    public void tooLongKeyIsKeyTooLongError() throws Exception {
        List<String> before = endpoint.files();
        S3Exception e = assertThrows(S3Exception.class, () -> put("x".repeat(1025), "v"));
        assertEquals("KeyTooLongError", e.awsErrorDetails().errorCode());
        assertEquals(before, endpoint.files());
    }

    @Test
    public void traversalKeysAreRefusedAndWriteNothing() throws Exception {
        List<String> before = endpoint.files();
        for (String path : List.of("/photos/../x", "/photos/a/../../b", "/photos/%2e%2e/x", "/photos/a/%2E%2E/%2e%2e/b")) {
            var answer = endpoint.raw("PUT", path, Map.of(), "evil".getBytes());
            assertEquals(path, 400, answer.statusCode());
            assertTrue(path + ": " + answer.body(), answer.body().contains("<Code>InvalidArgument</Code>")
                    || answer.body().contains("<Code>InvalidURI</Code>") || answer.body().isEmpty());
        }
        assertEquals(before, endpoint.files());
        assertFalse(Files.exists(endpoint.data.resolve("x")));
        assertFalse(Files.exists(endpoint.data.resolve("storage/x")));
    }

    @Test
    public void missingKeyIsNoSuchKey() {
        NoSuchKeyException e = assertThrows(NoSuchKeyException.class,
                () -> endpoint.s3.getObject(b -> b.bucket("photos").key("missing")));
        assertEquals(404, e.statusCode());
        S3Exception head = assertThrows(S3Exception.class, () -> endpoint.s3.headObject(b -> b.bucket("photos").key("missing")));
        assertEquals(404, head.statusCode());
    }

    @Test
    public void rangedReadsServeTheRequestedBytes() {
        put("digits", "0123456789");
        assertEquals("234", range("bytes=2-4"));
        assertEquals("789", range("bytes=7-"));
        assertEquals("6789", range("bytes=-4"));
        assertEquals("89", range("bytes=8-100"));
        assertEquals("0123456789", range("bytes=-100"));
        GetObjectResponse response = endpoint.s3.getObject(b -> b.bucket("photos").key("digits").range("bytes=2-4"))
                .response();
        assertEquals("bytes 2-4/10", response.contentRange());
        assertEquals(3L, response.contentLength().longValue());
    }

    private String range(String range) {
        return endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("digits").range(range)).asUtf8String();
    }

    @Test
    public void unsatisfiableRangeIsInvalidRange() {
        put("digits", "0123456789");
        for (String range : List.of("bytes=10-", "bytes=20-30", "bytes=-0")) {
            S3Exception e = assertThrows(range, S3Exception.class,
                    () -> endpoint.s3.getObject(b -> b.bucket("photos").key("digits").range(range)));
            assertEquals(range, "InvalidRange", e.awsErrorDetails().errorCode());
            assertEquals(416, e.statusCode());
        }
    }

    @Test
    public void conditionalReadsFollowS3() {
        PutObjectResponse put = endpoint.s3.putObject(b -> b.bucket("photos").key("c"), RequestBody.fromString("v"));
        Instant modified = endpoint.s3.headObject(b -> b.bucket("photos").key("c")).lastModified();

        assertEquals("v", endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("c").ifMatch(put.eTag())).asUtf8String());
        S3Exception failed = assertThrows(S3Exception.class,
                () -> endpoint.s3.getObject(b -> b.bucket("photos").key("c").ifMatch("\"0000\"")));
        assertEquals(412, failed.statusCode());
        S3Exception notModified = assertThrows(S3Exception.class,
                () -> endpoint.s3.getObject(b -> b.bucket("photos").key("c").ifNoneMatch(put.eTag())));
        assertEquals(304, notModified.statusCode());
        S3Exception notModifiedSince = assertThrows(S3Exception.class,
                () -> endpoint.s3.getObject(b -> b.bucket("photos").key("c").ifModifiedSince(modified.plusSeconds(5))));
        assertEquals(304, notModifiedSince.statusCode());
        S3Exception modifiedSince = assertThrows(S3Exception.class,
                () -> endpoint.s3.getObject(b -> b.bucket("photos").key("c").ifUnmodifiedSince(modified.minusSeconds(5))));
        assertEquals(412, modifiedSince.statusCode());
        assertEquals("v", endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("c")
                .ifModifiedSince(modified.minusSeconds(5))).asUtf8String());
    }

    @Test
    public void responseOverridesReplaceHeaders() {
        put("o", "v");
        GetObjectResponse response = endpoint.s3.getObject(b -> b.bucket("photos").key("o")
                .responseContentType("application/x-custom").responseContentDisposition("attachment; filename=\"o.bin\"")
                .responseCacheControl("no-cache")).response();
        assertEquals("application/x-custom", response.contentType());
        assertEquals("attachment; filename=\"o.bin\"", response.contentDisposition());
        assertEquals("no-cache", response.cacheControl());
    }

    @Test
    public void deleteRemovesTheObject() {
        put("gone", "v");
        endpoint.s3.deleteObject(b -> b.bucket("photos").key("gone"));
        assertThrows(NoSuchKeyException.class, () -> endpoint.s3.getObject(b -> b.bucket("photos").key("gone")));
        // deleting what is not there succeeds, as in S3
        endpoint.s3.deleteObject(b -> b.bucket("photos").key("gone"));
    }

    @Test
    public void deleteObjectsDeletesEachKey() {
        put("a", "1");
        put("b", "2");
        put("c", "3");
        DeleteObjectsResponse response = endpoint.s3.deleteObjects(b -> b.bucket("photos").delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("never").build())));
        assertEquals(List.of("a", "b", "never"), response.deleted().stream().map(d -> d.key()).sorted().toList());
        assertEquals(List.of("c"), endpoint.s3.listObjectsV2(b -> b.bucket("photos")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    public void malformedDeleteObjectsIsMalformedXmlAndDeletesNothing() throws Exception {
        put("keep", "v");
        List<String> before = endpoint.files();
        for (String body : List.of("<Delete><Object><Key>keep</Key></Object>", "not xml", "<Delete></Delete>",
                "<Other><Object><Key>keep</Key></Object></Other>",
                "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>")) {
            var answer = endpoint.raw("POST", "/photos?delete", Map.of("Content-Type", "application/xml"),
                    body.getBytes(StandardCharsets.UTF_8));
            assertEquals(body, 400, answer.statusCode());
            assertTrue(body, answer.body().contains("<Code>MalformedXML</Code>"));
        }
        assertEquals(before, endpoint.files());
        assertEquals("v", get("keep"));
    }

    @Test
    public void copyObjectCopiesOrReplacesMetadata() {
        endpoint.s3.putObject(b -> b.bucket("photos").key("src").contentType("text/plain").metadata(Map.of("a", "1")),
                RequestBody.fromString("payload"));
        endpoint.s3.createBucket(b -> b.bucket("archive"));

        CopyObjectResponse copied = endpoint.s3.copyObject(b -> b.sourceBucket("photos").sourceKey("src")
                .destinationBucket("archive").destinationKey("copy 1"));
        HeadObjectResponse head = endpoint.s3.headObject(b -> b.bucket("archive").key("copy 1"));
        assertEquals(copied.copyObjectResult().eTag(), head.eTag());
        assertEquals("text/plain", head.contentType());
        assertEquals(Map.of("a", "1"), head.metadata());

        endpoint.s3.copyObject(b -> b.sourceBucket("photos").sourceKey("src").destinationBucket("photos")
                .destinationKey("src").metadataDirective(MetadataDirective.REPLACE).contentType("text/csv")
                .metadata(Map.of("b", "2")));
        HeadObjectResponse replaced = endpoint.s3.headObject(b -> b.bucket("photos").key("src"));
        assertEquals("text/csv", replaced.contentType());
        assertEquals(Map.of("b", "2"), replaced.metadata());
        assertEquals("payload", get("src"));
    }

    @Test
    public void copyOntoItselfWithoutChangesIsRefused() {
        put("same", "v");
        S3Exception e = assertThrows(S3Exception.class, () -> endpoint.s3.copyObject(b -> b.sourceBucket("photos")
                .sourceKey("same").destinationBucket("photos").destinationKey("same")));
        assertEquals("InvalidRequest", e.awsErrorDetails().errorCode());
        assertThrows(NoSuchKeyException.class, () -> endpoint.s3.copyObject(b -> b.sourceBucket("photos")
                .sourceKey("absent").destinationBucket("photos").destinationKey("x")));
    }

    // ---- listings

    @Test
    public void listObjectsV2PagesWithPrefixDelimiterAndStartAfter() {
        for (String key : List.of("a/1", "a/2", "b/1", "b/2/x", "c", "d")) {
            put(key, key);
        }
        ListObjectsV2Response root = endpoint.s3.listObjectsV2(b -> b.bucket("photos").delimiter("/"));
        assertEquals(List.of("c", "d"), root.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("a/", "b/"), root.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
        assertEquals(4, root.keyCount().intValue());

        ListObjectsV2Response underB = endpoint.s3.listObjectsV2(b -> b.bucket("photos").prefix("b/").delimiter("/"));
        assertEquals(List.of("b/1"), underB.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("b/2/"), underB.commonPrefixes().stream().map(CommonPrefix::prefix).toList());

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            ListObjectsV2Response page = endpoint.s3.listObjectsV2(b -> b.bucket("photos").delimiter("/").maxKeys(1)
                    .continuationToken(t));
            page.contents().forEach(o -> seen.add(o.key()));
            page.commonPrefixes().forEach(p -> seen.add(p.prefix()));
            token = page.nextContinuationToken();
            assertEquals(token != null, page.isTruncated());
            pages++;
        } while (token != null);
        assertEquals(List.of("a/", "b/", "c", "d"), seen);
        assertEquals(4, pages);

        assertEquals(List.of("b/2/x", "c", "d"), endpoint.s3.listObjectsV2(b -> b.bucket("photos").startAfter("b/1"))
                .contents().stream().map(S3Object::key).toList());
        assertEquals(0, endpoint.s3.listObjectsV2(b -> b.bucket("photos").maxKeys(0)).keyCount().intValue());
    }

    @Test
    public void urlEncodingTypeRoundTripsOddKeys() {
        put("sp ace/ü", "v");
        ListObjectsV2Response response = endpoint.s3.listObjectsV2(b -> b.bucket("photos").encodingType(EncodingType.URL));
        // the SDK decodes url-encoded answers itself
        assertEquals(List.of("sp ace/ü"), response.contents().stream().map(S3Object::key).toList());
    }

    @Test
    public void listObjectsV1UsesMarkers() {
        for (String key : List.of("k1", "k2", "k3")) {
            put(key, key);
        }
        ListObjectsResponse first = endpoint.s3.listObjects(b -> b.bucket("photos").maxKeys(2));
        assertEquals(List.of("k1", "k2"), first.contents().stream().map(S3Object::key).toList());
        assertTrue(first.isTruncated());
        ListObjectsResponse second = endpoint.s3.listObjects(b -> b.bucket("photos").marker("k2"));
        assertEquals(List.of("k3"), second.contents().stream().map(S3Object::key).toList());
        assertFalse(second.isTruncated());
    }

    @Test
    public void badMaxKeysIsInvalidArgument() throws Exception {
        var answer = endpoint.raw("GET", "/photos?list-type=2&max-keys=lots", Map.of(), null);
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("<Code>InvalidArgument</Code>"));
    }

    // ---- multipart

    @Test
    public void multipartUploadAssemblesPartsWithTheMultipartETag() throws Exception {
        byte[] part1 = new byte[5 * MIB];
        byte[] part2 = new byte[1234];
        new Random(1).nextBytes(part1);
        new Random(2).nextBytes(part2);
        CreateMultipartUploadResponse created = endpoint.s3.createMultipartUpload(b -> b.bucket("photos").key("big.bin")
                .contentType("application/x-big").metadata(Map.of("kind", "big")));
        String id = created.uploadId();
        UploadPartResponse r1 = endpoint.s3.uploadPart(b -> b.bucket("photos").key("big.bin").uploadId(id).partNumber(1),
                RequestBody.fromBytes(part1));
        UploadPartResponse r2 = endpoint.s3.uploadPart(b -> b.bucket("photos").key("big.bin").uploadId(id).partNumber(2),
                RequestBody.fromBytes(part2));
        assertEquals("\"" + md5(part1) + "\"", r1.eTag());

        ListPartsResponse parts = endpoint.s3.listParts(b -> b.bucket("photos").key("big.bin").uploadId(id));
        assertEquals(List.of(1, 2), parts.parts().stream().map(p -> p.partNumber()).toList());
        assertEquals(List.of((long) part1.length, 1234L), parts.parts().stream().map(p -> p.size()).toList());
        assertEquals(List.of(id), endpoint.s3.listMultipartUploads(b -> b.bucket("photos")).uploads().stream()
                .map(u -> u.uploadId()).toList());

        CompleteMultipartUploadResponse done = endpoint.s3.completeMultipartUpload(b -> b.bucket("photos").key("big.bin")
                .uploadId(id).multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build())));

        MessageDigest md5s = MessageDigest.getInstance("MD5");
        md5s.update(MessageDigest.getInstance("MD5").digest(part1));
        md5s.update(MessageDigest.getInstance("MD5").digest(part2));
        assertEquals("\"" + HexFormat.of().formatHex(md5s.digest()) + "-2\"", done.eTag());
        ResponseBytes<GetObjectResponse> whole = endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("big.bin"));
        byte[] expected = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, expected, 0, part1.length);
        System.arraycopy(part2, 0, expected, part1.length, part2.length);
        assertArrayEquals(expected, whole.asByteArray());
        assertEquals("application/x-big", whole.response().contentType());
        assertEquals(Map.of("kind", "big"), whole.response().metadata());
        // a range across the part boundary
        byte[] across = endpoint.s3.getObjectAsBytes(b -> b.bucket("photos").key("big.bin")
                .range("bytes=" + (part1.length - 3) + "-" + (part1.length + 2))).asByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(expected, part1.length - 3, part1.length + 3), across);
        assertTrue(endpoint.s3.listMultipartUploads(b -> b.bucket("photos")).uploads().isEmpty());
    }

    @Test
    public void smallNonLastPartIsEntityTooSmallAndBadPartsAreInvalidPart() {
        String id = endpoint.s3.createMultipartUpload(b -> b.bucket("photos").key("m")).uploadId();
        UploadPartResponse r1 = endpoint.s3.uploadPart(b -> b.bucket("photos").key("m").uploadId(id).partNumber(1),
                RequestBody.fromString("small"));
        UploadPartResponse r2 = endpoint.s3.uploadPart(b -> b.bucket("photos").key("m").uploadId(id).partNumber(2),
                RequestBody.fromString("last"));
        S3Exception small = assertThrows(S3Exception.class, () -> endpoint.s3.completeMultipartUpload(b -> b
                .bucket("photos").key("m").uploadId(id).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build(),
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build()))));
        assertEquals("EntityTooSmall", small.awsErrorDetails().errorCode());
        S3Exception wrongTag = assertThrows(S3Exception.class, () -> endpoint.s3.completeMultipartUpload(b -> b
                .bucket("photos").key("m").uploadId(id).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(1).eTag("\"deadbeef\"").build()))));
        assertEquals("InvalidPart", wrongTag.awsErrorDetails().errorCode());
        S3Exception order = assertThrows(S3Exception.class, () -> endpoint.s3.completeMultipartUpload(b -> b
                .bucket("photos").key("m").uploadId(id).multipartUpload(m -> m.parts(
                        CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build(),
                        CompletedPart.builder().partNumber(1).eTag(r1.eTag()).build()))));
        assertEquals("InvalidPartOrder", order.awsErrorDetails().errorCode());
        // a single (last) part may be small
        endpoint.s3.completeMultipartUpload(b -> b.bucket("photos").key("m").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(2).eTag(r2.eTag()).build())));
        assertEquals("last", get("m"));
    }

    @Test
    public void abortedUploadIsGone() {
        String id = endpoint.s3.createMultipartUpload(b -> b.bucket("photos").key("m")).uploadId();
        endpoint.s3.uploadPart(b -> b.bucket("photos").key("m").uploadId(id).partNumber(1), RequestBody.fromString("p"));
        endpoint.s3.abortMultipartUpload(b -> b.bucket("photos").key("m").uploadId(id));
        assertThrows(NoSuchUploadException.class, () -> endpoint.s3.listParts(b -> b.bucket("photos").key("m").uploadId(id)));
        assertThrows(NoSuchUploadException.class, () -> endpoint.s3.uploadPart(b -> b.bucket("photos").key("m")
                .uploadId("../../etc").partNumber(1), RequestBody.fromString("p")));
        assertThrows(NoSuchKeyException.class, () -> endpoint.s3.getObject(b -> b.bucket("photos").key("m")));
    }

    @Test
    public void uploadPartCopyTakesARangeOfAnObject() {
        put("source", "0123456789");
        String id = endpoint.s3.createMultipartUpload(b -> b.bucket("photos").key("assembled")).uploadId();
        UploadPartCopyResponse copied = endpoint.s3.uploadPartCopy(b -> b.sourceBucket("photos").sourceKey("source")
                .copySourceRange("bytes=2-5").destinationBucket("photos").destinationKey("assembled").uploadId(id)
                .partNumber(1));
        endpoint.s3.completeMultipartUpload(b -> b.bucket("photos").key("assembled").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1)
                        .eTag(copied.copyPartResult().eTag()).build())));
        assertEquals("2345", get("assembled"));
        S3Exception badRange = assertThrows(S3Exception.class, () -> endpoint.s3.uploadPartCopy(b -> b
                .sourceBucket("photos").sourceKey("source").copySourceRange("bytes=5-50").destinationBucket("photos")
                .destinationKey("assembled").uploadId(
                        endpoint.s3.createMultipartUpload(c -> c.bucket("photos").key("assembled")).uploadId())
                .partNumber(1)));
        assertEquals("InvalidArgument", badRange.awsErrorDetails().errorCode());
    }

    // ---- digests and sizes

    @Test
    public void wrongContentMd5IsBadDigestAndStoresNothing() throws Exception {
        List<String> before = endpoint.files();
        S3Exception e = assertThrows(S3Exception.class, () -> endpoint.s3.putObject(b -> b.bucket("photos").key("d")
                .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromString("not empty")));
        assertEquals("BadDigest", e.awsErrorDetails().errorCode());
        assertEquals(before, endpoint.files());
        assertThrows(NoSuchKeyException.class, () -> endpoint.s3.getObject(b -> b.bucket("photos").key("d")));
    }

    @Test
    public void checksumsTheSdkSendsAreVerifiedAndKept() {
        for (var algorithm : List.of(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32,
                software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C,
                software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA1,
                software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256)) {
            String key = "sum-" + algorithm;
            endpoint.s3.putObject(b -> b.bucket("photos").key(key).checksumAlgorithm(algorithm),
                    RequestBody.fromString("checked " + algorithm));
            assertEquals("checked " + algorithm, get(key));
            HeadObjectResponse head = endpoint.s3.headObject(b -> b.bucket("photos").key(key)
                    .checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
            String kept = switch (algorithm) {
                case CRC32 -> head.checksumCRC32();
                case CRC32_C -> head.checksumCRC32C();
                case SHA1 -> head.checksumSHA1();
                default -> head.checksumSHA256();
            };
            assertTrue(algorithm + " kept", kept != null && !kept.isEmpty());
        }
    }

    @Test
    public void wrongTrailingChecksumIsBadDigestAndStoresNothing() throws Exception {
        List<String> before = endpoint.files();
        String body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        var answer = endpoint.raw("PUT", "/photos/chunked", Map.of("Content-Encoding", "aws-chunked",
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-trailer", "x-amz-checksum-crc32",
                "x-amz-decoded-content-length", "5"), body.getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains("<Code>BadDigest</Code>"));
        assertEquals(before, endpoint.files());
    }

    @Test
    public void signedChunksAreDecoded() throws Exception {
        String body = "5;chunk-signature=" + "a".repeat(64) + "\r\nhello\r\n6;chunk-signature=" + "b".repeat(64)
                + "\r\n world\r\n0;chunk-signature=" + "c".repeat(64) + "\r\n\r\n";
        var answer = endpoint.raw("PUT", "/photos/signed", Map.of("Content-Encoding", "aws-chunked",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "x-amz-decoded-content-length", "11"),
                body.getBytes(StandardCharsets.US_ASCII));
        assertEquals(answer.body(), 200, answer.statusCode());
        assertEquals("hello world", get("signed"));
    }

    @Test
    public void payloadHashMismatchIsRefused() throws Exception {
        List<String> before = endpoint.files();
        var answer = endpoint.raw("PUT", "/photos/hashed", Map.of("x-amz-content-sha256", "0".repeat(64)),
                "content".getBytes());
        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("<Code>XAmzContentSHA256Mismatch</Code>"));
        assertEquals(before, endpoint.files());
    }

    @Test
    public void oversizeSinglePutIsEntityTooLargeAndStoresNothing() throws Exception {
        List<String> before = endpoint.files();
        byte[] big = new byte[8 * MIB + 1];
        S3Exception e = assertThrows(S3Exception.class, () -> endpoint.s3.putObject(b -> b.bucket("photos").key("huge"),
                RequestBody.fromBytes(big)));
        assertEquals("EntityTooLarge", e.awsErrorDetails().errorCode());
        assertEquals(before, endpoint.files());
    }

    @Test
    public void virtualHostStyleNamesTheBucketInTheHost() throws Exception {
        put("dir/vh", "virtual");
        java.net.URI uri = java.net.URI.create(endpoint.endpoint);
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write(("GET /dir/vh HTTP/1.1\r\nHost: photos.localhost:" + uri.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer, answer.startsWith("HTTP/1.1 200"));
            assertTrue(answer, answer.endsWith("virtual"));
        }
    }

    @Test
    public void presignedUrlsHaveTheirShapeAccepted() throws Exception {
        put("shared.txt", "presigned");
        try (software.amazon.awssdk.services.s3.presigner.S3Presigner presigner = software.amazon.awssdk.services.s3
                .presigner.S3Presigner.builder().endpointOverride(java.net.URI.create(endpoint.endpoint))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .build()) {
            java.net.URL url = presigner.presignGetObject(b -> b.signatureDuration(java.time.Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("photos").key("shared.txt"))).url();
            assertTrue(url.getQuery(), url.getQuery().contains("X-Amz-Signature="));
            var answer = endpoint.raw("GET", url.getPath() + "?" + url.getQuery(), Map.of(), null);
            assertEquals(200, answer.statusCode());
            assertEquals("presigned", answer.body());
            java.net.URL list = presigner.presignGetObject(b -> b.signatureDuration(java.time.Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("photos").key("missing"))).url();
            assertEquals(404, endpoint.raw("GET", list.getPath() + "?" + list.getQuery(), Map.of(), null).statusCode());
        }
    }
}
