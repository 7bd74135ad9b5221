package io.stratus.iam.impl;

/**
 * The parts of an assumed-role session ARN, {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}.
 *
 * @param role    the role's name
 * @param session the session's name (a function's name for function credentials)
 */
record AssumedRole(String role, String session) {

    private static final String MARKER = ":assumed-role/";

    /** The session an ARN names, or null for users and the root. */
    static AssumedRole of(String arn) {
        int at = arn.indexOf(MARKER);
        if (at < 0) {
            return null;
        }
        String rest = arn.substring(at + MARKER.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new AssumedRole(rest, "") : new AssumedRole(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
    static String arn(String account, String role, String session) {
        return "arn:aws:sts::" + account + MARKER + role + "/" + session;
    }

    /** The role's own ARN (for a role without a path). */
    String roleArn(String account) {
        return "arn:aws:iam::" + account + ":role/" + role;
    }
}
