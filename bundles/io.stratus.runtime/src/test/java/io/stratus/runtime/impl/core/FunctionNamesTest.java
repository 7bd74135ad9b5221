package io.stratus.runtime.impl.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import org.junit.Test;

import io.stratus.runtime.api.FunctionException;

public class FunctionNamesTest {

    private final FunctionNames names = new FunctionNames("us-east-1", "000000000000");

    private String name(String text) throws FunctionException {
        return names.parse(text, null).name();
    }

    private FunctionException refused(String text, String qualifier) {
        try {
            names.parse(text, qualifier);
        } catch (FunctionException e) {
            return e;
        }
        throw new AssertionError(text + " was accepted");
    }

    @Test
    public void acceptsEveryFormLambdaAccepts() throws FunctionException {
        assertEquals("my-fn", name("my-fn"));
        assertEquals("my-fn", name("my-fn:$LATEST"));
        assertEquals("my-fn", name("000000000000:function:my-fn"));
        assertEquals("my-fn", name("arn:aws:lambda:us-east-1:000000000000:function:my-fn"));
        assertEquals("$LATEST", names.parse("arn:aws:lambda:us-east-1:000000000000:function:my-fn:$LATEST", null).qualifier());
        assertNull(names.parse("my-fn", null).qualifier());
        assertEquals("my-fn", names.parse("my-fn", "$LATEST").name());
    }

    @Test
    public void otherRegionOrAccountNamesNoFunctionHere() {
        FunctionException e = refused("arn:aws:lambda:eu-west-1:000000000000:function:my-fn", null);
        assertEquals("ResourceNotFoundException", e.code());
        assertEquals(404, refused("123456789012:function:my-fn", null).status());
        assertEquals("Function not found: arn:aws:lambda:us-east-1:000000000000:function:my-fn:3",
                names.notFound("my-fn", "3").getMessage());
    }

    @Test
    public void versionsAndAliasesAreLeftToTheCaller() throws FunctionException {
        assertEquals("3", names.parse("my-fn:3", null).qualifier());
        assertEquals("prod", names.parse("my-fn", "prod").qualifier());
        assertEquals("prod", names.parse("arn:aws:lambda:us-east-1:000000000000:function:my-fn:prod", null).qualifier());
        assertEquals(400, refused("my-fn:3", "4").status());
    }

    @Test
    public void malformedNamesAreValidationErrors() {
        for (String bad : new String[] {"", "has space", "arn:aws:lambda:my-fn", "a/b", "x".repeat(171)}) {
            FunctionException e = refused(bad, null);
            assertEquals(bad, "InvalidParameterValueException", e.code());
            assertEquals(400, e.status());
        }
        try {
            names.parse(null, null);
            fail();
        } catch (FunctionException e) {
            assertEquals(400, e.status());
        }
    }

    @Test
    public void conflictingQualifiersAreRefused() {
        assertEquals("InvalidParameterValueException", refused("my-fn:$LATEST", "other").code());
    }
}
