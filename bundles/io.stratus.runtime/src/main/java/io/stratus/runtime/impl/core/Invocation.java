package io.stratus.runtime.impl.core;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.google.gson.JsonElement;

import io.stratus.runtime.api.InvocationRecord.Outcome;
import io.stratus.runtime.api.Invoker;
import io.stratus.runtime.impl.handler.HandlerBinding;
import io.stratus.runtime.impl.handler.HandlerFailure;
import io.stratus.runtime.sandbox.ExitError;
import io.stratus.runtime.sandbox.FunctionScope;
import io.stratus.runtime.sandbox.FunctionSystem;

/**
 * One run of a handler on a worker thread, and the caller's wait for it. The caller waits until the
 * deadline; whichever of completion and timeout happens first decides the outcome.
 */
final class Invocation implements Runnable {

    /* Lambda gives a cold start's Init up to 10 s before the handler's own timeout starts. */
    static final long INIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    static final String TIMEOUT_ERROR = "Sandbox.Timedout";

    private static final int RUNNING = 0;
    private static final int COMPLETED = 1;
    private static final int TIMED_OUT = 2;

    private final String functionName;
    private final String version;
    private final String requestId;
    private final String arn;
    private final int memory;
    private final int timeoutSeconds;
    private final long timeoutNanos;
    private final ExecutionEnvironment environment;
    private final HandlerBinding binding;
    private final ClassLoader loader;
    private final byte[] payload;
    private final JsonElement json;
    private final ClientContext clientContext;
    private final InvocationLog log;
    private final Watchdog watchdog;

    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final CountDownLatch done = new CountDownLatch(1);
    /* Counted down once the handler's own deadline is known (after a cold start's Init). */
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile boolean finished;
    private volatile Thread thread;
    private volatile long deadlineNanos;

    // results, published to the caller by the latch
    private byte[] response;
    private String errorType;
    private String errorMessage;
    private boolean discardEnvironment;
    private volatile long initNanos = -1;
    private volatile long startNanos;
    private long endNanos;
    private long allocatedBytes;
    private long cpuNanos;
    private volatile long allocatedBefore;

    // the caller's view after a timeout; the worker may still be writing the fields above
    private byte[] timeoutResponse;
    private String timeoutMessage;
    private long timeoutDurationNanos;
    private long timeoutAllocatedBytes;

    Invocation(String functionName, String version, String requestId, String arn, int memory, int timeoutSeconds,
            ExecutionEnvironment environment, HandlerBinding binding, ClassLoader loader, byte[] payload,
            JsonElement json, ClientContext clientContext, InvocationLog log, Watchdog watchdog) {
        this.functionName = functionName;
        this.version = version;
        this.requestId = requestId;
        this.arn = arn;
        this.memory = memory;
        this.timeoutSeconds = timeoutSeconds;
        this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.environment = environment;
        this.binding = binding;
        this.loader = loader;
        this.payload = payload;
        this.json = json;
        this.clientContext = clientContext;
        this.log = log;
        this.watchdog = watchdog;
        long now = System.nanoTime();
        this.startNanos = now;
        this.deadlineNanos = now + timeoutNanos + (environment.initialized ? 0 : INIT_LIMIT_NANOS);
    }

    @Override
    public void run() {
        Thread worker = Thread.currentThread();
        thread = worker;
        ClassLoader previousLoader = worker.getContextClassLoader();
        long threadId = worker.getId();
        allocatedBefore = ThreadMetrics.allocatedBytes(threadId);
        long cpuBefore = ThreadMetrics.cpuNanos(threadId);
        FunctionScope scope = new FunctionScope(functionName, environment.environment);
        try {
            worker.setContextClassLoader(loader);
            try (FunctionSystem.Binding bound = FunctionSystem.bind(scope);
                    OutputCapture.Binding output = OutputCapture.bind(log)) {
                if (state.get() == RUNNING) {
                    execute();
                }
            }
        } finally {
            if (scope.exitStatus() != null) {
                // an exit call counts even when the function caught the ExitError
                exited(scope.exitStatus());
            }
            endNanos = System.nanoTime();
            allocatedBytes = ThreadMetrics.allocatedBytes(threadId) - allocatedBefore;
            cpuNanos = ThreadMetrics.cpuNanos(threadId) - cpuBefore;
            worker.setContextClassLoader(previousLoader);
            // the pool thread is reused: do not let an interrupt meant for this invocation leak
            Thread.interrupted();
            finished = true;
            state.compareAndSet(RUNNING, COMPLETED);
            started.countDown();
            done.countDown();
            watchdog.ended(this);
        }
    }

    private void execute() {
        try {
            if (!environment.initialized) {
                long initStart = System.nanoTime();
                try {
                    environment.handler = binding.newInstance();
                    environment.initialized = true;
                } finally {
                    initNanos = System.nanoTime() - initStart;
                }
            }
            startNanos = System.nanoTime();
            deadlineNanos = startNanos + timeoutNanos;
            started.countDown();
            InvocationContext context = new InvocationContext(requestId, functionName, version, arn,
                    environment.logStreamName, memory, clientContext, this, log);
            byte[] out = binding.invoke(environment.handler, payload, json, context);
            if (out.length > Invoker.MAX_SYNC_PAYLOAD) {
                fail("Function.ResponseSizeTooLarge", "Response payload size (" + out.length
                        + " bytes) exceeded maximum allowed payload size (6291556 bytes).");
            } else {
                response = out;
            }
        } catch (HandlerFailure failure) {
            fail(failure.errorType(), failure.getMessage());
        } catch (ExitError exit) {
            exited(exit.status());
        } catch (VirtualMachineError fatal) {
            // StackOverflowError, OutOfMemoryError: the environment's state cannot be trusted
            discardEnvironment = true;
            fail(fatal);
        } catch (Throwable error) {
            if (!environment.initialized) {
                discardEnvironment = true;
            }
            fail(error);
        }
    }

    private void exited(int status) {
        discardEnvironment = true;
        response = null;
        errorType = "Runtime.ExitError";
        errorMessage = "RequestId: " + requestId + " Error: Runtime exited with error: exit status " + status;
        response = ErrorDocuments.of(errorType, errorMessage);
    }

    private void fail(String type, String message) {
        errorType = type;
        errorMessage = message;
        response = ErrorDocuments.of(type, message);
    }

    private void fail(Throwable error) {
        errorType = error.getClass().getName();
        errorMessage = error.getMessage();
        response = ErrorDocuments.of(error);
    }

    /**
     * Waits until the worker finishes or the deadline passes; on timeout interrupts the worker, hands
     * it to the watchdog and turns the outcome into AWS's timeout error.
     *
     * @return true when the handler finished in time
     */
    boolean await() throws InterruptedException {
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                if (state.compareAndSet(RUNNING, TIMED_OUT)) {
                    timedOut();
                    return false;
                }
                done.await();
                return true;
            }
            if (started.getCount() > 0) {
                // the deadline moves once Init is over: wait for that, then re-read it
                started.await(remaining, TimeUnit.NANOSECONDS);
            } else if (done.await(remaining, TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    /** Gives up waiting (the caller itself was interrupted): same as a timeout. */
    void abandon() {
        if (state.compareAndSet(RUNNING, TIMED_OUT)) {
            timedOut();
        }
    }

    private void timedOut() {
        timeoutMessage = String.format(Locale.ROOT, "Task timed out after %d.00 seconds", timeoutSeconds);
        timeoutResponse = ErrorDocuments.of(TIMEOUT_ERROR, timeoutMessage);
        timeoutDurationNanos = Math.max(0, System.nanoTime() - startNanos);
        Thread worker = thread;
        if (worker != null) {
            timeoutAllocatedBytes = Math.max(0, ThreadMetrics.allocatedBytes(worker.getId()) - allocatedBefore);
            worker.interrupt();
        }
        watchdog.watch(this);
    }

    boolean timedOutState() {
        return state.get() == TIMED_OUT;
    }

    Outcome outcome() {
        if (state.get() == TIMED_OUT) {
            return Outcome.TIMEOUT;
        }
        return errorType == null ? Outcome.SUCCESS : Outcome.ERROR;
    }

    long deadlineNanos() {
        return deadlineNanos;
    }

    boolean finished() {
        return finished;
    }

    Thread thread() {
        return thread;
    }

    String functionName() {
        return functionName;
    }

    String requestId() {
        return requestId;
    }

    byte[] response() {
        return timedOutState() ? timeoutResponse : response;
    }

    String errorType() {
        return timedOutState() ? TIMEOUT_ERROR : errorType;
    }

    String errorMessage() {
        return timedOutState() ? timeoutMessage : errorMessage;
    }

    boolean discardEnvironment() {
        return timedOutState() || discardEnvironment;
    }

    /** Init duration of a cold start, -1 on a warm one (read after the worker finished or timed out). */
    long initNanos() {
        return initNanos;
    }

    long durationNanos() {
        return timedOutState() ? timeoutDurationNanos : Math.max(0, endNanos - startNanos);
    }

    long allocatedBytes() {
        return timedOutState() ? timeoutAllocatedBytes : allocatedBytes;
    }

    long cpuNanos() {
        return timedOutState() ? 0 : cpuNanos;
    }

    ExecutionEnvironment environment() {
        return environment;
    }
}
