package io.stratus.aws.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding for paths and {@code application/x-www-form-urlencoded} text. Lenient: a
 * malformed escape is kept as written instead of failing the request (the service then answers
 * with its own error for a value it does not know). Shared by the AWS front door and the HTTP
 * gateway.
 */
public final class UrlCodec {

    private UrlCodec() {
    }

    /** Decodes %XX escapes as UTF-8; '+' stays '+' (paths). */
    public static String decodePath(String raw) {
        return decode(raw, false);
    }

    /** Decodes %XX escapes as UTF-8 and '+' as space (query strings and form bodies). */
    public static String decodeForm(String raw) {
        return decode(raw, true);
    }

    /** Adds the parameters of a query string or form body to {@code into}, in order. */
    public static void parseForm(String text, Map<String, List<String>> into) {
        forEachPair(text, (raw, start, eq, end) -> {
            String name = decodeForm(raw.substring(start, eq));
            String value = eq == end ? "" : decodeForm(raw.substring(eq + 1, end));
            into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        });
    }

    /** One {@code name=value} pair of {@link #forEachPair}, by position, undecoded. */
    @FunctionalInterface
    public interface PairVisitor {
        /**
         * @param text  the whole query or form
         * @param start where the name starts
         * @param eq    where the name ends: the '=' or, for a pair without one, {@code end}
         * @param end   where the pair ends (its value is {@code text[eq + 1, end)})
         */
        void pair(String text, int start, int eq, int end);
    }

    /** Hands each non-empty '&'-separated pair of a query string or form body to {@code visitor}, in order. */
    public static void forEachPair(String text, PairVisitor visitor) {
        if (text == null) {
            return;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                int eq = start;
                while (eq < end && text.charAt(eq) != '=') {
                    eq++; // within the pair only: a search to the end of a long form for every pair is quadratic
                }
                visitor.pair(text, start, eq, end);
            }
            start = end + 1;
        }
    }

    public static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        parseForm(text, map);
        return map;
    }

    private static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        byte[] bytes = new byte[raw.length() * 3];
        return new String(bytes, 0, decodeInto(raw, 0, raw.length(), plusIsSpace, bytes), StandardCharsets.UTF_8);
    }

    /**
     * The bytes of {@code raw[from, to)}: %XX escapes decoded (a malformed one kept as written), '+'
     * a space when {@code plusIsSpace}, other characters as UTF-8. Bytes, not text: an escape that
     * is not UTF-8 survives (SigV4 canonicalization needs that).
     */
    public static byte[] decodeBytes(String raw, int from, int to, boolean plusIsSpace) {
        byte[] bytes = new byte[(to - from) * 3];
        return java.util.Arrays.copyOf(bytes, decodeInto(raw, from, to, plusIsSpace, bytes));
    }

    /** Decodes into {@code bytes} (3 per char suffice: an escape is 3 chars for 1 byte, UTF-8 at most 3 per char); the count. */
    private static int decodeInto(String raw, int from, int to, boolean plusIsSpace, byte[] bytes) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < to && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes[n++] = (byte) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[n++] = ' ';
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < to ? i + 2 : i + 1;
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    bytes[n++] = b;
                }
                i = end - 1;
            }
        }
        return n;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
