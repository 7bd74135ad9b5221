package io.stratus.runtime.impl.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.stratus.runtime.api.FunctionException;

/** Reads the forms Lambda accepts for a function: name, full ARN, partial ARN, each with a qualifier. */
final class FunctionNames {

    static final String LATEST = "$LATEST";

    private static final String PATTERN_TEXT = "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
            + "(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private final String region;
    private final String account;

    FunctionNames(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** A reference to one function; {@code qualifier} null means $LATEST. */
    record Ref(String name, String qualifier) {
    }

    /**
     * Parses {@code nameOrArn}; an ARN of another region or account names no function here. The
     * qualifier (version or alias) is left to the caller to resolve.
     */
    Ref parse(String nameOrArn, String qualifier) throws FunctionException {
        if (nameOrArn == null || nameOrArn.isEmpty() || nameOrArn.length() > 170) {
            throw FunctionException.invalidParameter("1 validation error detected: Value '" + nameOrArn
                    + "' at 'functionName' failed to satisfy constraint: Member must have length between 1 and 170");
        }
        Matcher m = PATTERN.matcher(nameOrArn);
        if (!m.matches() || (m.group(1) != null && (m.group(3) == null || m.group(5) == null || m.group(6) == null))
                || (m.group(5) != null && m.group(6) == null)) {
            throw FunctionException.invalidParameter("1 validation error detected: Value '" + nameOrArn
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + PATTERN_TEXT);
        }
        String name = m.group(7);
        String inlineQualifier = m.group(9);
        String q = qualifier == null || qualifier.isEmpty() ? inlineQualifier : qualifier;
        if (inlineQualifier != null && qualifier != null && !qualifier.isEmpty() && !inlineQualifier.equals(qualifier)) {
            throw FunctionException.invalidParameter("The derived qualifier from the function name does not match the"
                    + " specified qualifier.");
        }
        boolean otherRegion = m.group(3) != null && !m.group(3).equals(region + ":");
        boolean otherAccount = m.group(5) != null && !m.group(5).equals(account + ":");
        if (otherRegion || otherAccount || name.length() > 64) {
            throw notFound(name, q);
        }
        return new Ref(name, q);
    }

    FunctionException notFound(String name, String qualifier) {
        String arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + name
                + (qualifier == null ? "" : ":" + qualifier);
        return FunctionException.notFound("Function not found: " + arn);
    }
}
