package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.osgi.framework.ServiceRegistration;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * What the deployment, concurrency, bad-input, failed-bundle and handler ITs add to
 * {@link RuntimeItSupport}: any test jar (hello, the unresolvable bundle) dropped into and deleted
 * from the deploy folder, waiting for functions to come and go, invocations with their log tail,
 * AWS error assertions, the health document, and a recorder of the runtime's invocation records.
 */
public abstract class LambdaItSupport extends RuntimeItSupport {

    /** The bundle declaring {@code broken}, which cannot resolve. */
    static final String UNRESOLVABLE = "io.stratus.test.functions.unresolvable.jar";
    /** examples/hello. */
    static final String HELLO = "io.stratus.examples.hello.jar";

    static final String ACCOUNT = "000000000000";
    static final String REGION = "us-east-1";

    private static final Gson GSON = new Gson();

    // ---- deployment through the deploy folder

    /** The built jar of a test bundle (copied next to the ITs by the distribution's build). */
    static Path built(String jar) {
        Path file = Path.of(required("stratus.test.functions")).resolve(jar);
        assertTrue(file + " is missing: the distribution's pre-integration-test phase copies it", Files.isRegularFile(file));
        return file;
    }

    /**
     * Drops a jar into the deploy folder. It is written under another name first and renamed, so
     * FileInstall never sees half a jar.
     */
    protected Path deploy(String jar) throws IOException {
        Path target = deployDirectory().resolve(jar);
        Path partial = deployDirectory().resolve(jar + ".part");
        Files.copy(built(jar), partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Deploys the jar unless an earlier test of the class already did. */
    protected void ensureDeployed(String jar) throws IOException {
        if (!Files.exists(deployDirectory().resolve(jar))) {
            deploy(jar);
        }
    }

    protected void undeploy(String jar) throws IOException {
        Files.deleteIfExists(deployDirectory().resolve(jar));
    }

    /** Polls GetFunction until the function exists; its configuration then. */
    protected FunctionConfiguration awaitFunction(String name) throws InterruptedException {
        return await("function " + name + " to be deployed", DEPLOY, () -> {
            try {
                return lambda.getFunction(b -> b.functionName(name)).configuration();
            } catch (ResourceNotFoundException e) {
                return null;
            }
        }, this::deploymentState);
    }

    /** Polls GetFunction until it answers ResourceNotFoundException; that answer. */
    protected ResourceNotFoundException awaitFunctionGone(String name) throws InterruptedException {
        return await("function " + name + " to be removed", DEPLOY, () -> {
            try {
                lambda.getFunction(b -> b.functionName(name));
                return null;
            } catch (ResourceNotFoundException e) {
                return e;
            }
        });
    }

    // ---- invocation

    /** A synchronous invocation with the log tail requested. */
    protected InvokeResponse invoke(String function, String json) {
        return lambda.invoke(b -> b.functionName(function).logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String(json)));
    }

    static String text(InvokeResponse response) {
        return response.payload() == null ? "" : response.payload().asUtf8String();
    }

    /** The base64 log tail of an invocation, decoded. */
    static String logTail(InvokeResponse response) {
        assertTrue("no X-Amz-Log-Result", response.logResult() != null);
        return new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8);
    }

    /** The request id the platform answered with (x-amzn-RequestId, as the SDK reads it). */
    static String requestId(InvokeResponse response) {
        return response.responseMetadata().requestId();
    }

    /** The AWS error code and HTTP status of a refusal, e.g. {@code ValidationException 400}. */
    static void assertAwsError(String code, int status, AwsServiceException e) {
        assertEquals(e.toString(), code, e.awsErrorDetails().errorCode());
        assertEquals(e.toString(), status, e.statusCode());
    }

    static String arn(String function) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function;
    }

    // ---- health

    protected JsonObject health() throws IOException {
        return GSON.fromJson(get("/system/health").body(), JsonObject.class);
    }

    /** The messages of the health findings from {@code source}. */
    protected List<String> healthFindings(String source) throws IOException {
        List<String> messages = new ArrayList<>();
        for (JsonElement element : health().getAsJsonArray("findings")) {
            JsonObject finding = element.getAsJsonObject();
            if (source.equals(finding.get("source").getAsString())) {
                messages.add(finding.get("message").getAsString());
            }
        }
        return messages;
    }

    // ---- invocation records

    /**
     * Registers an {@link InvocationListener} for the rest of the test; the runtime hands it a record
     * of every invocation, throttled ones included, in the order they ended.
     */
    protected Invocations recordInvocations() {
        Invocations invocations = new Invocations();
        invocations.registration = context.registerService(InvocationListener.class, invocations, null);
        return invocations;
    }

    /** The records the runtime published since {@link #recordInvocations()}. */
    protected static final class Invocations implements InvocationListener, AutoCloseable {
        private final BlockingQueue<InvocationRecord> records = new LinkedBlockingQueue<>();
        private ServiceRegistration<InvocationListener> registration;

        @Override
        public void invoked(InvocationRecord record) {
            records.add(record);
        }

        /** The next record, waiting for it up to {@code timeout}; fails when none comes. */
        public InvocationRecord next(Duration timeout) throws InterruptedException {
            InvocationRecord record = records.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (record == null) {
                fail("no invocation record within " + timeout.toSeconds() + " s");
            }
            return record;
        }

        /**
         * Every record up to and including the one for {@code requestId}. The runtime publishes
         * records in the order invocations ended, so nothing published before that one is missed.
         */
        public List<InvocationRecord> until(String requestId, Duration timeout) throws InterruptedException {
            List<InvocationRecord> seen = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                InvocationRecord record = left <= 0 ? null : records.poll(left, TimeUnit.NANOSECONDS);
                if (record == null) {
                    fail("no invocation record for request " + requestId + " within " + timeout.toSeconds()
                            + " s; seen: " + describe(seen, r -> r.functionName() + "/" + r.requestId()));
                }
                seen.add(record);
                if (requestId.equals(record.requestId())) {
                    return seen;
                }
            }
        }

        @Override
        public void close() {
            registration.unregister();
        }
    }

    static <T> String describe(List<T> items, Function<T, String> label) {
        return items.stream().map(label).toList().toString();
    }
}
