package io.stratus.lambda.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.google.gson.JsonObject;

import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;

public class LambdaDocumentsTest {

    private static FunctionInfo info(FunctionSpec spec, FunctionState state, String reason, String reasonCode,
            Integer reserved, EventInvokeConfig config) {
        return new FunctionInfo(spec, "arn:aws:lambda:us-east-1:123456789012:function:" + spec.name(), state, reason,
                reasonCode, 7L, "com.example.hello", "1.0.0", "abc=", 4096L, Instant.parse("2026-11-25T10:00:00Z"),
                reserved, config);
    }

    private static final FunctionSpec SPEC = new FunctionSpec("hello", "com.example.Hello", 512, 30,
            Map.of("B", "2", "A", "1"), "arn:aws:iam::123456789012:role/hello-role", "says hello");

    @Test
    public void configurationHasEveryMemberLambdaReports() {
        JsonObject json = LambdaDocuments.configuration(info(SPEC, FunctionState.Active, null, null, null,
                EventInvokeConfig.DEFAULT));

        assertEquals("hello", json.get("FunctionName").getAsString());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:hello", json.get("FunctionArn").getAsString());
        assertEquals("java17", json.get("Runtime").getAsString());
        assertEquals("arn:aws:iam::123456789012:role/hello-role", json.get("Role").getAsString());
        assertEquals("com.example.Hello", json.get("Handler").getAsString());
        assertEquals(4096, json.get("CodeSize").getAsLong());
        assertEquals("says hello", json.get("Description").getAsString());
        assertEquals(30, json.get("Timeout").getAsInt());
        assertEquals(512, json.get("MemorySize").getAsInt());
        assertEquals("2026-11-25T10:00:00.000+0000", json.get("LastModified").getAsString());
        assertEquals("abc=", json.get("CodeSha256").getAsString());
        assertEquals("$LATEST", json.get("Version").getAsString());
        assertEquals("{\"A\":\"1\",\"B\":\"2\"}", json.getAsJsonObject("Environment").get("Variables").toString());
        assertEquals("PassThrough", json.getAsJsonObject("TracingConfig").get("Mode").getAsString());
        assertEquals("Active", json.get("State").getAsString());
        assertFalse(json.has("StateReason"));
        assertFalse(json.has("StateReasonCode"));
        assertEquals("Successful", json.get("LastUpdateStatus").getAsString());
        assertEquals("Zip", json.get("PackageType").getAsString());
        assertEquals("[\"x86_64\"]", json.get("Architectures").toString());
        assertEquals(512, json.getAsJsonObject("EphemeralStorage").get("Size").getAsInt());
        assertEquals("Text", json.getAsJsonObject("LoggingConfig").get("LogFormat").getAsString());
        assertEquals("/aws/lambda/hello", json.getAsJsonObject("LoggingConfig").get("LogGroup").getAsString());
        assertTrue(json.get("RevisionId").getAsString().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }

    @Test
    public void aFailedFunctionSaysWhy() {
        JsonObject json = LambdaDocuments.configuration(info(SPEC, FunctionState.Failed,
                "Unable to resolve bundle: missing requirement com.example.missing", "InvalidConfiguration", null,
                EventInvokeConfig.DEFAULT));

        assertEquals("Failed", json.get("State").getAsString());
        assertEquals("Unable to resolve bundle: missing requirement com.example.missing", json.get("StateReason").getAsString());
        assertEquals("InvalidConfiguration", json.get("StateReasonCode").getAsString());
    }

    @Test
    public void withoutVariablesOrRoleThoseMembersAreLeftOut() {
        FunctionSpec bare = new FunctionSpec("bare", "com.example.Bare", 128, 3, Map.of(), null, null);

        JsonObject json = LambdaDocuments.configuration(info(bare, FunctionState.Active, null, null, null,
                EventInvokeConfig.DEFAULT));

        assertFalse(json.has("Environment"));
        assertFalse(json.has("Role"));
        assertEquals("", json.get("Description").getAsString());
    }

    @Test
    public void theRevisionIdIsStableAndFollowsTheConfiguration() {
        String first = LambdaDocuments.configuration(info(SPEC, FunctionState.Active, null, null, null, null))
                .get("RevisionId").getAsString();
        String again = LambdaDocuments.configuration(info(SPEC, FunctionState.Active, null, null, null, null))
                .get("RevisionId").getAsString();
        FunctionSpec bigger = new FunctionSpec("hello", "com.example.Hello", 1024, 30, SPEC.environment(), SPEC.role(),
                SPEC.description());
        String changed = LambdaDocuments.configuration(info(bigger, FunctionState.Active, null, null, null, null))
                .get("RevisionId").getAsString();

        assertEquals(first, again);
        assertNotEquals(first, changed);
    }

    @Test
    public void getFunctionHasCodeConcurrencyWhenReservedAndTags() {
        JsonObject json = LambdaDocuments.function(info(SPEC, FunctionState.Active, null, null, 5,
                EventInvokeConfig.DEFAULT), "http://localhost:4566/2015-03-31/functions/hello/code");

        assertEquals("hello", json.getAsJsonObject("Configuration").get("FunctionName").getAsString());
        assertEquals("S3", json.getAsJsonObject("Code").get("RepositoryType").getAsString());
        assertEquals("http://localhost:4566/2015-03-31/functions/hello/code",
                json.getAsJsonObject("Code").get("Location").getAsString());
        assertEquals(5, json.getAsJsonObject("Concurrency").get("ReservedConcurrentExecutions").getAsInt());
        assertEquals("{}", json.get("Tags").toString());

        JsonObject unreserved = LambdaDocuments.function(info(SPEC, FunctionState.Active, null, null, null,
                EventInvokeConfig.DEFAULT), "x");
        assertFalse(unreserved.has("Concurrency"));
    }

    @Test
    public void eventInvokeConfigHasEpochSecondsAndTheQualifiedArn() {
        EventInvokeConfig config = new EventInvokeConfig(1, 3600, Instant.ofEpochMilli(1_764_064_800_123L));

        JsonObject json = LambdaDocuments.eventInvokeConfig(info(SPEC, FunctionState.Active, null, null, null, config));

        assertEquals("1764064800.123", json.get("LastModified").getAsString());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:hello:$LATEST", json.get("FunctionArn").getAsString());
        assertEquals(1, json.get("MaximumRetryAttempts").getAsInt());
        assertEquals(3600, json.get("MaximumEventAgeInSeconds").getAsInt());
        assertEquals("{\"OnSuccess\":{},\"OnFailure\":{}}", json.get("DestinationConfig").toString());
    }

    @Test
    public void accountSettingsReportLimitsAndUsage() {
        List<FunctionInfo> functions = List.of(info(SPEC, FunctionState.Active, null, null, null, null),
                info(SPEC, FunctionState.Active, null, null, null, null));

        JsonObject json = LambdaDocuments.accountSettings(1000, 900, functions);

        JsonObject limit = json.getAsJsonObject("AccountLimit");
        assertEquals(1000, limit.get("ConcurrentExecutions").getAsInt());
        assertEquals(900, limit.get("UnreservedConcurrentExecutions").getAsInt());
        assertEquals(262144000L, limit.get("CodeSizeUnzipped").getAsLong());
        assertEquals(52428800L, limit.get("CodeSizeZipped").getAsLong());
        assertEquals(80530636800L, limit.get("TotalCodeSize").getAsLong());
        assertEquals(2, json.getAsJsonObject("AccountUsage").get("FunctionCount").getAsInt());
        assertEquals(8192, json.getAsJsonObject("AccountUsage").get("TotalCodeSize").getAsLong());
    }

    @Test
    public void deadLettersShowThePayloadAsText() {
        DeadLetter letter = new DeadLetter("req-9", "hello", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), 3,
                "java.lang.IllegalStateException", "boom", Instant.parse("2026-11-25T10:00:00Z"),
                Instant.parse("2026-11-25T10:03:00.250Z"));

        JsonObject json = LambdaDocuments.deadLetters(List.of(letter)).getAsJsonArray("DeadLetters").get(0).getAsJsonObject();

        assertEquals("req-9", json.get("RequestId").getAsString());
        assertEquals("{\"n\":1}", json.get("Payload").getAsString());
        assertEquals(3, json.get("Attempts").getAsInt());
        assertEquals("java.lang.IllegalStateException", json.get("ErrorType").getAsString());
        assertEquals("boom", json.get("ErrorMessage").getAsString());
        assertEquals("2026-11-25T10:00:00.000+0000", json.get("Accepted").getAsString());
        assertEquals("2026-11-25T10:03:00.250+0000", json.get("Failed").getAsString());
    }
}
