package io.stratus.distribution.it;

import static io.stratus.distribution.it.RuntimeItSupport.awaitActive;
import static io.stratus.distribution.it.RuntimeItSupport.await;
import static io.stratus.distribution.it.RuntimeItSupport.awaitTrue;
import static io.stratus.distribution.it.RuntimeItSupport.json;
import static io.stratus.distribution.it.RuntimeItSupport.lines;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * An accepted asynchronous event survives the platform being killed without a chance to shut down
 * ({@code kill -9}) and runs once it is started again on the same data directory. The function has
 * reserved concurrency 0 meanwhile, so the event is throttled and re-queued (throttling uses none of
 * its retries) until the limit is removed after the restart.
 */
public class AsyncRestartIT {

    private static final Duration READY = Duration.ofSeconds(60);
    /* The runtime backs a throttled event off 1 s, 2 s, 4 s ... so the limit's removal is seen within seconds. */
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Test
    public void acceptedEventSurvivesAKillAndRunsAfterTheRestart() throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        Path directory = Files.createTempDirectory(work, "AsyncRestartIT-");
        Path file = directory.resolve("counter.log");
        String event = "{\"file\":" + new JsonPrimitive(file.toString()) + "}";

        StratusProcess first = StratusProcess.start(directory, Map.of());
        String requestId;
        try {
            first.awaitBanner(READY);
            RuntimeItSupport.dropTestFunctions(directory.resolve("deploy"));
            try (LambdaClient lambda = client(first)) {
                awaitActive(lambda, "counter");
                lambda.putFunctionConcurrency(b -> b.functionName("counter").reservedConcurrentExecutions(0));

                InvokeResponse response = lambda.invoke(b -> b.functionName("counter")
                        .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(event)));

                assertEquals(202, response.statusCode().intValue());
                requestId = response.responseMetadata().requestId();
            }
            // the runtime tried it, was throttled and stored it again for later
            Path stored = directory.resolve("data/runtime/async/" + requestId + ".json");
            JsonObject throttled = await("the event to be throttled at least once", DELIVERY, () -> {
                JsonObject json = Files.exists(stored) ? json(Files.readString(stored, StandardCharsets.UTF_8)) : null;
                return json != null && json.get("throttles").getAsInt() >= 1 ? json : null;
            });
            assertEquals(0, throttled.get("attempts").getAsInt());
            assertEquals(List.of(), lines(file));
        } finally {
            first.kill();
        }

        try (StratusProcess second = first.restart(Map.of())) {
            second.awaitBanner(READY);
            try (LambdaClient lambda = client(second)) {
                awaitActive(lambda, "counter");
                // the limit outlived the kill too, so the event cannot have run yet
                assertEquals(0, lambda.getFunctionConcurrency(b -> b.functionName("counter"))
                        .reservedConcurrentExecutions().intValue());
                assertEquals(List.of(), lines(file));

                lambda.deleteFunctionConcurrency(b -> b.functionName("counter"));

                String id = requestId;
                awaitTrue("counter to run event " + id + " after the restart", DELIVERY,
                        () -> lines(file).contains(id));
                assertEquals(List.of(requestId), lines(file));
            }
            assertTrue(second.isAlive());
        }
    }

    private static LambdaClient client(StratusProcess stratus) {
        return RuntimeItSupport.lambdaClient(URI.create("http://127.0.0.1:" + stratus.awsPort()), "us-east-1",
                stratus.workingDirectory().resolve("data/credentials"));
    }
}
