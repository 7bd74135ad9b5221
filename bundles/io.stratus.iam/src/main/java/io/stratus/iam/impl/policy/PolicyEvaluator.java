package io.stratus.iam.impl.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Identity-based policy evaluation as "IAM JSON policy evaluation logic" describes it within one
 * account: an explicit Deny in any statement wins; otherwise an Allow allows; otherwise the
 * request is implicitly denied. Statement and policy order never matter.
 */
public final class PolicyEvaluator {

    /** The outcome and why. */
    public record Result(Outcome outcome, String reason) {
        public boolean allowed() {
            return outcome == Outcome.ALLOW;
        }
    }

    public enum Outcome {
        ALLOW, EXPLICIT_DENY, IMPLICIT_DENY
    }

    private PolicyEvaluator() {
    }

    /**
     * @param context request context keys in lower case ({@code aws:username}, {@code s3:prefix}, ...)
     */
    public static Result evaluate(List<Policy> policies, String action, String resource,
            Map<String, List<String>> context) {
        String allowedBy = null;
        for (Policy policy : policies) {
            for (Policy.Statement statement : policy.statements()) {
                if (!applies(policy, statement, action, resource, context)) {
                    continue;
                }
                if (!statement.allow()) {
                    return new Result(Outcome.EXPLICIT_DENY, "of an explicit deny in an identity-based policy: "
                            + describe(policy, statement));
                }
                if (allowedBy == null) {
                    allowedBy = describe(policy, statement);
                }
            }
        }
        if (allowedBy != null) {
            return new Result(Outcome.ALLOW, "allowed by " + allowedBy);
        }
        return new Result(Outcome.IMPLICIT_DENY, "no identity-based policy allows the " + action + " action");
    }

    /**
     * A resource-based policy (a function's) for a request by a service principal such as
     * {@code s3.amazonaws.com}: only the statements whose Principal names the service (or
     * {@code *}) count; among them the same rules as for identity policies apply.
     */
    public static Result evaluateResource(Policy policy, String service, String action, String resource,
            Map<String, List<String>> context) {
        List<Policy.Statement> naming = policy.statements().stream()
                .filter(s -> s.anyPrincipal() || s.principals().contains("Service:" + service)).toList();
        Result result = evaluate(List.of(new Policy(policy.name(), policy.variables(), naming)), action, resource,
                context);
        if (result.outcome() == Outcome.IMPLICIT_DENY) {
            return new Result(Outcome.IMPLICIT_DENY, "no statement of the resource-based policy allows " + service
                    + " the " + action + " action with this source");
        }
        return result;
    }

    /** Whether a statement matches the action, the resource and all its conditions. */
    static boolean applies(Policy policy, Policy.Statement statement, String action, String resource,
            Map<String, List<String>> context) {
        boolean actionMatches = statement.actions() != null ? anyAction(statement.actions(), action)
                : !anyAction(statement.notActions(), action);
        if (!actionMatches) {
            return false;
        }
        if (statement.resources() != null) {
            if (!anyResource(policy, statement.resources(), resource, context)) {
                return false;
            }
        } else if (statement.notResources() != null && anyResource(policy, statement.notResources(), resource, context)) {
            return false;
        }
        List<Policy.Condition> conditions = statement.conditions();
        if (conditions.isEmpty()) {
            return true;
        }
        UnaryOperator<String> substitute = policy.variables() ? value -> substitute(policy, value, context)
                : UnaryOperator.identity();
        for (Policy.Condition condition : conditions) {
            if (!Conditions.holds(condition, context, substitute)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyAction(List<String> patterns, String action) {
        for (String pattern : patterns) {
            if (Wildcards.matches(pattern, action, true)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyResource(Policy policy, List<String> patterns, String resource,
            Map<String, List<String>> context) {
        for (String pattern : patterns) {
            if (Wildcards.arnMatches(substitute(policy, pattern, context), resource)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces policy variables ({@code ${aws:username}}, {@code ${*}}, {@code ${?}}, {@code ${$}})
     * in 2012-10-17 policies. A variable whose key the request lacks matches nothing.
     */
    static String substitute(Policy policy, String value, Map<String, List<String>> context) {
        if (!policy.variables() || value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            int end = start < 0 ? -1 : value.indexOf('}', start);
            if (start < 0 || end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            String name = value.substring(start + 2, end);
            String fallback = null;
            int comma = name.indexOf(',');
            if (comma >= 0) {
                String rest = name.substring(comma + 1).trim();
                name = name.substring(0, comma).trim();
                if (rest.length() >= 2 && rest.startsWith("'") && rest.endsWith("'")) {
                    fallback = rest.substring(1, rest.length() - 1);
                }
            }
            switch (name) {
                case "*" -> out.append('*');
                case "?" -> out.append('?');
                case "$" -> out.append('$');
                default -> {
                    List<String> values = context.get(name.toLowerCase(Locale.ROOT));
                    if (values != null && values.size() == 1) {
                        out.append(values.get(0));
                    } else if (fallback != null) {
                        out.append(fallback);
                    } else {
                        // no value: a character no ARN or key holds, so the pattern matches nothing
                        out.append('\u0000');
                    }
                }
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static String describe(Policy policy, Policy.Statement statement) {
        return "policy " + policy.name() + (statement.sid() == null || statement.sid().isEmpty() ? ""
                : " statement " + statement.sid());
    }
}
