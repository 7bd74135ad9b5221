package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.Before;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.stratus.runtime.api.InvocationRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * Bad requests get AWS's error (code, status, message) and change nothing: an invocation refused
 * never reaches a handler, a configuration refused leaves GetFunctionConfiguration as it was.
 *
 * <p>Out-of-range memory and timeout are {@code ValidationException} (400), as AWS answers them
 * from its request model ("1 validation error detected: Value '127' at 'memorySize' ..."); the 4 KB
 * environment limit and reserved variables are {@code InvalidParameterValueException} (400).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BadInputIT extends LambdaItSupport {

    private static final Duration RECORD = Duration.ofSeconds(10);
    private static final int SIX_MB = 6 * 1024 * 1024;

    @Before
    public void functionsAreDeployed() throws Exception {
        deployTestFunctions("echo", "echo-stream", "env-b");
    }

    // ---- Invoke

    @Test
    public void malformedJsonPayloadIsInvalidRequestContent() {
        InvalidRequestContentException e = assertThrows(InvalidRequestContentException.class,
                () -> invoke("echo", "{\"unclosed\": "));

        assertAwsError("InvalidRequestContentException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage()
                .startsWith("Could not parse request body into json: Could not parse payload into json"));
    }

    @Test
    public void trailingGarbageAfterJsonIsInvalidRequestContent() {
        InvalidRequestContentException e = assertThrows(InvalidRequestContentException.class,
                () -> invoke("echo", "{\"a\":1} and more"));

        assertAwsError("InvalidRequestContentException", 400, e);
    }

    @Test
    public void refusedInvocationsNeverReachAHandler() throws Exception {
        try (Invocations records = recordInvocations()) {
            assertThrows(InvalidRequestContentException.class, () -> invoke("echo-stream", "not json"));
            assertThrows(LambdaException.class, () -> lambda.invoke(b -> b.functionName("echo-stream")
                    .invocationType("Sometimes").payload(SdkBytes.fromUtf8String("{}"))));
            assertThrows(RequestTooLargeException.class, () -> lambda.invoke(b -> b.functionName("echo-stream")
                    .payload(SdkBytes.fromUtf8String(jsonString(SIX_MB + 1)))));

            // records arrive in the order invocations end: one valid call afterwards flushes any earlier one
            String marker = requestId(invoke("echo-stream", "{\"marker\":true}"));
            List<InvocationRecord> seen = records.until(marker, RECORD);

            assertEquals(describe(seen, InvocationRecord::requestId), 1, seen.size());
        }
    }

    @Test
    public void unknownFunctionIsResourceNotFoundWithItsArn() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, () -> invoke("nope", "{}"));

        assertAwsError("ResourceNotFoundException", 404, e);
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    public void unknownFunctionIsNotFoundForEveryOperation() {
        for (ThrowingRunnable call : List.<ThrowingRunnable>of(
                () -> lambda.getFunction(b -> b.functionName("nope")),
                () -> lambda.getFunctionConfiguration(b -> b.functionName("nope")),
                () -> lambda.updateFunctionConfiguration(b -> b.functionName("nope").memorySize(256)),
                () -> lambda.putFunctionEventInvokeConfig(b -> b.functionName("nope").maximumRetryAttempts(1)))) {
            ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class, call);
            assertAwsError("ResourceNotFoundException", 404, e);
            assertEquals("Function not found: " + arn("nope"), e.awsErrorDetails().errorMessage());
        }
    }

    @Test
    public void unpublishedVersionIsNotFoundWithTheQualifiedArn() {
        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> lambda.invoke(b -> b.functionName("echo").qualifier("7").payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("ResourceNotFoundException", 404, e);
        assertEquals("Function not found: " + arn("echo") + ":7", e.awsErrorDetails().errorMessage());
    }

    @Test
    public void payloadOverSixMegabytesIsRequestTooLarge() {
        RequestTooLargeException e = assertThrows(RequestTooLargeException.class, () -> lambda.invoke(
                b -> b.functionName("echo-stream").payload(SdkBytes.fromUtf8String(jsonString(SIX_MB + 1)))));

        assertAwsError("RequestTooLargeException", 413, e);
        assertEquals("Request must be smaller than 6291456 bytes for the InvokeFunction operation",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    public void payloadOfExactlySixMegabytesIsAccepted() {
        String payload = jsonString(SIX_MB);

        InvokeResponse response = lambda.invoke(b -> b.functionName("echo-stream")
                .payload(SdkBytes.fromUtf8String(payload)));

        assertEquals(null, response.functionError());
        assertEquals(SIX_MB, response.payload().asByteArray().length);
    }

    @Test
    public void unknownInvocationTypeIsRefused() {
        LambdaException e = assertThrows(LambdaException.class, () -> lambda.invoke(
                b -> b.functionName("echo").invocationType("Sometimes").payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("InvalidParameterValueException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("Value 'Sometimes' at 'invocationType'"));
    }

    @Test
    public void unknownLogTypeIsRefused() {
        LambdaException e = assertThrows(LambdaException.class, () -> lambda.invoke(
                b -> b.functionName("echo").logType("Everything").payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("InvalidParameterValueException", 400, e);
    }

    @Test
    public void clientContextThatIsNotBase64JsonIsRefused() {
        LambdaException e = assertThrows(LambdaException.class, () -> lambda.invoke(
                b -> b.functionName("echo").clientContext("%%%").payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("InvalidRequestContentException", 400, e);
        assertEquals("Client context must be a valid Base64-encoded JSON object.", e.awsErrorDetails().errorMessage());
    }

    @Test
    public void malformedFunctionNameIsAValidationError() {
        LambdaException e = assertThrows(LambdaException.class, () -> invoke("no spaces!", "{}"));

        assertAwsError("ValidationException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("at 'functionName'"));
    }

    // ---- UpdateFunctionConfiguration

    @Test
    public void memoryBelow128IsRefusedAndChangesNothing() {
        LambdaException e = refusedUpdate(b -> b.memorySize(127));

        assertAwsError("ValidationException", 400, e);
        assertEquals("1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 128", e.awsErrorDetails().errorMessage());
    }

    @Test
    public void memoryAbove10240IsRefusedAndChangesNothing() {
        LambdaException e = refusedUpdate(b -> b.memorySize(10241));

        assertAwsError("ValidationException", 400, e);
        assertEquals("1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value less than or equal to 10240", e.awsErrorDetails().errorMessage());
    }

    @Test
    public void timeoutZeroIsRefusedAndChangesNothing() {
        LambdaException e = refusedUpdate(b -> b.timeout(0));

        assertAwsError("ValidationException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("Value '0' at 'timeout'"));
    }

    @Test
    public void timeoutAbove900IsRefusedAndChangesNothing() {
        LambdaException e = refusedUpdate(b -> b.timeout(901));

        assertAwsError("ValidationException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains(
                "Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"));
    }

    @Test
    public void validMemoryIsNotAppliedWhenTheTimeoutInTheSameRequestIsRefused() {
        LambdaException e = refusedUpdate(b -> b.memorySize(512).timeout(901));

        assertAwsError("ValidationException", 400, e);
    }

    @Test
    public void environmentOverFourKilobytesIsRefusedAndChangesNothing() throws Exception {
        InvalidParameterValueException e = (InvalidParameterValueException) refusedUpdate(
                b -> b.environment(env -> env.variables(Map.of("COLOR", "x".repeat(4100)))));

        assertAwsError("InvalidParameterValueException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("exceeded the 4KB limit"));
        // what the function sees is unchanged too
        assertEquals("blue", json(invoke("env-b", "{}")).get("COLOR").getAsString());
    }

    @Test
    public void reservedEnvironmentVariableIsRefusedAndChangesNothing() {
        InvalidParameterValueException e = (InvalidParameterValueException) refusedUpdate(
                b -> b.environment(env -> env.variables(Map.of("AWS_REGION", "eu-west-1", "COLOR", "green"))));

        assertAwsError("InvalidParameterValueException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage()
                .endsWith("Reserved keys used in this request: AWS_REGION"));
    }

    @Test
    public void environmentKeyNotStartingWithALetterIsRefused() {
        LambdaException e = refusedUpdate(b -> b.environment(env -> env.variables(Map.of("1COLOR", "green"))));

        assertAwsError("ValidationException", 400, e);
    }

    @Test
    public void malformedRoleIsRefused() {
        LambdaException e = refusedUpdate(b -> b.role("not-an-arn"));

        assertAwsError("ValidationException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("at 'role'"));
    }

    // ---- event invoke config

    @Test
    public void eventInvokeConfigWithThreeRetriesIsRefusedAndNoneIsCreated() {
        LambdaException e = assertThrows(LambdaException.class, () -> lambda.putFunctionEventInvokeConfig(
                b -> b.functionName("echo").maximumRetryAttempts(3)));

        assertAwsError("ValidationException", 400, e);
        assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains(
                "Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: "
                        + "Member must have value less than or equal to 2"));
        ResourceNotFoundException none = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionEventInvokeConfig(b -> b.functionName("echo")));
        assertAwsError("ResourceNotFoundException", 404, none);
    }

    @Test
    public void eventAgeOutsideSixtySecondsToSixHoursIsRefused() {
        for (int age : new int[] {59, 21601}) {
            LambdaException e = assertThrows(LambdaException.class, () -> lambda.putFunctionEventInvokeConfig(
                    b -> b.functionName("echo").maximumEventAgeInSeconds(age)));
            assertAwsError("ValidationException", 400, e);
            assertTrue(e.getMessage(), e.awsErrorDetails().errorMessage().contains("at 'maximumEventAgeInSeconds'"));
        }
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionEventInvokeConfig(b -> b.functionName("echo")));
    }

    // ----

    /**
     * Runs an update of env-b that must be refused, and checks GetFunctionConfiguration answers
     * exactly as before it (RevisionId and LastModified included).
     */
    private LambdaException refusedUpdate(Consumer<UpdateFunctionConfigurationRequest.Builder> change) {
        GetFunctionConfigurationResponse before = lambda.getFunctionConfiguration(b -> b.functionName("env-b"));

        LambdaException e = assertThrows(LambdaException.class,
                () -> lambda.updateFunctionConfiguration(b -> change.accept(b.functionName("env-b"))));

        GetFunctionConfigurationResponse after = lambda.getFunctionConfiguration(b -> b.functionName("env-b"));
        assertEquals(before.toString(), after.toString());
        assertEquals(before.revisionId(), after.revisionId());
        assertEquals(before.lastModified(), after.lastModified());
        assertEquals(Integer.valueOf(128), after.memorySize());
        assertEquals(Integer.valueOf(3), after.timeout());
        assertEquals(Map.of("COLOR", "blue"), after.environment().variables());
        return e;
    }

    /** A JSON string of exactly {@code bytes} bytes, quotes included. */
    private static String jsonString(int bytes) {
        return "\"" + "a".repeat(bytes - 2) + "\"";
    }
}
