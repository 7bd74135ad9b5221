package io.stratus.lambda.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsService;
import io.stratus.aws.impl.AwsFrontDoor;
import io.stratus.iam.impl.ResourcePolicyEvaluation;
import io.stratus.lambda.api.FunctionPolicies;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AddPermissionResponse;
import software.amazon.awssdk.services.lambda.model.GetPolicyResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * AddPermission, GetPolicy and RemovePermission through the SDK's LambdaClient and the real front
 * door, with the policies evaluated by IAM's evaluator as S3 and EventBridge ask it.
 */
public class FunctionPolicySdkTest {

    private static final String BUCKET_ARN = "arn:aws:s3:::incoming";
    private static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:" + Fakes.ACCOUNT + ":function:hello";

    private static Server server;
    private static AwsFrontDoor frontDoor;
    private static LambdaClient lambda;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;
    private FunctionPolicyStore store;
    private LambdaApi api;

    @BeforeClass
    public static void startEndpoint() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(FunctionPolicySdkTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return Map.of("stratus.account", Fakes.ACCOUNT).get(args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AwsFrontDoor.Config config = (AwsFrontDoor.Config) Proxy.newProxyInstance(
                FunctionPolicySdkTest.class.getClassLoader(), new Class<?>[] { AwsFrontDoor.Config.class },
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
        lambda = LambdaClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + connector.getLocalPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTRATUS", "secret")))
                .build();
    }

    @AfterClass
    public static void stopEndpoint() throws Exception {
        lambda.close();
        server.stop();
    }

    @Before
    public void registerApi() throws Exception {
        file = folder.getRoot().toPath().resolve("lambda/policies.json");
        store = new FunctionPolicyStore(file, new ResourcePolicyEvaluation(), "us-east-1", Fakes.ACCOUNT);
        Fakes.Registry registry = new Fakes.Registry().add(Fakes.function("hello")).add(Fakes.function("other"));
        api = new LambdaApi(registry, new Fakes.RecordingInvoker(), bundleId -> new ByteArrayInputStream(new byte[0]),
                "unused:1", null, null, store);
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

    private AddPermissionResponse allowS3(String sid, String sourceArn) {
        return lambda.addPermission(b -> b.functionName("hello").statementId(sid).action("lambda:InvokeFunction")
                .principal("s3.amazonaws.com").sourceArn(sourceArn).sourceAccount(Fakes.ACCOUNT));
    }

    @Test
    public void addPermissionAnswersTheStatementAndGetPolicyTheWholePolicy() {
        AddPermissionResponse added = allowS3("s3invoke", BUCKET_ARN);

        JsonObject statement = JsonParser.parseString(added.statement()).getAsJsonObject();
        assertEquals("s3invoke", statement.get("Sid").getAsString());
        assertEquals("Allow", statement.get("Effect").getAsString());
        assertEquals("s3.amazonaws.com", statement.getAsJsonObject("Principal").get("Service").getAsString());
        assertEquals("lambda:InvokeFunction", statement.get("Action").getAsString());
        assertEquals(FUNCTION_ARN, statement.get("Resource").getAsString());
        JsonObject condition = statement.getAsJsonObject("Condition");
        assertEquals(BUCKET_ARN, condition.getAsJsonObject("ArnLike").get("AWS:SourceArn").getAsString());
        assertEquals(Fakes.ACCOUNT, condition.getAsJsonObject("StringEquals").get("AWS:SourceAccount").getAsString());

        GetPolicyResponse policy = lambda.getPolicy(b -> b.functionName("hello"));
        JsonObject document = JsonParser.parseString(policy.policy()).getAsJsonObject();
        assertEquals("2012-10-17", document.get("Version").getAsString());
        assertEquals(1, document.getAsJsonArray("Statement").size());
        assertEquals(statement, document.getAsJsonArray("Statement").get(0));
        assertFalse(policy.revisionId().isEmpty());
    }

    @Test
    public void theServiceMayInvokeOnlyForTheSourceAndAccountThePolicyNames() {
        allowS3("s3invoke", "arn:aws:s3:::logs-*");

        assertTrue(store.mayInvoke("hello", null, FunctionPolicies.S3, "arn:aws:s3:::logs-2026", Fakes.ACCOUNT).allowed());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, "arn:aws:s3:::photos", Fakes.ACCOUNT).allowed());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, "arn:aws:s3:::logs-2026", "999999999999")
                .allowed());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.EVENTS, "arn:aws:s3:::logs-2026", Fakes.ACCOUNT)
                .allowed());
        assertFalse("another function's policy", store.mayInvoke("other", null, FunctionPolicies.S3,
                "arn:aws:s3:::logs-2026", Fakes.ACCOUNT).allowed());
        assertFalse("the unqualified policy does not cover an alias", store.mayInvoke("hello", "live",
                FunctionPolicies.S3, "arn:aws:s3:::logs-2026", Fakes.ACCOUNT).allowed());
    }

    @Test
    public void aStatementWithoutSourceAllowsTheServiceForAnySource() {
        lambda.addPermission(b -> b.functionName("hello").statementId("events").action("lambda:*")
                .principal("events.amazonaws.com"));

        assertTrue(store.mayInvoke("hello", null, FunctionPolicies.EVENTS,
                "arn:aws:events:us-east-1:" + Fakes.ACCOUNT + ":rule/any", Fakes.ACCOUNT).allowed());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, BUCKET_ARN, Fakes.ACCOUNT).allowed());
    }

    @Test
    public void aDuplicateStatementIdIsAConflictAndChangesNothing() {
        allowS3("s3invoke", BUCKET_ARN);
        String revision = lambda.getPolicy(b -> b.functionName("hello")).revisionId();

        ResourceConflictException e = assertThrows(ResourceConflictException.class,
                () -> allowS3("s3invoke", "arn:aws:s3:::other"));
        assertEquals(409, e.statusCode());
        assertEquals(revision, lambda.getPolicy(b -> b.functionName("hello")).revisionId());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, "arn:aws:s3:::other", Fakes.ACCOUNT).allowed());
    }

    @Test
    public void removePermissionRemovesOneStatementAndTheLastOneThePolicy() {
        allowS3("one", BUCKET_ARN);
        allowS3("s3-other.bucket_2", "arn:aws:s3:::other");

        lambda.removePermission(b -> b.functionName("hello").statementId("one"));
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, BUCKET_ARN, Fakes.ACCOUNT).allowed());
        assertTrue(store.mayInvoke("hello", null, FunctionPolicies.S3, "arn:aws:s3:::other", Fakes.ACCOUNT).allowed());
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.removePermission(b -> b.functionName("hello").statementId("one")));

        lambda.removePermission(b -> b.functionName("hello").statementId("s3-other.bucket_2"));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(b -> b.functionName("hello")));
    }

    @Test
    public void aStaleRevisionIdIsAPreconditionFailure() {
        allowS3("one", BUCKET_ARN);
        String revision = lambda.getPolicy(b -> b.functionName("hello")).revisionId();
        allowS3("two", "arn:aws:s3:::other");
        String latest = lambda.getPolicy(b -> b.functionName("hello")).revisionId();
        assertNotEquals(revision, latest);

        assertThrows(PreconditionFailedException.class, () -> lambda.addPermission(b -> b.functionName("hello")
                .statementId("three").action("lambda:InvokeFunction").principal("s3.amazonaws.com").revisionId(revision)));
        assertThrows(PreconditionFailedException.class, () -> lambda.removePermission(b -> b.functionName("hello")
                .statementId("one").revisionId(revision)));
        lambda.removePermission(b -> b.functionName("hello").statementId("one").revisionId(latest));
    }

    @Test
    public void badInputIsRefusedAndChangesNothing() throws Exception {
        assertThrows(ResourceNotFoundException.class, () -> lambda.addPermission(b -> b.functionName("missing")
                .statementId("s").action("lambda:InvokeFunction").principal("s3.amazonaws.com")));
        assertThrows(ResourceNotFoundException.class, () -> lambda.getPolicy(b -> b.functionName("hello")));
        assertThrows(InvalidParameterValueException.class, () -> lambda.addPermission(b -> b.functionName("hello")
                .statementId("s").action("lambda:InvokeFunction").principal("not-a-principal")));
        LambdaException badAction = assertThrows(LambdaException.class, () -> lambda.addPermission(
                b -> b.functionName("hello").statementId("s").action("s3:GetObject").principal("s3.amazonaws.com")));
        assertEquals("ValidationException", badAction.awsErrorDetails().errorCode());
        LambdaException badSid = assertThrows(LambdaException.class, () -> lambda.addPermission(
                b -> b.functionName("hello").statementId("no spaces").action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com")));
        assertEquals("ValidationException", badSid.awsErrorDetails().errorCode());
        LambdaException badAccount = assertThrows(LambdaException.class, () -> lambda.addPermission(
                b -> b.functionName("hello").statementId("s").action("lambda:InvokeFunction")
                        .principal("s3.amazonaws.com").sourceAccount("12")));
        assertEquals("ValidationException", badAccount.awsErrorDetails().errorCode());
        assertFalse(Files.exists(file));
    }

    @Test
    public void policiesSurviveARestartAndGoWithTheFunction() throws Exception {
        allowS3("s3invoke", BUCKET_ARN);
        String revision = lambda.getPolicy(b -> b.functionName("hello")).revisionId();

        FunctionPolicyStore reopened = new FunctionPolicyStore(file, new ResourcePolicyEvaluation(), "us-east-1",
                Fakes.ACCOUNT);
        assertEquals(revision, reopened.get("hello", null).orElseThrow().revisionId());
        assertTrue(reopened.mayInvoke("hello", null, FunctionPolicies.S3, BUCKET_ARN, Fakes.ACCOUNT).allowed());

        reopened.removeAll("hello");
        FunctionPolicyStore again = new FunctionPolicyStore(file, new ResourcePolicyEvaluation(), "us-east-1",
                Fakes.ACCOUNT);
        assertTrue(again.get("hello", null).isEmpty());
    }

    @Test
    public void anAliasHasItsOwnPolicy() throws Exception {
        store.add("hello", "live", "s3live", statement("s3live", FUNCTION_ARN + ":live"), null);

        assertTrue(store.mayInvoke("hello", "live", FunctionPolicies.S3, BUCKET_ARN, Fakes.ACCOUNT).allowed());
        assertFalse(store.mayInvoke("hello", null, FunctionPolicies.S3, BUCKET_ARN, Fakes.ACCOUNT).allowed());
    }

    private static JsonObject statement(String sid, String resource) {
        return JsonParser.parseString("{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                + "\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"" + resource
                + "\",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"" + BUCKET_ARN + "\"}}}").getAsJsonObject();
    }
}
