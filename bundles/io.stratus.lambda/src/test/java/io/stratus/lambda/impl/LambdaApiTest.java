package io.stratus.lambda.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.google.gson.JsonObject;

import io.stratus.aws.api.AwsException;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.InvocationResult;

public class LambdaApiTest {

    private static final String NOT_FOUND_HELLO2 = "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope";

    private final Fakes.Registry registry = new Fakes.Registry().add(Fakes.function("hello")).add(Fakes.function("other"));
    private final Fakes.RecordingInvoker invoker = new Fakes.RecordingInvoker();
    private final byte[] jar = "PK-jar-bytes".getBytes(StandardCharsets.UTF_8);
    private final LambdaApi api = new LambdaApi(registry, invoker, bundleId -> {
        if (bundleId != 42L) {
            throw new FileNotFoundException("no bundle " + bundleId);
        }
        return new ByteArrayInputStream(jar);
    }, "localhost:4566");

    private Fakes.Response call(Fakes.Request request) throws Exception {
        Fakes.Response response = new Fakes.Response();
        api.handle(request, response);
        return response;
    }

    private AwsException refused(Fakes.Request request, int status, String code) throws Exception {
        try {
            call(request);
            fail("expected " + code);
            return null;
        } catch (AwsException e) {
            assertEquals(e.getMessage(), code, e.code());
            assertEquals(status, e.status());
            return e;
        }
    }

    private static Fakes.Request invoke(String name) {
        return new Fakes.Request("POST", "/2015-03-31/functions/" + name + "/invocations");
    }

    // ---- Invoke

    @Test
    public void requestResponseAnswersThePayloadWithTheInvocationsIds() throws Exception {
        Fakes.Response response = call(invoke("hello").body("{\"name\":\"x\"}")
                .header("X-Amz-Client-Context", Base64.getEncoder().encodeToString("{\"custom\":{}}".getBytes())));

        assertEquals(200, response.status);
        assertEquals("\"ok\"", response.text());
        assertEquals("application/json", response.contentType);
        assertEquals("inv-1", response.headers.get("x-amzn-RequestId"));
        assertEquals("$LATEST", response.headers.get("X-Amz-Executed-Version"));
        assertFalse(response.headers.containsKey("X-Amz-Function-Error"));
        assertFalse(response.headers.containsKey("X-Amz-Log-Result"));
        assertEquals("hello", invoker.sync.get(0).functionName());
        assertEquals("{\"name\":\"x\"}", new String(invoker.sync.get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(Base64.getEncoder().encodeToString("{\"custom\":{}}".getBytes()), invoker.sync.get(0).clientContext());
        assertFalse(invoker.sync.get(0).tailLog());
    }

    @Test
    public void aFunctionErrorIsA200WithTheFunctionErrorHeader() throws Exception {
        invoker.result = new InvocationResult("inv-2", "$LATEST",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.RuntimeException\",\"stackTrace\":[]}".getBytes(),
                "Unhandled", null);

        Fakes.Response response = call(invoke("hello"));

        assertEquals(200, response.status);
        assertEquals("Unhandled", response.headers.get("X-Amz-Function-Error"));
        assertEquals("boom", response.json().get("errorMessage").getAsString());
    }

    @Test
    public void tailGivesTheLast4KBOfTheLogInBase64() throws Exception {
        String log = "START RequestId: inv-1 Version: $LATEST\n" + "x".repeat(5000) + "\nEND RequestId: inv-1\n";
        invoker.result = new InvocationResult("inv-1", "$LATEST", new byte[0], null, log);

        Fakes.Response response = call(invoke("hello").header("X-Amz-Log-Type", "Tail"));

        assertTrue(invoker.sync.get(0).tailLog());
        String tail = new String(Base64.getDecoder().decode(response.headers.get("X-Amz-Log-Result")), StandardCharsets.UTF_8);
        assertEquals(4096, tail.length());
        assertTrue(log.endsWith(tail));
    }

    @Test
    public void theLogTailNeverStartsInsideACharacter() {
        String log = "\u20ac".repeat(2000); // 3 bytes each: 6000 bytes

        String tail = new String(Base64.getDecoder().decode(LambdaApi.logResult(log)), StandardCharsets.UTF_8);

        assertEquals("\u20ac".repeat(1365), tail);
    }

    @Test
    public void eventInvocationsAreQueuedAndAnswered202Empty() throws Exception {
        Fakes.Response response = call(invoke("hello").header("X-Amz-Invocation-Type", "Event").body("{}"));

        assertEquals(202, response.status);
        assertEquals(0, response.body.size());
        assertEquals("async-1", response.headers.get("x-amzn-RequestId"));
        assertEquals(1, invoker.async.size());
        assertTrue(invoker.sync.isEmpty());
    }

    @Test
    public void eventPayloadsOver256KBAreRefused() throws Exception {
        byte[] big = ("\"" + "a".repeat(Fakes.RecordingInvoker.MAX_ASYNC_PAYLOAD) + "\"").getBytes();

        AwsException e = refused(invoke("hello").header("X-Amz-Invocation-Type", "Event").body(big), 413,
                "RequestTooLargeException");

        assertEquals("Request must be smaller than 262144 bytes for the InvokeFunction operation", e.getMessage());
        assertTrue(invoker.async.isEmpty());
    }

    @Test
    public void dryRunChecksTheFunctionAndRunsNothing() throws Exception {
        Fakes.Response response = call(invoke("hello").header("X-Amz-Invocation-Type", "DryRun"));

        assertEquals(204, response.status);
        assertTrue(invoker.sync.isEmpty() && invoker.async.isEmpty());
        refused(invoke("nope").header("X-Amz-Invocation-Type", "DryRun"), 404, "ResourceNotFoundException");
    }

    @Test
    public void anUnknownInvocationTypeIsAnInvalidParameter() throws Exception {
        AwsException e = refused(invoke("hello").header("X-Amz-Invocation-Type", "Later"), 400,
                "InvalidParameterValueException");

        assertTrue(e.getMessage(), e.getMessage().contains("Value 'Later' at 'invocationType'"));
        refused(invoke("hello").header("X-Amz-Log-Type", "All"), 400, "InvalidParameterValueException");
        assertTrue(invoker.sync.isEmpty());
    }

    @Test
    public void malformedJsonPayloadsAreInvalidRequestContent() throws Exception {
        AwsException e = refused(invoke("hello").body("{not json"), 400, "InvalidRequestContentException");

        assertTrue(e.getMessage(), e.getMessage().startsWith("Could not parse request body into json: Could not parse payload into json: "));
        assertTrue(invoker.sync.isEmpty());
    }

    @Test
    public void anEmptyPayloadIsAllowed() throws Exception {
        assertEquals(200, call(invoke("hello")).status);
        assertEquals(0, invoker.sync.get(0).payload().length);
    }

    @Test
    public void payloadsOver6MBAreRequestTooLarge() throws Exception {
        byte[] big = new byte[6 * 1024 * 1024 + 1];

        AwsException e = refused(invoke("hello").body(big), 413, "RequestTooLargeException");

        assertEquals("Request must be smaller than 6291456 bytes for the InvokeFunction operation", e.getMessage());
    }

    @Test
    public void unknownFunctionsAreNotFoundWithTheirArn() throws Exception {
        assertEquals(NOT_FOUND_HELLO2, refused(invoke("nope"), 404, "ResourceNotFoundException").getMessage());
    }

    @Test
    public void fullAndPartialArnsNameTheFunction() throws Exception {
        call(invoke("arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Ahello"));
        call(invoke("123456789012%3Afunction%3Ahello%3A%24LATEST"));

        assertEquals("hello", invoker.sync.get(0).functionName());
        assertEquals("hello", invoker.sync.get(1).functionName());
        assertEquals("$LATEST", invoker.sync.get(1).qualifier());
    }

    @Test
    public void qualifiersOtherThanLatestAreNotFound() throws Exception {
        AwsException e = refused(invoke("hello").param("Qualifier", "3"), 404, "ResourceNotFoundException");

        assertEquals("Function not found: arn:aws:lambda:us-east-1:123456789012:function:hello:3", e.getMessage());
        assertEquals(200, call(invoke("hello").param("Qualifier", "$LATEST")).status);
    }

    @Test
    public void runtimeRefusalsPassThroughWithTheirReason() throws Exception {
        invoker.refusal = FunctionException.throttled("ReservedFunctionConcurrentInvocationLimitExceeded");

        AwsException e = refused(invoke("hello"), 429, "TooManyRequestsException");

        assertEquals("Rate Exceeded.", e.getMessage());
        assertEquals(Map.of("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"), e.extra());
    }

    @Test
    public void aClientContextMustBeBase64Json() throws Exception {
        refused(invoke("hello").header("X-Amz-Client-Context", "%%%"), 400, "InvalidRequestContentException");
        refused(invoke("hello").header("X-Amz-Client-Context", Base64.getEncoder().encodeToString("nope".getBytes())),
                400, "InvalidRequestContentException");
        assertTrue(invoker.sync.isEmpty());
    }

    // ---- Reads

    @Test
    public void getFunctionPointsCodeLocationAtThisEndpoint() throws Exception {
        Fakes.Response response = call(new Fakes.Request("GET", "/2015-03-31/functions/hello")
                .header("Host", "127.0.0.1:14566"));

        JsonObject json = response.json();
        assertEquals("http://127.0.0.1:14566/2015-03-31/functions/hello/code",
                json.getAsJsonObject("Code").get("Location").getAsString());
        assertEquals("hello", json.getAsJsonObject("Configuration").get("FunctionName").getAsString());
        assertEquals("http://localhost:4566/2015-03-31/functions/hello/code", call(
                new Fakes.Request("GET", "/2015-03-31/functions/hello")).json().getAsJsonObject("Code").get("Location")
                .getAsString());
    }

    @Test
    public void theCodeLocationServesTheBundleJar() throws Exception {
        Fakes.Response response = call(new Fakes.Request("GET", "/2015-03-31/functions/hello/code"));

        assertEquals(200, response.status);
        assertEquals("application/zip", response.contentType);
        assertArrayEquals(jar, response.body.toByteArray());
    }

    @Test
    public void unreadableCodeIsNotFoundWithTheReason() throws Exception {
        registry.add(new FunctionInfo(Fakes.function("gone").spec(), Fakes.function("gone").arn(),
                Fakes.function("gone").state(), null, null, 99L, "com.example.gone", "1", null, 0, Fakes.T0, null,
                Fakes.function("gone").eventInvokeConfig()));

        AwsException e = refused(new Fakes.Request("GET", "/2015-03-31/functions/gone/code"), 404,
                "ResourceNotFoundException");

        assertTrue(e.getMessage(), e.getMessage().contains("no bundle 99"));
    }

    @Test
    public void getFunctionConfigurationAnswersTheConfiguration() throws Exception {
        JsonObject json = call(new Fakes.Request("GET", "/2015-03-31/functions/hello/configuration")).json();

        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:hello", json.get("FunctionArn").getAsString());
        assertEquals(128, json.get("MemorySize").getAsInt());
    }

    @Test
    public void listFunctionsPagesWithMarkerAndMaxItems() throws Exception {
        JsonObject first = call(new Fakes.Request("GET", "/2015-03-31/functions/").param("MaxItems", "1")).json();
        assertEquals("hello", first.getAsJsonArray("Functions").get(0).getAsJsonObject().get("FunctionName").getAsString());

        JsonObject second = call(new Fakes.Request("GET", "/2015-03-31/functions/").param("MaxItems", "1")
                .param("Marker", first.get("NextMarker").getAsString())).json();

        assertEquals("other", second.getAsJsonArray("Functions").get(0).getAsJsonObject().get("FunctionName").getAsString());
        assertFalse(second.has("NextMarker"));
        refused(new Fakes.Request("GET", "/2015-03-31/functions/").param("MaxItems", "0"), 400, "ValidationException");
        refused(new Fakes.Request("GET", "/2015-03-31/functions/").param("FunctionVersion", "1"), 400,
                "ValidationException");
    }

    @Test
    public void accountSettingsCountFunctionsAndConcurrency() throws Exception {
        JsonObject json = call(new Fakes.Request("GET", "/2016-08-19/account-settings/")).json();

        assertEquals(1000, json.getAsJsonObject("AccountLimit").get("ConcurrentExecutions").getAsInt());
        assertEquals(2, json.getAsJsonObject("AccountUsage").get("FunctionCount").getAsInt());
    }

    @Test
    public void deadLettersAreListed() throws Exception {
        registry.deadLetters.put("hello", List.of(new DeadLetter("r1", "hello", "{}".getBytes(), 3, "Error", "m",
                Fakes.T0, Fakes.T0.plusSeconds(180))));

        JsonObject json = call(new Fakes.Request("GET", "/2015-03-31/functions/hello/dead-letters")).json();

        assertEquals("r1", json.getAsJsonArray("DeadLetters").get(0).getAsJsonObject().get("RequestId").getAsString());
        assertEquals(0, call(new Fakes.Request("GET", "/2015-03-31/functions/other/dead-letters")).json()
                .getAsJsonArray("DeadLetters").size());
    }

    @Test
    public void unknownRoutesAreUnknownOperations() throws Exception {
        AwsException e = refused(new Fakes.Request("GET", "/2015-03-31/functions/hello/aliases"), 404,
                "UnknownOperationException");
        assertEquals("Unknown operation", e.getMessage());
    }

    // ---- UpdateFunctionConfiguration

    private static Fakes.Request update(String name, String body) {
        return new Fakes.Request("PUT", "/2015-03-31/functions/" + name + "/configuration").body(body);
    }

    @Test
    public void updateChangesTheSettingsAndAnswersTheNewConfiguration() throws Exception {
        JsonObject json = call(update("hello", "{\"MemorySize\":1024,\"Timeout\":60,\"Description\":\"new\","
                + "\"Role\":\"arn:aws:iam::123456789012:role/r\",\"Environment\":{\"Variables\":{\"GREETING\":\"hi\"}}}")).json();

        assertEquals(1024, json.get("MemorySize").getAsInt());
        assertEquals(60, json.get("Timeout").getAsInt());
        assertEquals("new", json.get("Description").getAsString());
        assertEquals("arn:aws:iam::123456789012:role/r", json.get("Role").getAsString());
        assertEquals("hi", json.getAsJsonObject("Environment").getAsJsonObject("Variables").get("GREETING").getAsString());
        assertEquals(1024, registry.get("hello").get().spec().memorySize());
    }

    @Test
    public void anUpdateRepeatingTheFixedMembersIsAccepted() throws Exception {
        call(update("hello", "{\"Handler\":\"com.example.Hello::handleRequest\",\"Runtime\":\"java17\","
                + "\"TracingConfig\":{\"Mode\":\"PassThrough\"},\"EphemeralStorage\":{\"Size\":512},\"Layers\":[],"
                + "\"VpcConfig\":{\"SubnetIds\":[],\"SecurityGroupIds\":[]},\"SnapStart\":{\"ApplyOn\":\"None\"},"
                + "\"Timeout\":5}"));

        assertEquals(5, registry.get("hello").get().spec().timeout());
    }

    @Test
    public void outOfRangeValuesAreValidationErrorsAndChangeNothing() throws Exception {
        AwsException e = refused(update("hello", "{\"MemorySize\":10241}"), 400, "ValidationException");
        assertEquals("1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value less than or equal to 10240", e.getMessage());

        AwsException both = refused(update("hello", "{\"MemorySize\":64,\"Timeout\":901}"), 400, "ValidationException");
        assertEquals("2 validation errors detected: Value '64' at 'memorySize' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 128; Value '901' at 'timeout' failed to satisfy "
                + "constraint: Member must have value less than or equal to 900", both.getMessage());

        refused(update("hello", "{\"Timeout\":0}"), 400, "ValidationException");
        refused(update("hello", "{\"Role\":\"not-a-role\"}"), 400, "ValidationException");
        refused(update("hello", "{\"Description\":\"" + "d".repeat(257) + "\"}"), 400, "ValidationException");
        refused(update("hello", "{\"Environment\":{\"Variables\":{\"1BAD\":\"x\"}}}"), 400, "ValidationException");
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void malformedOrMistypedBodiesAreInvalidRequestContent() throws Exception {
        refused(update("hello", "{\"MemorySize\":"), 400, "InvalidRequestContentException");
        refused(update("hello", "{\"MemorySize\":\"lots\"}"), 400, "InvalidRequestContentException");
        refused(update("hello", "[1]"), 400, "InvalidRequestContentException");
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void theBundleDeclaredHandlerCannotBeChangedHere() throws Exception {
        AwsException e = refused(update("hello", "{\"Handler\":\"com.example.Other\"}"), 400,
                "InvalidParameterValueException");

        assertTrue(e.getMessage(), e.getMessage().contains("declared by its bundle com.example.hello"));
        refused(update("hello", "{\"Runtime\":\"python3.12\"}"), 400, "InvalidParameterValueException");
        refused(update("hello", "{\"Layers\":[\"arn:aws:lambda:us-east-1:1:layer:x:1\"]}"), 400,
                "InvalidParameterValueException");
        refused(update("hello", "{\"EphemeralStorage\":{\"Size\":1024}}"), 400, "InvalidParameterValueException");
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void reservedAndOversizedEnvironmentsAreRefused() throws Exception {
        AwsException reserved = refused(update("hello", "{\"Environment\":{\"Variables\":{\"AWS_REGION\":\"x\",\"OK\":\"1\"}}}"),
                400, "InvalidParameterValueException");
        assertTrue(reserved.getMessage(), reserved.getMessage().endsWith("Reserved keys used in this request: AWS_REGION"));

        AwsException big = refused(update("hello", "{\"Environment\":{\"Variables\":{\"BIG\":\"" + "v".repeat(4100) + "\"}}}"),
                400, "InvalidParameterValueException");
        assertTrue(big.getMessage().contains("exceeded the 4KB limit"));
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void singleLetterVariableNamesAreRefusedAsLambdaDoes() throws Exception {
        refused(update("hello", "{\"Environment\":{\"Variables\":{\"A\":\"1\"}}}"), 400, "ValidationException");
    }

    @Test
    public void anEmptyEnvironmentClearsTheVariables() throws Exception {
        call(update("hello", "{\"Environment\":{\"Variables\":{\"AB\":\"1\"}}}"));
        assertEquals(Map.of("AB", "1"), registry.get("hello").get().spec().environment());

        call(update("hello", "{\"Environment\":{}}"));

        assertTrue(registry.get("hello").get().spec().environment().isEmpty());
    }

    @Test
    public void aStaleRevisionIdIsAPreconditionFailure() throws Exception {
        String revision = call(new Fakes.Request("GET", "/2015-03-31/functions/hello/configuration")).json()
                .get("RevisionId").getAsString();

        call(update("hello", "{\"Timeout\":10,\"RevisionId\":\"" + revision + "\"}"));
        refused(update("hello", "{\"Timeout\":20,\"RevisionId\":\"" + revision + "\"}"), 412, "PreconditionFailedException");

        assertEquals(10, registry.get("hello").get().spec().timeout());
    }

    @Test
    public void updatingAnUnknownFunctionIsNotFound() throws Exception {
        assertEquals(NOT_FOUND_HELLO2, refused(update("nope", "{}"), 404, "ResourceNotFoundException").getMessage());
    }

    // ---- Concurrency

    @Test
    public void concurrencyIsPutReadAndDeleted() throws Exception {
        JsonObject put = call(new Fakes.Request("PUT", "/2017-10-31/functions/hello/concurrency")
                .body("{\"ReservedConcurrentExecutions\":10}")).json();
        assertEquals(10, put.get("ReservedConcurrentExecutions").getAsInt());
        assertEquals(10, call(new Fakes.Request("GET", "/2019-09-30/functions/hello/concurrency")).json()
                .get("ReservedConcurrentExecutions").getAsInt());
        assertEquals(10, call(new Fakes.Request("GET", "/2015-03-31/functions/hello")).json()
                .getAsJsonObject("Concurrency").get("ReservedConcurrentExecutions").getAsInt());

        Fakes.Response deleted = call(new Fakes.Request("DELETE", "/2017-10-31/functions/hello/concurrency"));

        assertEquals(204, deleted.status);
        assertEquals("{}", call(new Fakes.Request("GET", "/2019-09-30/functions/hello/concurrency")).text());
    }

    @Test
    public void concurrencyMustBeGivenAndNotNegative() throws Exception {
        AwsException missing = refused(new Fakes.Request("PUT", "/2017-10-31/functions/hello/concurrency").body("{}"),
                400, "ValidationException");
        assertEquals("1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy "
                + "constraint: Member must not be null", missing.getMessage());
        refused(new Fakes.Request("PUT", "/2017-10-31/functions/hello/concurrency")
                .body("{\"ReservedConcurrentExecutions\":-1}"), 400, "ValidationException");
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void theRuntimesConcurrencyRefusalPassesThrough() throws Exception {
        AwsException e = refused(new Fakes.Request("PUT", "/2017-10-31/functions/hello/concurrency")
                .body("{\"ReservedConcurrentExecutions\":950}"), 400, "InvalidParameterValueException");

        assertTrue(e.getMessage().contains("below its minimum value of [100]"));
    }

    // ---- Event invoke config

    private static Fakes.Request eventConfig(String method, String body) {
        return new Fakes.Request(method, "/2019-09-25/functions/hello/event-invoke-config").body(body);
    }

    @Test
    public void anEventInvokeConfigNeverSetIsNotFound() throws Exception {
        AwsException e = refused(eventConfig("GET", ""), 404, "ResourceNotFoundException");

        assertEquals("The function arn:aws:lambda:us-east-1:123456789012:function:hello doesn't have an EventInvokeConfig",
                e.getMessage());
        refused(eventConfig("DELETE", ""), 404, "ResourceNotFoundException");
        refused(eventConfig("POST", "{\"MaximumRetryAttempts\":1}"), 404, "ResourceNotFoundException");
    }

    @Test
    public void putSetsMissingMembersToTheDefaultsAndUpdateKeepsThem() throws Exception {
        JsonObject put = call(eventConfig("PUT", "{\"MaximumRetryAttempts\":0,\"MaximumEventAgeInSeconds\":120}")).json();
        assertEquals(0, put.get("MaximumRetryAttempts").getAsInt());
        assertEquals(120, put.get("MaximumEventAgeInSeconds").getAsInt());
        assertEquals(registry.now.getEpochSecond(), put.get("LastModified").getAsBigDecimal().longValue());

        JsonObject updated = call(eventConfig("POST", "{\"MaximumRetryAttempts\":1}")).json();
        assertEquals(1, updated.get("MaximumRetryAttempts").getAsInt());
        assertEquals(120, updated.get("MaximumEventAgeInSeconds").getAsInt());

        JsonObject replaced = call(eventConfig("PUT", "{\"MaximumRetryAttempts\":1}")).json();
        assertEquals(21600, replaced.get("MaximumEventAgeInSeconds").getAsInt());

        assertEquals(1, call(eventConfig("GET", "")).json().get("MaximumRetryAttempts").getAsInt());
    }

    @Test
    public void deleteRemovesTheEventInvokeConfig() throws Exception {
        call(eventConfig("PUT", "{}"));

        assertEquals(204, call(eventConfig("DELETE", "")).status);

        refused(eventConfig("GET", ""), 404, "ResourceNotFoundException");
    }

    @Test
    public void eventInvokeConfigLimitsAreValidated() throws Exception {
        AwsException e = refused(eventConfig("PUT", "{\"MaximumRetryAttempts\":3,\"MaximumEventAgeInSeconds\":59}"),
                400, "ValidationException");

        assertEquals("2 validation errors detected: Value '3' at 'maximumRetryAttempts' failed to satisfy constraint: "
                + "Member must have value less than or equal to 2; Value '59' at 'maximumEventAgeInSeconds' failed to "
                + "satisfy constraint: Member must have value greater than or equal to 60", e.getMessage());
        refused(eventConfig("PUT", "{\"MaximumEventAgeInSeconds\":21601}"), 400, "ValidationException");
        refused(eventConfig("PUT", "{\"MaximumRetryAttempts\":-1}"), 400, "ValidationException");
        assertTrue(registry.calls.isEmpty());
    }

    @Test
    public void destinationsAreRefusedPointingAtDeadLetters() throws Exception {
        AwsException e = refused(eventConfig("PUT",
                "{\"DestinationConfig\":{\"OnFailure\":{\"Destination\":\"arn:aws:sqs:us-east-1:123456789012:q\"}}}"),
                400, "InvalidParameterValueException");

        assertTrue(e.getMessage(), e.getMessage().contains("/dead-letters"));
        assertEquals(200, call(eventConfig("PUT", "{\"DestinationConfig\":{\"OnSuccess\":{},\"OnFailure\":{}}}")).status);
    }

    @Test
    public void lastModifiedOfTheRegistryIsUsed() throws Exception {
        registry.now = Instant.parse("2026-12-01T00:00:00.500Z");

        JsonObject put = call(eventConfig("PUT", "{}")).json();

        assertEquals(registry.now.getEpochSecond() + ".500", put.get("LastModified").getAsString());
    }

    @Test
    public void nothingIsLeftInTheRegistryAfterRefusals() throws Exception {
        FunctionInfo before = registry.get("hello").get();
        refused(update("hello", "{\"Timeout\":\"x\"}"), 400, "InvalidRequestContentException");
        assertEquals(before, registry.get("hello").get());
        assertNull(registry.get("hello").get().reservedConcurrency());
    }
}
