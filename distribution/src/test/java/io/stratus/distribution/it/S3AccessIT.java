package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.distribution.it.StratusTestSupport.HttpAnswer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 under IAM: every operation is authorized as its AWS action on the bucket's or object's ARN, for
 * functions acting with their role and for users; refusals of unsigned, wrongly signed, tampered,
 * expired-presigned and skewed requests answer in S3's XML error shape and store nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class S3AccessIT extends IamItSupport {

    private static final String TRUST_LAMBDA = FunctionRoleIT.TRUST_LAMBDA;

    private S3Client s3(AwsCredentialsProvider credentials) {
        return S3Client.builder().endpointOverride(awsEndpoint()).region(Region.of(property("stratus.region")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private S3Client rootS3() {
        return s3(StaticCredentialsProvider.create(rootCredentials()));
    }

    private S3Presigner presigner(AwsCredentials credentials) {
        return S3Presigner.builder().endpointOverride(awsEndpoint()).region(Region.of(property("stratus.region")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    /** The credentials of the function's role, as the function saw them in its environment. */
    private StaticCredentialsProvider credentialsOf(String function) {
        JsonObject seen = JsonParser.parseString(text(invoke(function, "{}"))).getAsJsonObject();
        String keyId = seen.get("AWS_ACCESS_KEY_ID").getAsString();
        assertTrue(keyId, keyId.startsWith("ASIA"));
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId,
                seen.get("AWS_SECRET_ACCESS_KEY").getAsString(), seen.get("AWS_SESSION_TOKEN").getAsString()));
    }

    private static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static void assertDenied(Runnable call) {
        assertAwsError("AccessDenied", 403, assertThrows(AwsServiceException.class, call::run));
    }

    /** An S3 error document: {@code <Error><Code>code</Code>...}. */
    private static void assertS3Error(String what, int status, String code, HttpAnswer answer) {
        assertEquals(what + ": " + answer.body(), status, answer.status());
        assertTrue(what + ": " + answer.body(), answer.body().contains("<Error>"));
        assertTrue(what + ": " + answer.body(), answer.body().contains("<Code>" + code + "</Code>"));
    }

    /** A request sent exactly as given: method, URL, headers and body. */
    private static HttpAnswer send(String method, URI uri, Map<String, List<String>> headers, byte[] body)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(20_000);
        connection.setRequestMethod(method);
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                connection.setRequestProperty(name, String.join(",", values));
            }
        });
        if (body != null) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        try (InputStream in = stream) {
            return new HttpAnswer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void aFunctionMayPutWhereItsRoleAllowsAndNowhereElse() throws Exception {
        deployTestFunctions("env-a");
        try (S3Client root = rootS3(); IamClient iam = rootIam()) {
            root.createBucket(b -> b.bucket("role-a"));
            root.createBucket(b -> b.bucket("role-b"));
            String roleArn = iam.createRole(b -> b.roleName("s3-put-a").assumeRolePolicyDocument(TRUST_LAMBDA)).role().arn();
            iam.putRolePolicy(b -> b.roleName("s3-put-a").policyName("put-into-a").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\","
                            + "\"Resource\":\"arn:aws:s3:::role-a/*\"}]}"));
            lambda.updateFunctionConfiguration(b -> b.functionName("env-a").role(roleArn));

            try (S3Client asFunction = s3(credentialsOf("env-a"))) {
                asFunction.putObject(b -> b.bucket("role-a").key("out/result.txt"), RequestBody.fromString("done"));
                assertEquals("done", root.getObjectAsBytes(b -> b.bucket("role-a").key("out/result.txt")).asUtf8String());

                assertDenied(() -> asFunction.putObject(b -> b.bucket("role-b").key("out/result.txt"),
                        RequestBody.fromString("not here")));
                assertEquals(List.of(), keys(root, "role-b"));
                // put only: reading back, listing or deleting are other actions
                assertDenied(() -> asFunction.getObject(b -> b.bucket("role-a").key("out/result.txt")));
                assertDenied(() -> asFunction.listObjectsV2(b -> b.bucket("role-a")));
                assertDenied(() -> asFunction.deleteObject(b -> b.bucket("role-a").key("out/result.txt")));
                // a copy also reads its source, which the role may not
                assertDenied(() -> asFunction.copyObject(b -> b.sourceBucket("role-a").sourceKey("out/result.txt")
                        .destinationBucket("role-a").destinationKey("copy.txt")));
                assertEquals(List.of("out/result.txt"), keys(root, "role-a"));
            }
        }
    }

    @Test
    public void aFunctionWithTheDefaultRoleCannotReadAnyBucket() throws Exception {
        deployTestFunctions("env-b");
        try (S3Client root = rootS3()) {
            root.createBucket(b -> b.bucket("private"));
            root.putObject(b -> b.bucket("private").key("secret.txt"), RequestBody.fromString("secret"));
            try (S3Client asFunction = s3(credentialsOf("env-b"))) {
                assertDenied(() -> asFunction.getObject(b -> b.bucket("private").key("secret.txt")));
                assertDenied(() -> asFunction.listObjectsV2(b -> b.bucket("private")));
                assertDenied(asFunction::listBuckets);
                assertDenied(() -> asFunction.putObject(b -> b.bucket("private").key("secret.txt"),
                        RequestBody.fromString("overwritten")));
                AwsServiceException head = assertThrows(AwsServiceException.class,
                        () -> asFunction.headObject(b -> b.bucket("private").key("secret.txt")));
                assertEquals(403, head.statusCode());
            }
            assertEquals("secret", root.getObjectAsBytes(b -> b.bucket("private").key("secret.txt")).asUtf8String());
        }
    }

    @Test
    public void aReadOnlyUserCanListAndGetButNotPutOrDelete() throws Exception {
        AccessKey key;
        try (IamClient iam = rootIam(); S3Client root = rootS3()) {
            iam.createUser(b -> b.userName("s3-reader"));
            iam.putUserPolicy(b -> b.userName("s3-reader").policyName("read-only").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"s3:Get*\",\"s3:List*\"],\"Resource\":\"*\"}]}"));
            key = iam.createAccessKey(b -> b.userName("s3-reader")).accessKey();
            root.createBucket(b -> b.bucket("shelf"));
            root.putObject(b -> b.bucket("shelf").key("book.txt"), RequestBody.fromString("once upon a time"));
        }
        try (S3Client reader = s3(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()))); S3Client root = rootS3()) {
            assertTrue(reader.listBuckets().buckets().stream().anyMatch(b -> b.name().equals("shelf")));
            assertEquals(List.of("book.txt"), keys(reader, "shelf"));
            assertEquals("once upon a time", reader.getObjectAsBytes(b -> b.bucket("shelf").key("book.txt")).asUtf8String());
            assertEquals(16L, reader.headObject(b -> b.bucket("shelf").key("book.txt")).contentLength().longValue());
            assertEquals("", reader.getBucketLocation(b -> b.bucket("shelf")).locationConstraintAsString());

            assertDenied(() -> reader.putObject(b -> b.bucket("shelf").key("book.txt"), RequestBody.fromString("rewritten")));
            assertDenied(() -> reader.deleteObject(b -> b.bucket("shelf").key("book.txt")));
            assertDenied(() -> reader.deleteObjects(b -> b.bucket("shelf").delete(d -> d.objects(o -> o.key("book.txt")))));
            assertDenied(() -> reader.copyObject(b -> b.sourceBucket("shelf").sourceKey("book.txt")
                    .destinationBucket("shelf").destinationKey("copy.txt")));
            assertDenied(() -> reader.createBucket(b -> b.bucket("new-shelf")));
            assertDenied(() -> reader.deleteBucket(b -> b.bucket("shelf")));
            assertDenied(() -> reader.createMultipartUpload(b -> b.bucket("shelf").key("big")));

            assertEquals(List.of("book.txt"), keys(root, "shelf"));
            assertEquals("once upon a time", root.getObjectAsBytes(b -> b.bucket("shelf").key("book.txt")).asUtf8String());
            assertTrue(root.listBuckets().buckets().stream().noneMatch(b -> b.name().equals("new-shelf")));
        }
    }

    @Test
    public void listingsAreAuthorizedWithTheirPrefix() throws Exception {
        AccessKey key;
        try (IamClient iam = rootIam(); S3Client root = rootS3()) {
            iam.createUser(b -> b.userName("s3-public-lister"));
            iam.putUserPolicy(b -> b.userName("s3-public-lister").policyName("public-listing").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                            + "\"Resource\":\"arn:aws:s3:::archive\",\"Condition\":{\"StringLike\":{\"s3:prefix\":\"public/*\"}}}]}"));
            key = iam.createAccessKey(b -> b.userName("s3-public-lister")).accessKey();
            root.createBucket(b -> b.bucket("archive"));
            root.putObject(b -> b.bucket("archive").key("public/a.txt"), RequestBody.fromString("a"));
            root.putObject(b -> b.bucket("archive").key("private/b.txt"), RequestBody.fromString("b"));
        }
        try (S3Client lister = s3(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))) {
            assertEquals(List.of("public/a.txt"), lister.listObjectsV2(b -> b.bucket("archive").prefix("public/"))
                    .contents().stream().map(S3Object::key).toList());
            assertDenied(() -> lister.listObjectsV2(b -> b.bucket("archive")));
            assertDenied(() -> lister.listObjectsV2(b -> b.bucket("archive").prefix("private/")));
        }
    }

    @Test
    public void presignedUrlsWorkUntilTheyExpire() throws Exception {
        try (S3Client root = rootS3(); S3Presigner presigner = presigner(rootCredentials())) {
            root.createBucket(b -> b.bucket("shared"));
            byte[] content = "handed over by URL".getBytes(StandardCharsets.UTF_8);
            URI put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(b -> b.bucket("shared").key("drop box/file.txt"))).url().toURI();
            HttpAnswer stored = send("PUT", put, Map.of(), content);
            assertEquals(stored.body(), 200, stored.status());
            assertArrayEquals(content, root.getObjectAsBytes(b -> b.bucket("shared").key("drop box/file.txt")).asByteArray());

            URI get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(b -> b.bucket("shared").key("drop box/file.txt"))).url().toURI();
            HttpAnswer read = send("GET", get, Map.of(), null);
            assertEquals(200, read.status());
            assertEquals("handed over by URL", read.body());

            // signed an hour ago for one minute
            Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
            URI object = URI.create(awsEndpoint() + "/shared/drop%20box/file.txt");
            SdkHttpRequest expired = Signing.sign("GET", object, Map.of(), null, rootCredentials(), "s3",
                    property("stratus.region"), past, Duration.ofMinutes(1));
            assertS3Error("expired presigned GET", 403, "AccessDenied", send("GET", expired.getUri(), Map.of(), null));
            SdkHttpRequest expiredPut = Signing.sign("PUT", URI.create(awsEndpoint() + "/shared/late.txt"), Map.of(), null,
                    rootCredentials(), "s3", property("stratus.region"), past, Duration.ofMinutes(1));
            assertS3Error("expired presigned PUT", 403, "AccessDenied", send("PUT", expiredPut.getUri(), Map.of(), content));
            assertEquals(List.of("drop box/file.txt"), keys(root, "shared"));
        }
    }

    @Test
    public void unsignedWronglySignedAndSkewedRequestsAreRefusedInS3Xml() throws Exception {
        try (S3Client root = rootS3()) {
            root.createBucket(b -> b.bucket("guarded"));
            root.putObject(b -> b.bucket("guarded").key("kept.txt"), RequestBody.fromString("kept"));
        }
        URI object = URI.create(awsEndpoint() + "/guarded/kept.txt");
        String region = property("stratus.region");
        byte[] body = "replaced".getBytes(StandardCharsets.UTF_8);

        assertS3Error("unsigned GET", 403, "AccessDenied", send("GET", object, Map.of(), null));
        assertS3Error("unsigned PUT", 403, "AccessDenied", send("PUT", object, Map.of(), body));
        assertS3Error("unsigned ListBuckets", 403, "AccessDenied", send("GET", awsEndpoint().resolve("/"), Map.of(), null));

        AwsCredentials root = rootCredentials();
        AwsCredentials wrongSecret = AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey() + "x");
        SdkHttpRequest forged = Signing.sign("PUT", object, Map.of(), body, wrongSecret, "s3", region, Clock.systemUTC(), null);
        assertS3Error("wrong secret", 403, "SignatureDoesNotMatch", send("PUT", forged.getUri(), forged.headers(), body));

        SdkHttpRequest unknown = Signing.sign("GET", object, Map.of(), null, AwsBasicCredentials.create("AKIANOSUCHKEY0000000",
                "secret"), "s3", region, Clock.systemUTC(), null);
        assertS3Error("unknown key", 403, "InvalidAccessKeyId", send("GET", unknown.getUri(), unknown.headers(), null));

        for (Duration skew : List.of(Duration.ofMinutes(20), Duration.ofMinutes(-20))) {
            SdkHttpRequest skewed = Signing.sign("PUT", object, Map.of(), body, root, "s3", region,
                    Clock.fixed(Instant.now().plus(skew), ZoneOffset.UTC), null);
            assertS3Error("skewed " + skew, 403, "RequestTimeTooSkewed", send("PUT", skewed.getUri(), skewed.headers(), body));
        }

        // signed for one body, sent with another of the same length
        SdkHttpRequest signed = Signing.sign("PUT", object, Map.of(), body, root, "s3", region, Clock.systemUTC(), null);
        HttpAnswer swapped = send("PUT", signed.getUri(), signed.headers(), "REPLACED".getBytes(StandardCharsets.UTF_8));
        assertS3Error("body other than signed", 400, "XAmzContentSHA256Mismatch", swapped);

        try (S3Client s3 = rootS3()) {
            assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket("guarded").key("kept.txt")).asUtf8String());
            assertEquals(List.of("kept.txt"), keys(s3, "guarded"));
        }
    }

    /** A streaming upload signed chunk by chunk with the SDK's signer: the body as it goes on the wire. */
    private SignedRequest signChunked(URI uri, byte[] content) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(uri)
                .putHeader("Content-Length", Integer.toString(content.length))
                .putHeader("Content-Type", "text/plain").build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(rootCredentials()).request(request)
                .payload(ContentStreamProvider.fromByteArray(content))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, property("stratus.region"))
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    }

    private static byte[] wire(SignedRequest signed) throws IOException {
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    public void aStreamingUploadIsStoredOnlyWhenEveryChunkSignatureMatches() throws Exception {
        try (S3Client root = rootS3()) {
            root.createBucket(b -> b.bucket("streams"));
        }
        byte[] content = new byte[200 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + i % 26);
        }
        URI object = URI.create(awsEndpoint() + "/streams/signed.txt");
        SignedRequest signed = signChunked(object, content);
        assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                signed.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
        byte[] wire = wire(signed);

        // one data byte changed in transit: its chunk's signature no longer matches
        byte[] tampered = wire.clone();
        int data = new String(wire, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2 + 1000;
        tampered[data] = (byte) (tampered[data] == 'x' ? 'y' : 'x');
        assertS3Error("tampered chunk", 403, "SignatureDoesNotMatch", send("PUT", object, signed.request().headers(), tampered));
        try (S3Client root = rootS3()) {
            assertEquals(List.of(), keys(root, "streams"));
        }

        HttpAnswer stored = send("PUT", object, signed.request().headers(), wire);
        assertEquals(stored.body(), 200, stored.status());
        try (S3Client root = rootS3()) {
            assertArrayEquals(content, root.getObjectAsBytes(b -> b.bucket("streams").key("signed.txt")).asByteArray());
        }
    }
}
