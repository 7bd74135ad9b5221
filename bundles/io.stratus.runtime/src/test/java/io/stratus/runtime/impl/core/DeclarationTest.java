package io.stratus.runtime.impl.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.function.api.FunctionNamespace;

/** Declared values are checked against AWS's rules; defaults fill what the annotation left out. */
public class DeclarationTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/default";

    private static Declaration parse(Object... attributes) {
        Map<String, Object> map = new HashMap<>();
        map.put(FunctionNamespace.NAMESPACE, "fn");
        map.put(FunctionNamespace.HANDLER_CLASS, "com.example.Handler");
        for (int i = 0; i < attributes.length; i += 2) {
            map.put((String) attributes[i], attributes[i + 1]);
        }
        return Declaration.parse(map, ROLE);
    }

    @Test
    public void defaultsApplyToOmittedAttributes() {
        Declaration d = parse();
        assertTrue(d.valid());
        assertEquals(128, d.spec().memorySize());
        assertEquals(3, d.spec().timeout());
        assertEquals(Map.of(), d.spec().environment());
        assertEquals(ROLE, d.spec().role());
        assertEquals("", d.spec().description());
        assertEquals("com.example.Handler", d.spec().handler());
    }

    @Test
    public void declaredValuesAreRead() {
        Declaration d = parse(FunctionNamespace.MEMORY_SIZE, 10240L, FunctionNamespace.TIMEOUT, 900L,
                FunctionNamespace.ENVIRONMENT, List.of("A_1=x=y", "B2="), FunctionNamespace.HANDLER_METHOD, "run",
                FunctionNamespace.ROLE, "arn:aws:iam::123456789012:role/mine", FunctionNamespace.DESCRIPTION, "d");
        assertNull(d.problem());
        assertEquals(10240, d.spec().memorySize());
        assertEquals(900, d.spec().timeout());
        assertEquals(Map.of("A_1", "x=y", "B2", ""), d.spec().environment());
        assertEquals("com.example.Handler::run", d.spec().handler());
        assertEquals("arn:aws:iam::123456789012:role/mine", d.spec().role());
    }

    @Test
    public void badNamesAreRefused() {
        for (String name : new String[] {"", "has space", "dot.name", "x".repeat(65), "slash/name"}) {
            Declaration d = parse(FunctionNamespace.NAMESPACE, name);
            assertTrue(name, d.problem().contains("at 'functionName' failed to satisfy constraint: Member must satisfy"
                    + " regular expression pattern: [a-zA-Z0-9-_]{1,64}"));
        }
        assertTrue(parse(FunctionNamespace.NAMESPACE, "x".repeat(64)).valid());
        assertTrue(parse(FunctionNamespace.NAMESPACE, "A-b_9").valid());
    }

    @Test
    public void memoryOutsideAwsLimitsIsRefused() {
        assertEquals("1 validation error detected: Value '127' at 'memorySize' failed to satisfy constraint: Member"
                + " must have value greater than or equal to 128", parse(FunctionNamespace.MEMORY_SIZE, 127L).problem());
        assertEquals("1 validation error detected: Value '10241' at 'memorySize' failed to satisfy constraint: Member"
                + " must have value less than or equal to 10240", parse(FunctionNamespace.MEMORY_SIZE, 10241L).problem());
        assertTrue(parse(FunctionNamespace.MEMORY_SIZE, 128L).valid());
    }

    @Test
    public void timeoutOutsideAwsLimitsIsRefused() {
        assertTrue(parse(FunctionNamespace.TIMEOUT, 0L).problem()
                .endsWith("Value '0' at 'timeout' failed to satisfy constraint: Member must have value greater than or equal to 1"));
        assertTrue(parse(FunctionNamespace.TIMEOUT, 901L).problem()
                .endsWith("Value '901' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900"));
        assertTrue(parse(FunctionNamespace.TIMEOUT, 1L).valid());
        assertTrue(parse(FunctionNamespace.TIMEOUT, "x").problem().contains("'timeout'"));
    }

    @Test
    public void environmentOver4KbIsRefused() {
        // key (3 bytes) + value: exactly 4096 passes, one more byte fails
        assertTrue(parse(FunctionNamespace.ENVIRONMENT, List.of("KEY=" + "v".repeat(4093))).valid());
        String problem = parse(FunctionNamespace.ENVIRONMENT, List.of("KEY=" + "v".repeat(4094))).problem();
        assertTrue(problem, problem.contains("exceeded the 4KB limit"));
    }

    @Test
    public void reservedAndMalformedVariableNamesAreRefused() {
        assertTrue(parse(FunctionNamespace.ENVIRONMENT, List.of("AWS_LAMBDA_FUNCTION_NAME=x", "AWS_REGION=y")).problem()
                .endsWith("Reserved keys used in this request: AWS_LAMBDA_FUNCTION_NAME, AWS_REGION"));
        assertTrue(parse(FunctionNamespace.ENVIRONMENT, List.of("9LIVES=x")).problem()
                .contains("Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+"));
        assertTrue(parse(FunctionNamespace.ENVIRONMENT, List.of("A=x")).problem().contains("environment.variables"));
        assertTrue(parse(FunctionNamespace.ENVIRONMENT, List.of("NOVALUE")).problem().contains("NAME=value"));
    }

    @Test
    public void severalProblemsAreCountedAsAwsDoes() {
        String problem = parse(FunctionNamespace.MEMORY_SIZE, 1L, FunctionNamespace.TIMEOUT, 1000L).problem();
        assertTrue(problem, problem.startsWith("2 validation errors detected: Value '1' at 'memorySize'"));
        assertTrue(problem.contains("; Value '1000' at 'timeout'"));
    }

    @Test
    public void missingHandlerClassIsRefused() {
        assertTrue(parse(FunctionNamespace.HANDLER_CLASS, "").problem().contains("'handler'"));
    }
}
