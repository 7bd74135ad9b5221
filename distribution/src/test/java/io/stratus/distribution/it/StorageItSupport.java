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
import software.amazon.awssdk.services.iam.IamClient;
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

    /** The role the S3 transform example declares ({@code @Function(role = ...)}). */
    static final String TRANSFORM_ROLE = "s3-transform";
    static final String TRUST_LAMBDA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** Least privilege for the transform: read what lands in incoming, write into processed. */
    static final String TRANSFORM_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::incoming/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::processed/*\"}]}";

    /** An IAM client signing with the credentials file's default profile (the root key). */
    static IamClient iam(URI endpoint, Path credentials) {
        return IamClient.builder()
                .endpointOverride(endpoint)
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default")
                        .build())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates the transform's role as the README does: trusted by Lambda, least privilege. */
    static void createTransformRole(IamClient iam) {
        iam.createRole(b -> b.roleName(TRANSFORM_ROLE).assumeRolePolicyDocument(TRUST_LAMBDA));
        iam.putRolePolicy(b -> b.roleName(TRANSFORM_ROLE).policyName("incoming-to-processed")
                .policyDocument(TRANSFORM_POLICY));
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
