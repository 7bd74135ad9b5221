package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNotNull;

import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

/**
 * Each function sees its own environment variables through {@code System.getenv}, on top of the
 * process environment, and a configuration change reaches only the function it was made for.
 * env-a declares COLOR=red and SHARED=a; env-b declares COLOR=blue only.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnvironmentIT extends RuntimeItSupport {

    @Before
    public void deploy() throws Exception {
        deployTestFunctions("env-a", "env-b");
    }

    @Test
    public void envASeesItsDeclaredVariables() {
        JsonObject seen = environmentOf("env-a");

        assertEquals("red", seen.get("COLOR").getAsString());
        assertEquals("a", seen.get("SHARED").getAsString());
    }

    @Test
    public void envBSeesItsOwnColorAndNothingOfEnvA() {
        JsonObject seen = environmentOf("env-b");

        assertEquals("blue", seen.get("COLOR").getAsString());
        assertFalse("SHARED belongs to env-a: " + seen, seen.has("SHARED"));
    }

    @Test
    public void eachFunctionSeesItsOwnNameMemorySizeAndRegion() {
        for (String function : new String[] {"env-a", "env-b"}) {
            JsonObject seen = environmentOf(function);
            assertEquals(function, seen.get("AWS_LAMBDA_FUNCTION_NAME").getAsString());
            assertEquals("128", seen.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").getAsString());
            assertEquals(property("stratus.region"), seen.get("AWS_REGION").getAsString());
        }
    }

    @Test
    public void mapFormOfGetenvAgreesWithTheSingleVariableForm() {
        assertEquals("red", environmentOf("env-a").get("mapColor").getAsString());
        assertEquals("blue", environmentOf("env-b").get("mapColor").getAsString());
    }

    @Test
    public void processEnvironmentShowsBeneathTheFunctionsVariables() {
        assumeNotNull(System.getenv("PATH"));
        assertTrue(environmentOf("env-a").get("pathPresent").getAsBoolean());
        assertTrue(environmentOf("env-b").get("pathPresent").getAsBoolean());
    }

    @Test
    public void updatedConfigurationReachesTheNextInvocationOfThatFunctionOnly() {
        // warm both functions first: the change must replace env-b's warm environment, not wait for a cold one
        assertEquals("blue", environmentOf("env-b").get("COLOR").getAsString());
        assertEquals("red", environmentOf("env-a").get("COLOR").getAsString());
        try {
            UpdateFunctionConfigurationResponse updated = lambda.updateFunctionConfiguration(b -> b
                    .functionName("env-b").memorySize(256)
                    .environment(e -> e.variables(Map.of("COLOR", "green", "SHARED", "b"))));
            assertEquals(Map.of("COLOR", "green", "SHARED", "b"), updated.environment().variables());
            assertEquals(256, updated.memorySize().intValue());

            GetFunctionConfigurationResponse stored = lambda.getFunctionConfiguration(b -> b.functionName("env-b"));
            assertEquals(Map.of("COLOR", "green", "SHARED", "b"), stored.environment().variables());
            assertEquals(256, stored.memorySize().intValue());

            JsonObject seenByB = environmentOf("env-b");
            assertEquals("green", seenByB.get("COLOR").getAsString());
            assertEquals("green", seenByB.get("mapColor").getAsString());
            assertEquals("b", seenByB.get("SHARED").getAsString());
            assertEquals("256", seenByB.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").getAsString());

            JsonObject seenByA = environmentOf("env-a");
            assertEquals("red", seenByA.get("COLOR").getAsString());
            assertEquals("a", seenByA.get("SHARED").getAsString());
            assertEquals("128", seenByA.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").getAsString());
            GetFunctionConfigurationResponse a = lambda.getFunctionConfiguration(b -> b.functionName("env-a"));
            assertEquals(Map.of("COLOR", "red", "SHARED", "a"), a.environment().variables());
            assertEquals(128, a.memorySize().intValue());
        } finally {
            // back to what the bundle declares, for the other tests of this class
            lambda.updateFunctionConfiguration(b -> b.functionName("env-b").memorySize(128)
                    .environment(e -> e.variables(Map.of("COLOR", "blue"))));
        }
    }

    @Test
    public void removingAVariableHidesItFromTheNextInvocation() {
        try {
            lambda.updateFunctionConfiguration(b -> b.functionName("env-b")
                    .environment(e -> e.variables(Map.of("SHARED", "only"))));

            JsonObject seen = environmentOf("env-b");
            assertFalse("COLOR was removed: " + seen, seen.has("COLOR"));
            assertFalse("COLOR was removed: " + seen, seen.has("mapColor"));
            assertEquals("only", seen.get("SHARED").getAsString());
        } finally {
            lambda.updateFunctionConfiguration(b -> b.functionName("env-b")
                    .environment(e -> e.variables(Map.of("COLOR", "blue"))));
        }
        assertEquals("blue", environmentOf("env-b").get("COLOR").getAsString());
    }

    /** What the function reported of its environment (absent members: variables it does not have). */
    private JsonObject environmentOf(String function) {
        return json(invoke(lambda, function, "{}"));
    }
}
