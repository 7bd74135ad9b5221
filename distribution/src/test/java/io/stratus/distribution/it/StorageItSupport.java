package io.stratus.distribution.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Helpers of the storage ITs: an S3 client for the platform and the S3 transform example's jar. */
final class StorageItSupport {

    static final String TRANSFORM_JAR = "io.stratus.examples.s3transform.jar";

    private StorageItSupport() {
    }

    /**
     * An S3 client (path-style, the SDK's default checksums) signing with the credentials file's
     * default profile. It never retries, so that an acknowledged PUT is one request.
     */
    static S3Client s3(URI endpoint, String region, Path credentials) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default")
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Copies the S3 transform example into {@code deploy} the way FileInstall wants it: whole, at once. */
    static void dropTransform(Path deploy) throws java.io.IOException {
        Path source = Path.of(StratusTestSupport.required("stratus.test.functions"), TRANSFORM_JAR);
        Files.createDirectories(deploy);
        Path partial = deploy.resolve("." + TRANSFORM_JAR + ".part");
        Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, deploy.resolve(TRANSFORM_JAR), StandardCopyOption.ATOMIC_MOVE);
    }
}
