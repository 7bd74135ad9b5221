package io.stratus.iam.impl;

import io.stratus.aws.api.AwsPrincipal;
import io.stratus.iam.impl.policy.Policy;
import io.stratus.iam.impl.policy.Wildcards;

/**
 * Whether a role's trust policy lets a principal assume it: an Allow statement for the action
 * whose Principal names the caller (its ARN, its role for an assumed-role caller), its account
 * (the account id or {@code :root} ARN), {@code *}, or for the platform the service
 * ({@code lambda.amazonaws.com}); no Deny statement naming it.
 */
final class TrustPolicies {

    private TrustPolicies() {
    }

    static boolean allows(Policy trust, AwsPrincipal caller, String action) {
        boolean allowed = false;
        for (Policy.Statement statement : trust.statements()) {
            if (!actionMatches(statement, action) || !names(statement, caller)) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    /**
     * Whether the trust policy grants the caller by name — its own ARN, or its role's for an
     * assumed-role caller, not merely its account — and denies it nothing. Within one account such
     * a grant suffices without an identity policy allowing {@code sts:AssumeRole}, as AWS evaluates
     * a resource-based policy that names the principal.
     */
    static boolean grantsByName(Policy trust, AwsPrincipal caller, String action) {
        boolean granted = false;
        for (Policy.Statement statement : trust.statements()) {
            if (!actionMatches(statement, action) || !names(statement, caller)) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            granted |= namesExplicitly(statement, caller);
        }
        return granted;
    }

    private static boolean namesExplicitly(Policy.Statement statement, AwsPrincipal caller) {
        AssumedRole assumed = AssumedRole.of(caller.arn());
        String roleArn = assumed == null ? null : assumed.roleArn(caller.accountId());
        for (String principal : statement.principals()) {
            if (principal.equals("AWS:" + caller.arn()) || roleArn != null && principal.equals("AWS:" + roleArn)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the trust policy lets the service (e.g. {@code lambda.amazonaws.com}) assume the role. */
    static boolean allowsService(Policy trust, String service, String action) {
        boolean allowed = false;
        for (Policy.Statement statement : trust.statements()) {
            if (!actionMatches(statement, action)
                    || !(statement.anyPrincipal() || statement.principals().contains("Service:" + service))) {
                continue;
            }
            if (!statement.allow()) {
                return false;
            }
            allowed = true;
        }
        return allowed;
    }

    private static boolean actionMatches(Policy.Statement statement, String action) {
        if (statement.actions() != null) {
            return statement.actions().stream().anyMatch(a -> Wildcards.matches(a, action, true));
        }
        return statement.notActions().stream().noneMatch(a -> Wildcards.matches(a, action, true));
    }

    private static boolean names(Policy.Statement statement, AwsPrincipal caller) {
        if (statement.anyPrincipal()) {
            return true;
        }
        String arn = caller.arn();
        AssumedRole assumed = AssumedRole.of(arn);
        String roleArn = assumed == null ? null : assumed.roleArn(caller.accountId());
        for (String principal : statement.principals()) {
            if (!principal.startsWith("AWS:")) {
                continue;
            }
            String value = principal.substring(4);
            if (value.equals(arn) || value.equals(roleArn) || value.equals(caller.accountId())
                    || value.equals("arn:aws:iam::" + caller.accountId() + ":root")) {
                return true;
            }
        }
        return false;
    }
}
