package io.stratus.lambda.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

import io.stratus.aws.api.AwsException;

public class FunctionRefTest {

    @Test
    public void acceptsEveryNameFormLambdaAccepts() throws Exception {
        assertEquals(new FunctionRef("my-function", null), FunctionRef.parse("my-function", null, 140));
        assertEquals(new FunctionRef("my_function.v2", null), FunctionRef.parse("my_function.v2", null, 140));
        assertEquals(new FunctionRef("my-function", "v1"), FunctionRef.parse("my-function:v1", null, 140));
        assertEquals(new FunctionRef("my-function", null), FunctionRef.parse("123456789012:function:my-function", null, 140));
        assertEquals(new FunctionRef("my-function", null),
                FunctionRef.parse("arn:aws:lambda:us-west-2:123456789012:function:my-function", null, 140));
        assertEquals(new FunctionRef("my-function", "$LATEST"),
                FunctionRef.parse("arn:aws:lambda:us-west-2:123456789012:function:my-function:$LATEST", null, 170));
    }

    @Test
    public void theQualifierParameterApplies() throws Exception {
        FunctionRef ref = FunctionRef.parse("my-function", "$LATEST", 140);

        assertEquals("$LATEST", ref.qualifier());
        assertFalse(ref.isPublishedVersionOrAlias());
        assertTrue(FunctionRef.parse("my-function", "prod", 140).isPublishedVersionOrAlias());
        assertFalse(FunctionRef.parse("my-function", null, 140).isPublishedVersionOrAlias());
    }

    @Test
    public void aNameQualifierThatDisagreesWithTheParameterIsRefused() throws Exception {
        try {
            FunctionRef.parse("my-function:v1", "v2", 140);
            fail();
        } catch (AwsException e) {
            assertEquals("InvalidParameterValueException", e.code());
            assertEquals("The derived qualifier from the function name does not match the specified qualifier.", e.getMessage());
        }
        assertEquals("v1", FunctionRef.parse("my-function:v1", "v1", 140).qualifier());
    }

    @Test
    public void aMalformedNameIsAValidationErrorWithLambdasPattern() {
        AwsException e = refused("bad name!", null, 140);

        assertEquals("1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: "
                + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?",
                e.getMessage());
    }

    @Test
    public void lengthsAreChecked() {
        assertTrue(refused("a".repeat(141), null, 140).getMessage()
                .contains("at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 140"));
        assertTrue(refused("a".repeat(65), null, 140).getMessage()
                .contains("Member must have length less than or equal to 64"));
        assertTrue(refused("f", "", 140).getMessage().contains("at 'qualifier'"));
    }

    @Test
    public void twoProblemsAreCountedTogether() {
        AwsException e = refused("bad name!", "bad qualifier!", 140);

        assertTrue(e.getMessage(), e.getMessage().startsWith("2 validation errors detected: Value 'bad name!'"));
        assertTrue(e.getMessage(), e.getMessage().contains("; Value 'bad qualifier!' at 'qualifier'"));
    }

    @Test
    public void aPlainNameHasNoQualifier() throws Exception {
        assertNull(FunctionRef.parse("f", null, 140).qualifier());
    }

    private static AwsException refused(String name, String qualifier, int maxLength) {
        try {
            FunctionRef.parse(name, qualifier, maxLength);
            fail("accepted " + name);
            return null;
        } catch (AwsException e) {
            assertEquals(400, e.status());
            assertEquals("ValidationException", e.code());
            return e;
        }
    }
}
