package io.stratus.lambda.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.osgi.framework.BundleContext;

import io.stratus.aws.api.AwsService;
import io.stratus.aws.impl.AwsFrontDoor;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationResult;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionEventInvokeConfigResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.ThrottleReason;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

/**
 * The AWS SDK's LambdaClient against the real front door and this API on a plain Jetty, over
 * HTTP: what the SDK sends is routed, and what we answer (shapes, errors, headers) is what the
 * SDK understands.
 */
public class LambdaSdkCompatibilityTest {

    private static Server server;
    private static AwsFrontDoor frontDoor;
    private static String endpoint;
    private static LambdaClient lambda;

    private Fakes.Registry registry;
    private Fakes.RecordingInvoker invoker;
    private LambdaApi api;
    private final byte[] jar = "PK\u0003\u0004jar".getBytes(StandardCharsets.ISO_8859_1);

    @BeforeClass
    public static void startEndpoint() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(LambdaSdkCompatibilityTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return Map.of("stratus.account", Fakes.ACCOUNT).get(args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AwsFrontDoor.Config config = (AwsFrontDoor.Config) Proxy.newProxyInstance(
                LambdaSdkCompatibilityTest.class.getClassLoader(), new Class<?>[] { AwsFrontDoor.Config.class },
                (proxy, m, args) -> m.getName().equals("maxFormBytes") ? 1 << 20 : null);
        frontDoor = new AwsFrontDoor(context, config);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(frontDoor), "/*");
        server.setHandler(handler);
        server.start();
        endpoint = "http://127.0.0.1:" + connector.getLocalPort();
        lambda = LambdaClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTRATUS", "secret")))
                .build();
    }

    @AfterClass
    public static void stopEndpoint() throws Exception {
        lambda.close();
        server.stop();
    }

    @Before
    public void registerApi() {
        registry = new Fakes.Registry().add(Fakes.function("hello")).add(Fakes.function("other"));
        invoker = new Fakes.RecordingInvoker();
        api = new LambdaApi(registry, invoker, bundleId -> new ByteArrayInputStream(jar), "unused:1");
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", 1L);
        properties.put(AwsService.SERVICE, "lambda");
        properties.put(AwsService.PROTOCOL, "rest-json");
        properties.put(AwsService.PATH_PREFIX, LambdaOperation.PATH_PREFIXES);
        frontDoor.addService(api, properties);
    }

    @After
    public void unregisterApi() {
        frontDoor.removeService(api);
    }

    @Test
    public void invokeReturnsThePayloadAndTheInvocationHeaders() {
        invoker.result = new InvocationResult("inv-7", "$LATEST", "{\"greeting\":\"hi\"}".getBytes(), null,
                "START RequestId: inv-7 Version: $LATEST\nEND RequestId: inv-7\n");

        InvokeResponse response = lambda.invoke(r -> r.functionName("hello").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"name\":\"stratus\"}")));

        assertEquals(200, response.statusCode().intValue());
        assertEquals("{\"greeting\":\"hi\"}", response.payload().asUtf8String());
        assertEquals("$LATEST", response.executedVersion());
        assertNull(response.functionError());
        assertEquals("START RequestId: inv-7 Version: $LATEST\nEND RequestId: inv-7\n",
                new String(java.util.Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8));
        assertEquals("inv-7", response.responseMetadata().requestId());
        assertEquals("{\"name\":\"stratus\"}", new String(invoker.sync.get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    public void invokeByArnWithQualifier() {
        lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:" + Fakes.ACCOUNT + ":function:hello")
                .qualifier("$LATEST"));

        assertEquals("hello", invoker.sync.get(0).functionName());
        assertEquals("$LATEST", invoker.sync.get(0).qualifier());
    }

    @Test
    public void functionErrorsReachTheSdk() {
        invoker.result = new InvocationResult("inv-8", "$LATEST",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}".getBytes(),
                "Unhandled", null);

        InvokeResponse response = lambda.invoke(r -> r.functionName("hello"));

        assertEquals("Unhandled", response.functionError());
        assertTrue(response.payload().asUtf8String().contains("\"errorMessage\":\"boom\""));
    }

    @Test
    public void eventAndDryRunInvocations() {
        assertEquals(202, lambda.invoke(r -> r.functionName("hello").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}"))).statusCode().intValue());
        assertEquals(204, lambda.invoke(r -> r.functionName("hello").invocationType(InvocationType.DRY_RUN))
                .statusCode().intValue());
        assertEquals(1, invoker.async.size());
        assertTrue(invoker.sync.isEmpty());
    }

    @Test
    public void anUnknownFunctionIsTheSdksResourceNotFoundException() {
        try {
            lambda.invoke(r -> r.functionName("missing"));
            fail();
        } catch (ResourceNotFoundException e) {
            assertEquals(404, e.statusCode());
            assertEquals("ResourceNotFoundException", e.awsErrorDetails().errorCode());
            assertEquals("Function not found: arn:aws:lambda:us-east-1:" + Fakes.ACCOUNT + ":function:missing",
                    e.awsErrorDetails().errorMessage());
            assertFalse(e.requestId() == null || e.requestId().isEmpty());
        }
    }

    @Test
    public void throttlingCarriesItsReason() {
        invoker.refusal = FunctionException.throttled("ReservedFunctionConcurrentInvocationLimitExceeded");

        try {
            lambda.invoke(r -> r.functionName("hello"));
            fail();
        } catch (TooManyRequestsException e) {
            assertEquals(429, e.statusCode());
            assertEquals(ThrottleReason.RESERVED_FUNCTION_CONCURRENT_INVOCATION_LIMIT_EXCEEDED, e.reason());
        }
    }

    @Test
    public void badPayloadsAreTheSdksModeledExceptions() {
        try {
            lambda.invoke(r -> r.functionName("hello").payload(SdkBytes.fromUtf8String("{oops")));
            fail();
        } catch (InvalidRequestContentException e) {
            assertEquals(400, e.statusCode());
        }
        try {
            lambda.invoke(r -> r.functionName("hello").payload(SdkBytes.fromByteArray(new byte[6 * 1024 * 1024 + 1])));
            fail();
        } catch (RequestTooLargeException e) {
            assertEquals(413, e.statusCode());
            assertEquals("Request must be smaller than 6291456 bytes for the InvokeFunction operation",
                    e.awsErrorDetails().errorMessage());
        }
        assertTrue(invoker.sync.isEmpty());
    }

    @Test
    public void listFunctionsPagesThroughEverything() {
        for (int i = 0; i < 7; i++) {
            registry.add(Fakes.function("fn-" + i));
        }

        List<String> names = lambda.listFunctionsPaginator(r -> r.maxItems(3)).functions().stream()
                .map(FunctionConfiguration::functionName).toList();

        assertEquals(List.of("fn-0", "fn-1", "fn-2", "fn-3", "fn-4", "fn-5", "fn-6", "hello", "other"), names);
    }

    @Test
    public void getFunctionParsesIntoTheSdkModelAndTheCodeLocationServesTheJar() throws Exception {
        lambda.putFunctionConcurrency(r -> r.functionName("hello").reservedConcurrentExecutions(5));

        GetFunctionResponse response = lambda.getFunction(r -> r.functionName("hello"));

        FunctionConfiguration configuration = response.configuration();
        assertEquals("hello", configuration.functionName());
        assertEquals("java17", configuration.runtimeAsString());
        assertEquals(State.ACTIVE, configuration.state());
        assertEquals("2026-11-25T10:01:00.000+0000", configuration.lastModified());
        assertEquals(Integer.valueOf(512), configuration.ephemeralStorage().size());
        assertEquals("/aws/lambda/hello", configuration.loggingConfig().logGroup());
        assertEquals(Integer.valueOf(5), response.concurrency().reservedConcurrentExecutions());
        assertEquals("S3", response.code().repositoryType());
        HttpResponse<byte[]> code = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(response.code().location())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, code.statusCode());
        assertArrayEquals(jar, code.body());
        assertTrue(response.code().location().startsWith(endpoint));
    }

    @Test
    public void updateFunctionConfigurationAndItsRefusals() {
        var updated = lambda.updateFunctionConfiguration(r -> r.functionName("hello")
                .memorySize(256).timeout(10).environment(e -> e.variables(Map.of("GREETING", "hi"))));

        assertEquals(Integer.valueOf(256), updated.memorySize());
        assertEquals(Map.of("GREETING", "hi"), updated.environment().variables());

        try {
            lambda.updateFunctionConfiguration(r -> r.functionName("hello").memorySize(64));
            fail();
        } catch (LambdaException e) {
            assertEquals(400, e.statusCode());
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        }
        try {
            lambda.updateFunctionConfiguration(r -> r.functionName("hello").handler("com.example.Other"));
            fail();
        } catch (InvalidParameterValueException e) {
            assertEquals(400, e.statusCode());
        }
        assertEquals(Integer.valueOf(256), lambda.getFunctionConfiguration(r -> r.functionName("hello")).memorySize());
    }

    @Test
    public void concurrencyRoundTrip() {
        assertEquals(Integer.valueOf(3), lambda.putFunctionConcurrency(r -> r.functionName("hello")
                .reservedConcurrentExecutions(3)).reservedConcurrentExecutions());
        assertEquals(Integer.valueOf(3), lambda.getFunctionConcurrency(r -> r.functionName("hello"))
                .reservedConcurrentExecutions());

        lambda.deleteFunctionConcurrency(r -> r.functionName("hello"));

        assertNull(lambda.getFunctionConcurrency(r -> r.functionName("hello")).reservedConcurrentExecutions());
    }

    @Test
    public void eventInvokeConfigRoundTrip() {
        try {
            lambda.getFunctionEventInvokeConfig(r -> r.functionName("hello"));
            fail();
        } catch (ResourceNotFoundException expected) {
        }
        lambda.putFunctionEventInvokeConfig(r -> r.functionName("hello").maximumRetryAttempts(1));
        lambda.updateFunctionEventInvokeConfig(r -> r.functionName("hello").maximumEventAgeInSeconds(600));

        GetFunctionEventInvokeConfigResponse config = lambda.getFunctionEventInvokeConfig(r -> r.functionName("hello"));

        assertEquals(Integer.valueOf(1), config.maximumRetryAttempts());
        assertEquals(Integer.valueOf(600), config.maximumEventAgeInSeconds());
        assertEquals(registry.now, config.lastModified());
        assertEquals(Instant.class, config.lastModified().getClass());
        lambda.deleteFunctionEventInvokeConfig(r -> r.functionName("hello"));
        try {
            lambda.getFunctionEventInvokeConfig(r -> r.functionName("hello"));
            fail();
        } catch (ResourceNotFoundException expected) {
        }
    }

    @Test
    public void accountSettings() {
        var settings = lambda.getAccountSettings();

        assertEquals(Integer.valueOf(1000), settings.accountLimit().concurrentExecutions());
        assertEquals(Long.valueOf(2), settings.accountUsage().functionCount());
    }
}
