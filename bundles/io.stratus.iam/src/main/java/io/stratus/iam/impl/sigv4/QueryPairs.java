package io.stratus.iam.impl.sigv4;

import io.stratus.aws.codec.UrlCodec;

/**
 * The '&amp;'-separated pairs of a raw query, read in one pass for both things SigV4 needs of them:
 * the authentication parameters ({@code X-Amz-*}, the first value of each, percent-decoded with
 * '+' kept) and the canonical query (names and values re-encoded, sorted by name then value).
 */
final class QueryPairs {
    static final String SIGNATURE = "X-Amz-Signature";
    private static final String PREFIX = "X-Amz-";
    private static final String[] AUTH_NAMES = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-SignedHeaders",
        SIGNATURE, "X-Amz-Date", "X-Amz-Expires", "X-Amz-Security-Token"};

    /** First values of the authentication parameters, in the order of {@link #AUTH_NAMES}; null when absent. */
    private final String[] auth = new String[AUTH_NAMES.length];

    /**
     * Pair i's re-encoded name is {@code texts[2i][bounds[4i], bounds[4i+1])} and its value
     * {@code texts[2i+1][bounds[4i+2], bounds[4i+3])}: the raw query itself where it was in
     * canonical form already (what the SDKs send), a re-encoded copy otherwise.
     */
    private String[] texts = new String[16];
    private int[] bounds = new int[32];
    private int count;

    private QueryPairs() {
    }

    /** The pairs of a raw query (null or empty: none). */
    static QueryPairs of(String rawQuery) {
        QueryPairs pairs = new QueryPairs();
        UrlCodec.forEachPair(rawQuery, pairs::add);
        return pairs;
    }

    private void add(String raw, int start, int eq, int end) {
        if (2 * count == texts.length) {
            texts = java.util.Arrays.copyOf(texts, 2 * texts.length);
            bounds = java.util.Arrays.copyOf(bounds, 2 * bounds.length);
        }
        int valueStart = eq == end ? end : eq + 1;
        region(2 * count, raw, start, eq);
        region(2 * count + 1, raw, valueStart, end);
        String name = texts[2 * count];
        int nameFrom = bounds[4 * count];
        int nameTo = bounds[4 * count + 1];
        count++;
        // a decoded name equals one of these ASCII names exactly when its re-encoded form does
        int which = authIndex(name, nameFrom, nameTo);
        if (which >= 0 && auth[which] == null) {
            auth[which] = decode(raw, valueStart, end);
        }
    }

    /** Which of {@link #AUTH_NAMES} {@code text[from, to)} is, or -1. */
    private static int authIndex(String text, int from, int to) {
        int length = to - from;
        if (length <= PREFIX.length() || !text.startsWith(PREFIX, from)) {
            return -1;
        }
        // the names differ in length but for Algorithm and Signature: one comparison for any name
        int candidate = switch (length) {
            case 15 -> text.charAt(from + PREFIX.length()) == 'A' ? 0 : 3;
            case 16 -> 1;
            case 19 -> 2;
            case 10 -> 4;
            case 13 -> 5;
            case 20 -> 6;
            default -> -1;
        };
        return candidate >= 0 && text.regionMatches(from + PREFIX.length(), AUTH_NAMES[candidate], PREFIX.length(),
                length - PREFIX.length()) ? candidate : -1;
    }

    /**
     * {@code raw[from, to)} percent-decoded as {@link SigV4#percentDecode} decodes it ('+' kept, a
     * malformed escape kept as written); ASCII text with ASCII escapes (a credential's slashes)
     * straight into a Latin-1 string.
     */
    static String decode(String raw, int from, int to) {
        int escapes = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c >= 0x80) {
                return SigV4.percentDecode(raw.substring(from, to));
            }
            if (c == '%' && i + 2 < to) {
                int high = SigV4.hexDigit(raw.charAt(i + 1));
                int low = SigV4.hexDigit(raw.charAt(i + 2));
                if (high >= 0 && low >= 0) {
                    if (high >= 8) {
                        return SigV4.percentDecode(raw.substring(from, to));
                    }
                    escapes++;
                    i += 2;
                }
            }
        }
        if (escapes == 0) {
            return raw.substring(from, to);
        }
        byte[] decoded = new byte[to - from - 2 * escapes];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < to && SigV4.hexDigit(raw.charAt(i + 1)) >= 0 && SigV4.hexDigit(raw.charAt(i + 2)) >= 0) {
                decoded[n++] = (byte) (SigV4.hexDigit(raw.charAt(i + 1)) << 4 | SigV4.hexDigit(raw.charAt(i + 2)));
                i += 2;
            } else {
                decoded[n++] = (byte) c;
            }
        }
        return new String(decoded, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Stores {@code raw[from, to)} re-encoded as text {@code index} (two per pair). */
    private void region(int index, String raw, int from, int to) {
        if (SigV4.isCanonical(raw, from, to, true)) {
            texts[index] = raw;
            bounds[2 * index] = from;
            bounds[2 * index + 1] = to;
        } else {
            String reencoded = SigV4.reencode(raw, from, to, true);
            texts[index] = reencoded;
            bounds[2 * index] = 0;
            bounds[2 * index + 1] = reencoded.length();
        }
    }

    String algorithm() {
        return auth[0];
    }

    String credential() {
        return auth[1];
    }

    String signedHeaders() {
        return auth[2];
    }

    String signature() {
        return auth[3];
    }

    String date() {
        return auth[4];
    }

    String expires() {
        return auth[5];
    }

    String securityToken() {
        return auth[6];
    }

    /** How many pairs the query has (empty ones between two '&amp;' do not count). */
    int size() {
        return count;
    }

    /**
     * Appends the canonical query: every pair as {@code name=value}, joined by '&amp;', sorted by name
     * then value; pairs whose re-encoded name is {@code excluded} (when not null) left out.
     */
    void appendCanonical(Utf8Buffer out, String excluded) {
        int[] order = new int[count];
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (excluded != null && excluded.length() == to(2 * i) - from(2 * i)
                    && excluded.regionMatches(0, texts[2 * i], from(2 * i), excluded.length())) {
                continue;
            }
            // insertion sort: a handful of parameters, mostly in order already
            int j = kept++;
            while (j > 0 && compare(order[j - 1], i) > 0) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        for (int k = 0; k < kept; k++) {
            int i = order[k];
            if (k > 0) {
                out.append('&');
            }
            // re-encoded text is ASCII
            out.appendAscii(texts[2 * i], from(2 * i), to(2 * i)).append('=')
                    .appendAscii(texts[2 * i + 1], from(2 * i + 1), to(2 * i + 1));
        }
    }

    private int from(int index) {
        return bounds[2 * index];
    }

    private int to(int index) {
        return bounds[2 * index + 1];
    }

    /** Pairs a and b by name, then value, as {@link String#compareTo} orders the texts. */
    private int compare(int a, int b) {
        int byName = compareTexts(2 * a, 2 * b);
        return byName != 0 ? byName : compareTexts(2 * a + 1, 2 * b + 1);
    }

    private int compareTexts(int x, int y) {
        String left = texts[x];
        String right = texts[y];
        int leftFrom = from(x);
        int rightFrom = from(y);
        int leftLength = to(x) - leftFrom;
        int rightLength = to(y) - rightFrom;
        int common = Math.min(leftLength, rightLength);
        for (int k = 0; k < common; k++) {
            char l = left.charAt(leftFrom + k);
            char r = right.charAt(rightFrom + k);
            if (l != r) {
                return l - r;
            }
        }
        return leftLength - rightLength;
    }
}
