package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

import io.stratus.runtime.api.InvocationRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The handler shapes of aws-lambda-java-core as the platform runs them: RequestHandler with a Map
 * or a POJO (JSON mapped both ways), RequestStreamHandler (raw bytes), the Context each call gets,
 * and the cold start a fresh execution environment reports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HandlerTypesIT extends LambdaItSupport {

    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    @Before
    public void functionsAreDeployed() throws Exception {
        deployTestFunctions("echo", "echo-pojo", "echo-stream", "context");
    }

    // ---- RequestHandler<Map<String, Object>, Map<String, Object>>

    @Test
    public void mapHandlerAnswersTheJsonObjectItReceived() {
        String event = "{\"text\":\"h\u00e9llo \u2713\",\"count\":42,\"ratio\":0.5,\"flags\":[true,false],"
                + "\"nested\":{\"k\":\"v\"}}";

        InvokeResponse response = invoke("echo", event);

        assertNull(text(response), response.functionError());
        // integers stay integers, order and nesting are kept
        assertEquals(event, text(response));
    }

    @Test
    public void mapHandlerGivenAnArrayFailsWithAnUnmarshalError() {
        InvokeResponse response = invoke("echo", "[1,2]");

        assertEquals("Unhandled", response.functionError());
        JsonObject error = json(response);
        assertEquals("Runtime.UnmarshalError", error.get("errorType").getAsString());
        assertTrue(text(response), error.get("errorMessage").getAsString().startsWith("Unable to unmarshal input"));
    }

    // ---- RequestHandler<Person, Greeting>

    @Test
    public void pojoHandlerMapsJsonToABeanAndTheAnswerBack() {
        InvokeResponse response = invoke("echo-pojo", "{\"name\":\"Ada\",\"age\":36}");

        assertNull(text(response), response.functionError());
        assertEquals("{\"message\":\"Hello, Ada\",\"age\":36}", text(response));
    }

    @Test
    public void pojoHandlerIgnoresUnknownMembersAndLeavesMissingOnesAtTheirDefault() {
        InvokeResponse response = invoke("echo-pojo", "{\"name\":\"Bob\",\"shoeSize\":44}");

        assertEquals("{\"message\":\"Hello, Bob\",\"age\":0}", text(response));
    }

    @Test
    public void pojoHandlerGivenAMistypedMemberFailsWithAnUnmarshalError() {
        InvokeResponse response = invoke("echo-pojo", "{\"name\":\"Ada\",\"age\":\"old\"}");

        assertEquals("Unhandled", response.functionError());
        assertEquals("Runtime.UnmarshalError", json(response).get("errorType").getAsString());
    }

    // ---- RequestStreamHandler

    @Test
    public void streamHandlerAnswersExactlyTheBytesItReceived() {
        byte[] event = "\"h\u00e9llo, w\u00f6rld \u2713\"".getBytes(StandardCharsets.UTF_8);

        InvokeResponse response = lambda.invoke(b -> b.functionName("echo-stream")
                .payload(SdkBytes.fromByteArray(event)));

        assertNull(response.functionError());
        assertArrayEquals(event, response.payload().asByteArray());
    }

    @Test
    public void streamHandlerSeesThePayloadAsSentNotAsReSerialized() {
        String event = "{ \"spaced\" : [ 1 , 2.50 ],\n  \"unicode\" : \"\\u00e9\" }";

        assertEquals(event, text(invoke("echo-stream", event)));
    }

    // ---- Context

    @Test
    public void contextCarriesTheInvocationsIdentityAndLimits() {
        Instant before = Instant.now();
        InvokeResponse response = invoke("context", "{}");

        assertNull(text(response), response.functionError());
        JsonObject context = json(response);
        assertEquals(requestId(response), context.get("awsRequestId").getAsString());
        assertEquals("context", context.get("functionName").getAsString());
        assertEquals("$LATEST", context.get("functionVersion").getAsString());
        assertEquals(arn("context"), context.get("invokedFunctionArn").getAsString());
        assertEquals(128, context.get("memoryLimitInMB").getAsInt());
        assertEquals("/aws/lambda/context", context.get("logGroupName").getAsString());
        String stream = context.get("logStreamName").getAsString();
        assertTrue(stream, stream.matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}"));
        // the stream is dated when its environment started: during this call (UTC)
        String date = stream.substring(0, 10);
        assertTrue(stream, date.equals(STREAM_DATE.format(before)) || date.equals(STREAM_DATE.format(Instant.now())));
    }

    @Test
    public void remainingTimeIsWithinTheConfiguredTimeoutOnColdAndWarmCalls() {
        // a configuration change retires the warm environments: the next call is a cold start
        lambda.updateFunctionConfiguration(b -> b.functionName("context").description("cold " + System.nanoTime()));
        InvokeResponse cold = invoke("context", "{}");
        InvokeResponse warm = invoke("context", "{}");

        assertTrue(report(cold), report(cold).contains("\tInit Duration: "));
        assertFalse(report(warm), report(warm).contains("Init Duration"));
        for (InvokeResponse response : List.of(cold, warm)) {
            int remaining = json(response).get("remainingTimeInMillis").getAsInt();
            // timeout 3 s: the cold start's Init time is not handed to the handler
            assertTrue(report(response) + ": " + remaining, remaining > 0 && remaining <= 3000);
        }
    }

    @Test
    public void loggerWritesIntoTheInvocationsLog() {
        InvokeResponse response = invoke("context", "{}");

        List<String> lines = logTail(response).lines().toList();

        String requestId = requestId(response);
        int start = lines.indexOf("START RequestId: " + requestId + " Version: $LATEST");
        int logged = lines.indexOf("context function called with request " + requestId);
        int end = lines.indexOf("END RequestId: " + requestId);
        assertTrue(lines.toString(), start >= 0 && start < logged && logged < end);
    }

    @Test
    public void warmCallsReuseTheEnvironmentAndItsLogStream() {
        JsonObject first = json(invoke("context", "{}"));
        JsonObject second = json(invoke("context", "{}"));

        assertNotEquals(first.get("awsRequestId"), second.get("awsRequestId"));
        assertEquals(first.get("logStreamName"), second.get("logStreamName"));
    }

    // ---- cold start

    @Test
    public void firstInvocationOfAFreshFunctionReportsInitDurationAndTheSecondDoesNot() throws Exception {
        deploy(HELLO);
        try (Invocations records = recordInvocations()) {
            awaitFunction("hello");

            InvokeResponse cold = invoke("hello", "{\"name\":\"Ada\"}");
            InvokeResponse warm = invoke("hello", "{\"name\":\"Bob\"}");

            String coldReport = report(cold);
            String warmReport = report(warm);
            // AWS's fields end with Init Duration; monitoring's figures follow, as in the stored line
            assertTrue(coldReport, coldReport.matches(".*\tInit Duration: \\d+\\.\\d{2} ms\tCPU Time: .* USD"));
            assertFalse(warmReport, warmReport.contains("Init Duration"));
            List<InvocationRecord> seen = records.until(requestId(warm), Duration.ofSeconds(10));
            assertEquals(describe(seen, InvocationRecord::requestId), 2, seen.size());
            assertTrue(seen.get(0).initDurationNanos() >= 0);
            assertEquals(-1, seen.get(1).initDurationNanos());
            assertEquals(seen.get(0).environmentId(), seen.get(1).environmentId());
        } finally {
            undeploy(HELLO);
            awaitFunctionGone("hello");
        }
    }

    /** The REPORT line of an invocation's log tail. */
    private static String report(InvokeResponse response) {
        List<String> lines = logTail(response).lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(lines.toString(), last.startsWith("REPORT RequestId: " + requestId(response) + "\t"));
        return last;
    }
}
