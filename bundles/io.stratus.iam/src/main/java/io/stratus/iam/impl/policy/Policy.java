package io.stratus.iam.impl.policy;

import java.util.List;

/**
 * A parsed IAM policy document (Version 2012-10-17 or 2008-10-17).
 *
 * @param name       what the policy is called in denial reasons (an inline policy's name or a managed policy's ARN)
 * @param variables  whether policy variables ({@code ${aws:username}}) are replaced (2012-10-17 only)
 */
public record Policy(String name, boolean variables, List<Statement> statements) {

    /** A statement; exactly one of action/notAction, and of resource/notResource (identity policies). */
    public record Statement(String sid, boolean allow, List<String> principals, boolean anyPrincipal,
            List<String> actions, List<String> notActions, List<String> resources, List<String> notResources,
            List<Condition> conditions) {
    }

    /**
     * One condition: an operator (with its IfExists and set qualifiers), a key and the values the
     * policy names.
     */
    public record Condition(String operator, String key, List<String> values) {
    }
}
