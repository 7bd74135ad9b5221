package io.stratus.lambda.impl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stratus.aws.api.AwsException;

/**
 * A function named in a request: a name, a partial ARN ({@code 123456789012:function:name}) or a
 * full ARN, optionally with a qualifier ({@code name:$LATEST}), as Lambda accepts them.
 *
 * @param name      the plain function name
 * @param qualifier the version or alias asked for, or null
 */
record FunctionRef(String name, String qualifier) {

    /** Lambda's FunctionName pattern. */
    static final Pattern FUNCTION_NAME = Pattern.compile(
            "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
    /** Lambda's Qualifier pattern. */
    static final Pattern QUALIFIER = Pattern.compile("(|[a-zA-Z0-9$_-]+)");

    static final String LATEST = "$LATEST";

    /**
     * Parses and validates a function name from a path and the {@code Qualifier} parameter.
     *
     * @param maxLength 170 for Invoke, 140 for the other operations
     * @throws AwsException ValidationException for a malformed name or qualifier;
     *                      InvalidParameterValueException when the name's qualifier and the parameter disagree
     */
    static FunctionRef parse(String functionName, String qualifierParameter, int maxLength) throws AwsException {
        Validation validation = new Validation()
                .minLength("functionName", functionName, 1)
                .maxLength("functionName", functionName, maxLength)
                .pattern("functionName", functionName, FUNCTION_NAME)
                .minLength("qualifier", qualifierParameter, 1)
                .maxLength("qualifier", qualifierParameter, 128)
                .pattern("qualifier", qualifierParameter, QUALIFIER);
        validation.throwIfAny();
        Matcher matcher = FUNCTION_NAME.matcher(functionName);
        matcher.matches();
        String name = matcher.group(7);
        if (name.length() > 64) {
            new Validation().maxLength("functionName", name, 64).throwIfAny();
        }
        String derived = matcher.group(9);
        if (derived != null && qualifierParameter != null && !derived.equals(qualifierParameter)) {
            throw new AwsException(400, "InvalidParameterValueException",
                    "The derived qualifier from the function name does not match the specified qualifier.");
        }
        return new FunctionRef(name, derived != null ? derived : qualifierParameter);
    }

    /** Whether the reference asks for something other than the current code. */
    boolean isPublishedVersionOrAlias() {
        return qualifier != null && !LATEST.equals(qualifier);
    }
}
