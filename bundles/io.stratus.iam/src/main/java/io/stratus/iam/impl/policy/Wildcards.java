package io.stratus.iam.impl.policy;

/** IAM's {@code *} and {@code ?} matching, for actions (case-insensitive) and ARNs (per segment). */
public final class Wildcards {

    private Wildcards() {
    }

    /** Whether {@code text} matches {@code pattern}, where {@code *} is any run and {@code ?} one character. */
    public static boolean matches(String pattern, String text, boolean ignoreCase) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /**
     * ARN matching as IAM does it for Resource, ArnLike and ArnEquals: {@code *} alone matches
     * everything; otherwise the six colon-separated parts are matched one by one (the last part,
     * the resource, may itself hold colons), so a wildcard never spans parts.
     */
    public static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return matches(pattern, arn, false);
        }
        for (int i = 0; i < 6; i++) {
            if (!matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }
}
