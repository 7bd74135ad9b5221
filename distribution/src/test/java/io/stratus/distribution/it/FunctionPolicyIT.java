package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Lambda resource policies on the running platform: S3 accepts a bucket notification to a function
 * only when the function's policy (AddPermission) lets s3.amazonaws.com invoke it for that bucket,
 * as on AWS; GetPolicy shows the policy and RemovePermission takes the permission back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FunctionPolicyIT extends RuntimeItSupport {

    private static final String BUCKET = "policy-it";

    private S3Client s3;
    private String functionArn;

    @Before
    public void deployAndCreateTheBucket() throws Exception {
        deployTestFunctions("counter");
        functionArn = "arn:aws:lambda:" + property("stratus.region") + ":" + property("stratus.account")
                + ":function:counter";
        s3 = StorageItSupport.s3(awsEndpoint(), property("stratus.region"),
                Path.of(property("stratus.credentials.file")));
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @After
    public void removeTheBucketAndThePolicy() {
        if (s3 != null) {
            s3.putBucketNotificationConfiguration(b -> b.bucket(BUCKET).notificationConfiguration(n -> n
                    .lambdaFunctionConfigurations(List.of())));
            s3.deleteBucket(b -> b.bucket(BUCKET));
            s3.close();
        }
        try {
            JsonObject policy = JsonParser.parseString(lambda.getPolicy(b -> b.functionName("counter")).policy())
                    .getAsJsonObject();
            policy.getAsJsonArray("Statement").forEach(statement -> lambda.removePermission(b -> b
                    .functionName("counter").statementId(statement.getAsJsonObject().get("Sid").getAsString())));
        } catch (ResourceNotFoundException noPolicy) {
            // nothing to take back
        }
    }

    private void configure() {
        s3.putBucketNotificationConfiguration(b -> b.bucket(BUCKET).notificationConfiguration(n -> n
                .lambdaFunctionConfigurations(LambdaFunctionConfiguration.builder().id("to-counter")
                        .lambdaFunctionArn(functionArn).events(Event.S3_OBJECT_CREATED).build())));
    }

    private void allowS3(String statementId, String bucket) {
        lambda.addPermission(b -> b.functionName("counter").statementId(statementId).action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com").sourceArn("arn:aws:s3:::" + bucket)
                .sourceAccount(property("stratus.account")));
    }

    private void assertRefused() {
        S3Exception refused = assertThrows(S3Exception.class, this::configure);
        assertEquals(400, refused.statusCode());
        assertEquals("InvalidArgument", refused.awsErrorDetails().errorCode());
        assertEquals("Unable to validate the following destination configurations",
                refused.awsErrorDetails().errorMessage());
        assertEquals(List.of(), s3.getBucketNotificationConfiguration(b -> b.bucket(BUCKET))
                .lambdaFunctionConfigurations());
    }

    @Test
    public void aNotificationNeedsThePermissionForThatBucket() {
        assertRefused();
        allowS3("other-bucket", "some-other-bucket");
        assertRefused();

        allowS3("this-bucket", BUCKET);
        configure();

        assertEquals(List.of("to-counter"), s3.getBucketNotificationConfiguration(b -> b.bucket(BUCKET))
                .lambdaFunctionConfigurations().stream().map(LambdaFunctionConfiguration::id).toList());
    }

    @Test
    public void getPolicyShowsThePermissionAndRemovePermissionTakesItBack() {
        allowS3("this-bucket", BUCKET);

        JsonObject policy = JsonParser.parseString(lambda.getPolicy(b -> b.functionName("counter")).policy())
                .getAsJsonObject();
        JsonObject statement = policy.getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("this-bucket", statement.get("Sid").getAsString());
        assertEquals("s3.amazonaws.com", statement.getAsJsonObject("Principal").get("Service").getAsString());
        assertEquals(functionArn, statement.get("Resource").getAsString());
        assertTrue(statement.toString(), statement.getAsJsonObject("Condition").getAsJsonObject("ArnLike")
                .get("AWS:SourceArn").getAsString().equals("arn:aws:s3:::" + BUCKET));

        lambda.removePermission(b -> b.functionName("counter").statementId("this-bucket"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(b -> b.functionName("counter")));
        assertRefused();
    }
}
