package io.stratus.distribution.it;

import java.nio.file.Path;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** What the IAM, STS and authentication ITs share: SDK clients of the three services for any credentials. */
public abstract class IamItSupport extends LambdaItSupport {

    protected AwsCredentials rootCredentials() {
        return Signing.root(Path.of(property("stratus.credentials.file")));
    }

    protected IamClient iam(AwsCredentialsProvider credentials) {
        return IamClient.builder().endpointOverride(awsEndpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    protected StsClient sts(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(awsEndpoint()).region(Region.of(property("stratus.region")))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    protected LambdaClient lambda(AwsCredentialsProvider credentials) {
        return LambdaClient.builder().endpointOverride(awsEndpoint()).region(Region.of(property("stratus.region")))
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    protected IamClient rootIam() {
        return iam(StaticCredentialsProvider.create(rootCredentials()));
    }

    static StaticCredentialsProvider session(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
    }
}
