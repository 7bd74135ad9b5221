package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Functions act with their role: each execution environment gets the temporary credentials of the
 * function's role in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN; without a role,
 * those of the default role, which may only write the function's own logs.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FunctionRoleIT extends IamItSupport {

    static final String TRUST_LAMBDA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    /** The credentials the function saw in its environment. */
    private StaticCredentialsProvider credentialsOf(String function) {
        JsonObject seen = JsonParser.parseString(text(invoke(function, "{}"))).getAsJsonObject();
        String keyId = seen.get("AWS_ACCESS_KEY_ID").getAsString();
        assertTrue(keyId, keyId.startsWith("ASIA"));
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(keyId,
                seen.get("AWS_SECRET_ACCESS_KEY").getAsString(), seen.get("AWS_SESSION_TOKEN").getAsString()));
    }

    @Test
    public void aFunctionWithoutARoleActsWithTheDefaultRoleAndCannotReadAnything() throws Exception {
        deployTestFunctions("env-b");
        StaticCredentialsProvider credentials = credentialsOf("env-b");
        try (StsClient sts = sts(credentials); LambdaClient asFunction = lambda(credentials); IamClient iam = iam(credentials)) {
            assertEquals("arn:aws:sts::000000000000:assumed-role/stratus-lambda-basic-execution/env-b",
                    sts.getCallerIdentity().arn());
            assertAwsError("AccessDeniedException", 403, assertThrows(AwsServiceException.class, asFunction::listFunctions));
            assertAwsError("AccessDeniedException", 403, assertThrows(AwsServiceException.class,
                    () -> asFunction.getFunction(b -> b.functionName("env-b"))));
            assertAwsError("AccessDenied", 403, assertThrows(AwsServiceException.class, iam::listUsers));
        }
    }

    @Test
    public void aFunctionMayDoExactlyWhatItsRoleAllowsAndNothingWithoutItsTrust() throws Exception {
        deployTestFunctions("env-a", "env-b");
        try (IamClient root = rootIam()) {
            String roleArn = root.createRole(b -> b.roleName("env-reader").assumeRolePolicyDocument(TRUST_LAMBDA)).role().arn();
            root.putRolePolicy(b -> b.roleName("env-reader").policyName("read-env-a").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"lambda:GetFunction\","
                            + "\"Resource\":\"" + arn("env-a") + "\"}]}"));
            lambda.updateFunctionConfiguration(b -> b.functionName("env-a").role(roleArn));
        }
        StaticCredentialsProvider credentials = credentialsOf("env-a");
        try (StsClient sts = sts(credentials); LambdaClient asFunction = lambda(credentials)) {
            assertEquals("arn:aws:sts::000000000000:assumed-role/env-reader/env-a", sts.getCallerIdentity().arn());
            assertEquals("env-a", asFunction.getFunction(b -> b.functionName("env-a")).configuration().functionName());
            assertAwsError("AccessDeniedException", 403, assertThrows(AwsServiceException.class,
                    () -> asFunction.getFunction(b -> b.functionName("env-b"))));
            assertAwsError("AccessDeniedException", 403, assertThrows(AwsServiceException.class, asFunction::listFunctions));
        }

        // a role that does not trust lambda.amazonaws.com gives the function no credentials at all
        try (IamClient root = rootIam()) {
            String untrusting = root.createRole(b -> b.roleName("not-for-lambda").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"000000000000\"},"
                            + "\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
            lambda.updateFunctionConfiguration(b -> b.functionName("env-a").role(untrusting));
        }
        JsonObject seen = JsonParser.parseString(text(invoke("env-a", "{}"))).getAsJsonObject();
        assertTrue(seen.toString(), !seen.has("AWS_ACCESS_KEY_ID") || seen.get("AWS_ACCESS_KEY_ID").isJsonNull());
        assertTrue(seen.toString(), !seen.has("AWS_SESSION_TOKEN") || seen.get("AWS_SESSION_TOKEN").isJsonNull());
    }
}
