package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.stratus.runtime.api.InvocationRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * Reserved concurrency with AWS's semantics: a function with N reserved executions runs at most N
 * at once and answers the rest with TooManyRequestsException (429) and the reserved-limit Reason;
 * 0 throttles every call; deleting the reservation returns the function to the shared pool.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConcurrencyIT extends LambdaItSupport {

    private static final String SLEEPER = "sleeper";
    private static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    private static final Duration RUNNING = Duration.ofSeconds(10);

    private ExecutorService background;

    @Before
    public void functionsAreDeployed() throws Exception {
        deployTestFunctions(SLEEPER, "echo");
        background = Executors.newSingleThreadExecutor();
    }

    @After
    public void removeReservations() throws Exception {
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
        lambda.deleteFunctionConcurrency(b -> b.functionName(SLEEPER));
        lambda.deleteFunctionConcurrency(b -> b.functionName("echo"));
    }

    @Test
    public void secondInvocationIsThrottledWhileTheOnlyReservedOneRuns() throws Exception {
        reserve(SLEEPER, 1);
        CompletableFuture<InvokeResponse> first = CompletableFuture.supplyAsync(
                () -> invokeSleeper(800), background);
        await("sleeper's handler to run", RUNNING, () -> handlerRunning("io.stratus.test.functions.Sleeper"));

        TooManyRequestsException throttled = assertThrows(TooManyRequestsException.class, () -> invokeSleeper(0));

        assertAwsError("TooManyRequestsException", 429, throttled);
        assertEquals(RESERVED_LIMIT, throttled.reasonAsString());
        assertEquals(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED, throttled.reason());
        InvokeResponse running = first.get(RUNNING.toSeconds(), TimeUnit.SECONDS);
        assertNull(text(running), running.functionError());
        assertEquals("\"slept\"", text(running));
    }

    @Test
    public void permitIsReturnedWhenTheRunningInvocationEnds() throws Exception {
        reserve(SLEEPER, 1);
        assertEquals("\"slept\"", text(invokeSleeper(100)));

        InvokeResponse next = invokeSleeper(0);

        assertEquals(Integer.valueOf(200), next.statusCode());
        assertEquals("\"slept\"", text(next));
    }

    @Test
    public void reservedZeroThrottlesEveryInvocation() throws Exception {
        reserve(SLEEPER, 0);

        for (int i = 0; i < 3; i++) {
            TooManyRequestsException throttled = assertThrows(TooManyRequestsException.class, () -> invokeSleeper(0));
            assertAwsError("TooManyRequestsException", 429, throttled);
            assertEquals(RESERVED_LIMIT, throttled.reasonAsString());
        }
    }

    @Test
    public void throttledInvocationIsRecordedAsThrottledWithoutRunning() throws Exception {
        reserve(SLEEPER, 0);
        try (Invocations records = recordInvocations()) {
            assertThrows(TooManyRequestsException.class, () -> invokeSleeper(0));

            InvocationRecord record = records.next(RUNNING);

            assertEquals(SLEEPER, record.functionName());
            assertEquals(InvocationRecord.Outcome.THROTTLED, record.outcome());
            assertEquals("TooManyRequestsException", record.errorType());
            assertEquals(0, record.durationNanos());
            assertNull(record.environmentId());
        }
    }

    @Test
    public void reservationOfOneFunctionLeavesTheOthersServing() throws Exception {
        reserve(SLEEPER, 0);

        InvokeResponse echo = invoke("echo", "{\"still\":\"serving\"}");

        assertNull(echo.functionError());
        assertEquals("{\"still\":\"serving\"}", text(echo));
    }

    @Test
    public void deletingTheReservationLetsInvocationsPass() throws Exception {
        reserve(SLEEPER, 0);
        assertThrows(TooManyRequestsException.class, () -> invokeSleeper(0));

        lambda.deleteFunctionConcurrency(b -> b.functionName(SLEEPER));

        InvokeResponse passed = invokeSleeper(0);
        assertEquals(Integer.valueOf(200), passed.statusCode());
        assertEquals("\"slept\"", text(passed));
        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
    }

    @Test
    public void functionConcurrencyRoundTrips() throws Exception {
        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
        assertNull(lambda.getFunction(b -> b.functionName(SLEEPER)).concurrency());

        assertEquals(Integer.valueOf(7), lambda.putFunctionConcurrency(
                b -> b.functionName(SLEEPER).reservedConcurrentExecutions(7)).reservedConcurrentExecutions());

        assertEquals(Integer.valueOf(7),
                lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
        assertEquals(Integer.valueOf(7),
                lambda.getFunction(b -> b.functionName(SLEEPER)).concurrency().reservedConcurrentExecutions());

        lambda.deleteFunctionConcurrency(b -> b.functionName(SLEEPER));

        assertNull(lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
        assertNull(lambda.getFunction(b -> b.functionName(SLEEPER)).concurrency());
    }

    @Test
    public void reservationsAreTakenFromTheAccountsUnreservedConcurrency() throws Exception {
        int limit = lambda.getAccountSettings().accountLimit().concurrentExecutions();
        assertEquals(1000, limit);
        assertEquals(Integer.valueOf(limit),
                lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());

        reserve(SLEEPER, 7);
        reserve("echo", 3);

        assertEquals(Integer.valueOf(limit - 10),
                lambda.getAccountSettings().accountLimit().unreservedConcurrentExecutions());
    }

    @Test
    public void negativeReservationIsRefusedAndChangesNothing() throws Exception {
        reserve(SLEEPER, 2);

        LambdaException refused = assertThrows(LambdaException.class, () -> reserve(SLEEPER, -1));

        assertAwsError("ValidationException", 400, refused);
        assertTrue(refused.getMessage(), refused.awsErrorDetails().errorMessage()
                .contains("Value '-1' at 'reservedConcurrentExecutions' failed to satisfy constraint"));
        assertEquals(Integer.valueOf(2),
                lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
    }

    @Test
    public void reservationLeavingLessThanTheMinimumUnreservedIsRefused() throws Exception {
        reserve(SLEEPER, 5);

        InvalidParameterValueException refused = assertThrows(InvalidParameterValueException.class,
                () -> reserve(SLEEPER, 901));

        assertAwsError("InvalidParameterValueException", 400, refused);
        assertEquals("Specified ReservedConcurrentExecutions for function decreases account's "
                + "UnreservedConcurrentExecution below its minimum value of [100].",
                refused.awsErrorDetails().errorMessage());
        assertEquals(Integer.valueOf(5),
                lambda.getFunctionConcurrency(b -> b.functionName(SLEEPER)).reservedConcurrentExecutions());
        // exactly the minimum left unreserved is allowed
        assertEquals(Integer.valueOf(900), reserve(SLEEPER, 900));
    }

    @Test
    public void concurrencyOfAnUnknownFunctionIsNotFound() {
        ResourceNotFoundException put = assertThrows(ResourceNotFoundException.class, () -> reserve("nope", 1));
        assertAwsError("ResourceNotFoundException", 404, put);
        assertEquals("Function not found: " + arn("nope"), put.awsErrorDetails().errorMessage());

        assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionConcurrency(b -> b.functionName("nope")));
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.deleteFunctionConcurrency(b -> b.functionName("nope")));
    }

    private Integer reserve(String function, int executions) {
        return lambda.putFunctionConcurrency(b -> b.functionName(function).reservedConcurrentExecutions(executions))
                .reservedConcurrentExecutions();
    }

    private InvokeResponse invokeSleeper(long millis) {
        return lambda.invoke(b -> b.functionName(SLEEPER)
                .payload(SdkBytes.fromUtf8String("{\"millis\":" + millis + "}")));
    }

    /**
     * True once a thread of this JVM (the functions run in-process) is inside the handler: the
     * invocation holds its concurrency permit from before the handler is called until it returns.
     */
    private static Boolean handlerRunning(String handlerClass) {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            for (StackTraceElement frame : List.of(thread.getValue())) {
                if (handlerClass.equals(frame.getClassName()) && "handleRequest".equals(frame.getMethodName())) {
                    return Boolean.TRUE;
                }
            }
        }
        return null;
    }
}
