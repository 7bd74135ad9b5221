package io.stratus.examples.transform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;

import io.stratus.function.api.BucketNotification;
import io.stratus.function.api.Function;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * For each object created in bucket {@code incoming}, writes its text upper-cased to bucket
 * {@code processed} under the same key, with the AWS SDK for Java v2 S3 client against the
 * platform's own endpoint ({@code AWS_ENDPOINT_URL}). It acts with role {@code s3-transform}, which
 * must exist, trust {@code lambda.amazonaws.com} and allow {@code s3:GetObject} on
 * {@code incoming/*} and {@code s3:PutObject} on {@code processed/*} (see the README).
 */
@Function(name = "s3-transform", memorySize = 256, timeout = 30,
        role = "arn:aws:iam::000000000000:role/s3-transform",
        description = "Upper-cases each text object created in 'incoming' into 'processed'")
@BucketNotification(bucket = "incoming", events = "s3:ObjectCreated:*")
public class UpperCaseTransform implements RequestHandler<S3Event, String> {

    static final String TARGET_BUCKET = "processed";

    private final S3Client s3 = S3Client.builder()
            .endpointOverride(URI.create(env("AWS_ENDPOINT_URL", "http://localhost:4566")))
            .region(Region.of(env("AWS_REGION", "us-east-1")))
            .forcePathStyle(true)
            .credentialsProvider(credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    @Override
    public String handleRequest(S3Event event, Context context) {
        int written = 0;
        for (S3EventNotificationRecord record : event.getRecords()) {
            String bucket = record.getS3().getBucket().getName();
            // event keys are form-encoded ("red flower.txt" arrives as "red+flower.txt")
            String key = URLDecoder.decode(record.getS3().getObject().getKey(), StandardCharsets.UTF_8);
            String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
            s3.putObject(b -> b.bucket(TARGET_BUCKET).key(key).contentType("text/plain; charset=utf-8")
                    .metadata(java.util.Map.of("source", bucket + "/" + key)),
                    RequestBody.fromString(text.toUpperCase(Locale.ROOT)));
            context.getLogger().log("transformed " + bucket + "/" + key + " into " + TARGET_BUCKET + "/" + key);
            written++;
        }
        return written + " object(s) transformed";
    }

    /**
     * The function's own credentials when the platform gives it some (AWS_ACCESS_KEY_ID, ...),
     * else unsigned requests, which the endpoint refuses (403 AccessDenied): the role is then missing
     * or does not trust lambda.amazonaws.com.
     */
    static AwsCredentialsProvider credentials() {
        String id = System.getenv("AWS_ACCESS_KEY_ID");
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return AnonymousCredentialsProvider.create();
        }
        String token = System.getenv("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, token));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
