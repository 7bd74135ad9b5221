package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;

/**
 * A function's life through the deploy folder, seen through the Lambda API: a dropped jar becomes
 * invocable, a deleted jar takes its functions away, and ListFunctions pages over what is deployed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployLifecycleIT extends LambdaItSupport {

    /** The functions of the test-functions jar, sorted as ListFunctions returns them. */
    static final List<String> TEST_FUNCTION_NAMES = List.of("busy", "context", "counter", "echo", "echo-pojo",
            "echo-stream", "env-a", "env-b", "exiter", "halter", "hog", "log-apis", "log-writer", "printer", "recorder", "recurse", "sleeper",
            "spawner", "thrower");

    /* every test starts from an empty deploy folder */
    @After
    public void removeDeployedJars() throws Exception {
        undeploy(HELLO);
        undeploy(TEST_FUNCTIONS_JAR);
        awaitFunctionGone("hello");
        awaitFunctionGone("echo");
    }

    @Test
    public void droppedJarBecomesAnActiveFunctionWithItsDeclaredConfiguration() throws Exception {
        deploy(HELLO);
        FunctionConfiguration configuration = awaitFunction("hello");

        assertEquals("hello", configuration.functionName());
        assertEquals(arn("hello"), configuration.functionArn());
        assertEquals(State.ACTIVE, configuration.state());
        assertEquals("io.stratus.examples.hello.Hello", configuration.handler());
        assertEquals(Integer.valueOf(256), configuration.memorySize());
        assertEquals(Integer.valueOf(5), configuration.timeout());
        assertEquals("Says hello", configuration.description());
        assertEquals(Map.of("GREETING", "Hello"), configuration.environment().variables());
        assertEquals("$LATEST", configuration.version());
        assertTrue(configuration.codeSize() > 0);
    }

    @Test
    public void deployedFunctionAnswersWithItsPayloadVersionAndLogTail() throws Exception {
        deploy(HELLO);
        awaitFunction("hello");

        InvokeResponse response = invoke("hello", "{\"name\":\"Ada\"}");

        assertEquals(Integer.valueOf(200), response.statusCode());
        assertNull(response.functionError());
        assertEquals("$LATEST", response.executedVersion());
        String requestId = requestId(response);
        assertNotNull(requestId);
        JsonObject answer = json(response);
        assertEquals("Hello, Ada!", answer.get("message").getAsString());
        assertEquals("hello", answer.get("function").getAsString());
        assertEquals(requestId, answer.get("requestId").getAsString());

        String log = logTail(response);
        List<String> lines = log.lines().toList();
        assertEquals(log, "START RequestId: " + requestId + " Version: $LATEST", lines.get(0));
        assertTrue(log, lines.contains("greeting Ada"));
        assertEquals(log, "END RequestId: " + requestId, lines.get(lines.size() - 2));
        String report = lines.get(lines.size() - 1);
        assertTrue(log, report.matches("REPORT RequestId: " + requestId
                + "\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: \\d+ ms\tMemory Size: 256 MB\tMax Memory Used: \\d+ MB"
                + "(\tInit Duration: \\d+\\.\\d{2} ms)?"
                // monitoring's figures, as in the stored line
                + "\tCPU Time: \\d+\\.\\d{2} ms\tAllocated: \\d+ bytes\tBilled GB-s: [0-9.]+\tCost: [0-9.]+ USD"));
    }

    @Test
    public void deletedJarTakesItsFunctionAway() throws Exception {
        deploy(HELLO);
        awaitFunction("hello");
        assertEquals(Integer.valueOf(200), invoke("hello", "{}").statusCode());

        undeploy(HELLO);
        ResourceNotFoundException gone = awaitFunctionGone("hello");

        assertEquals(404, gone.statusCode());
        assertEquals("Function not found: " + arn("hello"), gone.awsErrorDetails().errorMessage());
        ResourceNotFoundException invoked = assertThrows(ResourceNotFoundException.class,
                () -> invoke("hello", "{}"));
        assertEquals(404, invoked.statusCode());
        assertEquals("Function not found: " + arn("hello"), invoked.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class,
                () -> lambda.getFunctionConfiguration(b -> b.functionName("hello")));
        assertFalse(names(lambda.listFunctions()).contains("hello"));
    }

    @Test
    public void redeployedJarServesAgain() throws Exception {
        deploy(HELLO);
        awaitFunction("hello");
        undeploy(HELLO);
        awaitFunctionGone("hello");

        deploy(HELLO);
        awaitFunction("hello");

        assertEquals("Hello, Bob!", json(invoke("hello", "{\"name\":\"Bob\"}")).get("message").getAsString());
    }

    @Test
    public void oneJarDeploysEveryFunctionItDeclares() throws Exception {
        deploy(TEST_FUNCTIONS_JAR);
        awaitFunction("echo");

        List<String> listed = await("all 19 test functions", DEPLOY, () -> {
            List<String> names = names(lambda.listFunctions());
            return names.size() == TEST_FUNCTION_NAMES.size() ? names : null;
        });

        assertEquals(TEST_FUNCTION_NAMES, listed);
        GetFunctionResponse echo = lambda.getFunction(b -> b.functionName("echo"));
        assertEquals("io.stratus.test.functions.Echo", echo.configuration().handler());
        assertEquals(Integer.valueOf(128), echo.configuration().memorySize());
        assertEquals(Integer.valueOf(3), echo.configuration().timeout());
    }

    @Test
    public void listFunctionsPagesWithMaxItems() throws Exception {
        deploy(TEST_FUNCTIONS_JAR);
        deploy(HELLO);
        List<String> all = new ArrayList<>(TEST_FUNCTION_NAMES);
        all.add("hello");
        all.sort(null);
        await("20 functions", DEPLOY, () -> names(lambda.listFunctions()).size() == all.size() ? all : null);

        List<String> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListFunctionsResponse page = lambda.listFunctions(b -> b.maxItems(5).marker(from));
            pageSizes.add(page.functions().size());
            paged.addAll(names(page));
            marker = page.nextMarker();
        } while (marker != null);

        assertEquals(List.of(5, 5, 5, 5), pageSizes);
        assertEquals(all, paged);
        assertEquals(all.size(), new TreeSet<>(paged).size());
    }

    @Test
    public void listFunctionsWithoutMaxItemsAnswersOnePageWithoutMarker() throws Exception {
        deploy(TEST_FUNCTIONS_JAR);
        await("19 functions", DEPLOY,
                () -> names(lambda.listFunctions()).size() == TEST_FUNCTION_NAMES.size() ? Boolean.TRUE : null);

        ListFunctionsResponse response = lambda.listFunctions();

        assertEquals(TEST_FUNCTION_NAMES, names(response));
        assertNull(response.nextMarker());
    }

    @Test
    public void sdkPaginatorWalksEveryPage() throws Exception {
        deploy(TEST_FUNCTIONS_JAR);
        await("19 functions", DEPLOY,
                () -> names(lambda.listFunctions()).size() == TEST_FUNCTION_NAMES.size() ? Boolean.TRUE : null);

        List<String> names = lambda.listFunctionsPaginator(b -> b.maxItems(3)).functions().stream()
                .map(FunctionConfiguration::functionName).toList();

        assertEquals(TEST_FUNCTION_NAMES, names);
    }

    @Test
    public void listFunctionsRefusesMaxItemsZeroAndAForeignMarker() throws Exception {
        LambdaException zero = assertThrows(LambdaException.class, () -> lambda.listFunctions(b -> b.maxItems(0)));
        assertAwsError("ValidationException", 400, zero);

        LambdaException marker = assertThrows(LambdaException.class,
                () -> lambda.listFunctions(b -> b.marker("!not-a-marker!")));
        assertAwsError("InvalidParameterValueException", 400, marker);
    }

    private static List<String> names(ListFunctionsResponse response) {
        return response.functions().stream().map(FunctionConfiguration::functionName).toList();
    }
}
