package io.stratus.iam.impl.policy;

/** IAM's {@code *} and {@code ?} matching, for actions (case-insensitive) and ARNs (per segment). */
public final class Wildcards {

    private Wildcards() {
    }

    /** Whether {@code text} matches {@code pattern}, where {@code *} is any run and {@code ?} one character. */
    public static boolean matches(String pattern, String text, boolean ignoreCase) {
        return matches(pattern, 0, pattern.length(), text, 0, text.length(), ignoreCase);
    }

    /** {@link #matches(String, String, boolean)} on {@code pattern[pFrom, pTo)} and {@code text[tFrom, tTo)}, copying nothing. */
    private static boolean matches(String pattern, int pFrom, int pTo, String text, int tFrom, int tTo,
            boolean ignoreCase) {
        int p = pFrom;
        int t = tFrom;
        int star = -1;
        int mark = 0;
        while (t < tTo) {
            if (p < pTo && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t), ignoreCase))) {
                p++;
                t++;
            } else if (p < pTo && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pTo && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pTo;
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
        if (!hasSixParts(pattern) || !hasSixParts(arn)) {
            return matches(pattern, arn, false);
        }
        // both taken apart at their first five colons, in place
        int p = 0;
        int a = 0;
        for (int part = 0; part < 5; part++) {
            int pEnd = pattern.indexOf(':', p);
            int aEnd = arn.indexOf(':', a);
            if (!matches(pattern, p, pEnd, arn, a, aEnd, false)) {
                return false;
            }
            p = pEnd + 1;
            a = aEnd + 1;
        }
        return matches(pattern, p, pattern.length(), arn, a, arn.length(), false);
    }

    /** Whether the text holds at least five colons. */
    private static boolean hasSixParts(String text) {
        int colon = -1;
        for (int i = 0; i < 5; i++) {
            colon = text.indexOf(':', colon + 1);
            if (colon < 0) {
                return false;
            }
        }
        return true;
    }
}
