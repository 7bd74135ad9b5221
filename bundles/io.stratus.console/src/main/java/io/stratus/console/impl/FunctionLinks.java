package io.stratus.console.impl;

import java.util.List;
import java.util.Map;

/**
 * What leads to functions, for the Functions list: gateway routes or triggers. One service per
 * source, each in its own class, so the list works whichever of the gateway, storage and scheduler
 * bundles is present.
 */
interface FunctionLinks {

    /** Which column the links belong to. */
    enum Kind {
        ROUTES, TRIGGERS
    }

    Kind kind();

    /** Descriptions of the links to each function, by function name. */
    Map<String, List<String>> byFunction();

    /**
     * The function name of a Lambda ARN ({@code arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]}),
     * or the text itself.
     */
    static String functionName(String arnOrName) {
        String[] parts = arnOrName.split(":");
        return parts.length >= 7 && "function".equals(parts[5]) ? parts[6] : arnOrName;
    }
}
