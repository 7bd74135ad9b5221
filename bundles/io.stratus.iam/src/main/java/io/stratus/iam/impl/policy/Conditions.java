package io.stratus.iam.impl.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * IAM condition operators as "IAM JSON policy elements: Condition operators" defines them,
 * with the {@code ...IfExists} forms, {@code Null}, and the {@code ForAllValues:} /
 * {@code ForAnyValue:} set qualifiers.
 */
public final class Conditions {

    enum Type {
        STRING, STRING_IGNORE_CASE, STRING_LIKE, NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE,
        DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE, BOOL, BINARY, IP, ARN, NULL
    }

    /** An operator: its comparison and whether it is the negated form. */
    record Operator(Type type, boolean negated) {
    }

    static final Map<String, Operator> OPERATORS = Map.ofEntries(
            Map.entry("stringequals", new Operator(Type.STRING, false)),
            Map.entry("stringnotequals", new Operator(Type.STRING, true)),
            Map.entry("stringequalsignorecase", new Operator(Type.STRING_IGNORE_CASE, false)),
            Map.entry("stringnotequalsignorecase", new Operator(Type.STRING_IGNORE_CASE, true)),
            Map.entry("stringlike", new Operator(Type.STRING_LIKE, false)),
            Map.entry("stringnotlike", new Operator(Type.STRING_LIKE, true)),
            Map.entry("numericequals", new Operator(Type.NUMERIC_EQ, false)),
            Map.entry("numericnotequals", new Operator(Type.NUMERIC_EQ, true)),
            Map.entry("numericlessthan", new Operator(Type.NUMERIC_LT, false)),
            Map.entry("numericlessthanequals", new Operator(Type.NUMERIC_LE, false)),
            Map.entry("numericgreaterthan", new Operator(Type.NUMERIC_GT, false)),
            Map.entry("numericgreaterthanequals", new Operator(Type.NUMERIC_GE, false)),
            Map.entry("dateequals", new Operator(Type.DATE_EQ, false)),
            Map.entry("datenotequals", new Operator(Type.DATE_EQ, true)),
            Map.entry("datelessthan", new Operator(Type.DATE_LT, false)),
            Map.entry("datelessthanequals", new Operator(Type.DATE_LE, false)),
            Map.entry("dategreaterthan", new Operator(Type.DATE_GT, false)),
            Map.entry("dategreaterthanequals", new Operator(Type.DATE_GE, false)),
            Map.entry("bool", new Operator(Type.BOOL, false)),
            Map.entry("binaryequals", new Operator(Type.BINARY, false)),
            Map.entry("ipaddress", new Operator(Type.IP, false)),
            Map.entry("notipaddress", new Operator(Type.IP, true)),
            Map.entry("arnequals", new Operator(Type.ARN, false)),
            Map.entry("arnlike", new Operator(Type.ARN, false)),
            Map.entry("arnnotequals", new Operator(Type.ARN, true)),
            Map.entry("arnnotlike", new Operator(Type.ARN, true)),
            Map.entry("null", new Operator(Type.NULL, false)));

    /** An operator name taken apart: set qualifier, operator, IfExists. */
    record Parsed(String qualifier, Operator operator, boolean ifExists) {
    }

    private Conditions() {
    }

    /** Whether a Condition block's operator name is one IAM knows. */
    static boolean known(String name) {
        return parse(name) != null;
    }

    /** A policy's dates and networks, and the callers' addresses, parsed once (bounded: cleared when full). */
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> DATES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> ADDRESSES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Object NONE = new Object();
    private static final int MAX_CACHED = 4096;

    @SuppressWarnings("unchecked")
    private static <T> T cached(java.util.concurrent.ConcurrentHashMap<String, Object> cache, String text,
            java.util.function.Function<String, T> parse) {
        Object value = cache.get(text);
        if (value == null) {
            T parsed = parse.apply(text);
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(text, parsed == null ? NONE : parsed);
            return parsed;
        }
        return value == NONE ? null : (T) value;
    }

    /** Operator names seen in stored policies, parsed once. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Parsed> PARSED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Parsed parsed(String name) {
        Parsed parsed = PARSED.get(name);
        if (parsed == null) {
            parsed = parse(name);
            if (parsed != null && PARSED.size() < 1024) {
                PARSED.put(name, parsed);
            }
        }
        return parsed;
    }

    static Parsed parse(String name) {
        String rest = name;
        String qualifier = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            qualifier = rest.substring(0, colon);
            if (!qualifier.equals("ForAllValues") && !qualifier.equals("ForAnyValue")) {
                return null;
            }
            rest = rest.substring(colon + 1);
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        Operator operator = OPERATORS.get(rest.toLowerCase(Locale.ROOT));
        if (operator == null || operator.type() == Type.NULL && (ifExists || qualifier != null)) {
            return null;
        }
        return new Parsed(qualifier, operator, ifExists);
    }

    /**
     * Evaluates one condition against the request context (keys in lower case).
     *
     * @param substitute replaces policy variables in the policy's values
     */
    public static boolean holds(Policy.Condition condition, Map<String, List<String>> context,
            UnaryOperator<String> substitute) {
        Parsed parsed = parsed(condition.operator());
        List<String> present = context.get(condition.key().toLowerCase(Locale.ROOT));
        boolean missing = present == null || present.isEmpty();
        Operator operator = parsed.operator();
        if (operator.type() == Type.NULL) {
            for (String value : condition.values()) {
                if (value.equalsIgnoreCase("true") == missing) {
                    return true;
                }
            }
            return false;
        }
        if (missing) {
            if (parsed.ifExists()) {
                return true;
            }
            if (parsed.qualifier() != null) {
                return parsed.qualifier().equals("ForAllValues");
            }
            return operator.negated();
        }
        if ("ForAllValues".equals(parsed.qualifier())) {
            for (String value : present) {
                if (matchesAny(operator.type(), condition.values(), value, substitute) == operator.negated()) {
                    return false;
                }
            }
            return true;
        }
        if ("ForAnyValue".equals(parsed.qualifier())) {
            for (String value : present) {
                if (matchesAny(operator.type(), condition.values(), value, substitute) != operator.negated()) {
                    return true;
                }
            }
            return false;
        }
        boolean any = false;
        for (String value : present) {
            any |= matchesAny(operator.type(), condition.values(), value, substitute);
        }
        return any != operator.negated();
    }

    private static boolean matchesAny(Type type, List<String> policyValues, String requestValue,
            UnaryOperator<String> substitute) {
        for (String policyValue : policyValues) {
            if (matches(type, substitute.apply(policyValue), requestValue)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(Type type, String policyValue, String requestValue) {
        switch (type) {
            case STRING:
                return policyValue.equals(requestValue);
            case STRING_IGNORE_CASE:
                return policyValue.equalsIgnoreCase(requestValue);
            case STRING_LIKE:
                return Wildcards.matches(policyValue, requestValue, false);
            case BOOL:
                return policyValue.equalsIgnoreCase(requestValue);
            case ARN:
                return Wildcards.arnMatches(policyValue, requestValue);
            case BINARY:
                try {
                    return java.util.Arrays.equals(Base64.getDecoder().decode(policyValue),
                            Base64.getDecoder().decode(requestValue));
                } catch (IllegalArgumentException e) {
                    return false;
                }
            case IP:
                return inRange(policyValue, requestValue);
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE: {
                BigDecimal p = number(policyValue);
                BigDecimal r = number(requestValue);
                return p != null && r != null && compare(type, r.compareTo(p));
            }
            default: {
                Instant p = cached(DATES, policyValue, Conditions::date);
                Instant r = date(requestValue);
                return p != null && r != null && compare(type, r.compareTo(p));
            }
        }
    }

    /** request ? policy, by the comparison's kind. */
    private static boolean compare(Type type, int order) {
        return switch (type) {
            case NUMERIC_EQ, DATE_EQ -> order == 0;
            case NUMERIC_LT, DATE_LT -> order < 0;
            case NUMERIC_LE, DATE_LE -> order <= 0;
            case NUMERIC_GT, DATE_GT -> order > 0;
            default -> order >= 0;
        };
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO 8601 date-times (with or without zone) or epoch seconds. */
    static Instant date(String text) {
        Instant utc = utcDateTime(text);
        if (utc != null) {
            return utc;
        }
        String value = text.trim();
        if (!value.isEmpty() && value.chars().skip(value.charAt(0) == '-' ? 1 : 0).allMatch(Character::isDigit)
                && !value.equals("-")) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                try {
                    return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
                } catch (DateTimeParseException last) {
                    return null;
                }
            }
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]Z}, the form {@code aws:CurrentTime} always takes, read
     * by hand (the formatter costs more than the rest of a condition); null for anything else, which
     * the general parser then reads.
     */
    private static Instant utcDateTime(String text) {
        int length = text.length();
        if (length < 17 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int seconds = 0;
        int nanos = 0;
        int end = length - 1;
        if (end > 16) {
            if (text.charAt(16) != ':' || end < 19) {
                return null;
            }
            seconds = digits(text, 17, 19);
            if (end > 19) {
                int fraction = end - 20;
                if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                    return null;
                }
                nanos = digits(text, 20, end);
                for (int i = fraction; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || seconds < 0 || nanos < 0) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, seconds, nanos)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A CIDR block of a policy: the network's bytes and the prefix length, or null when not one. */
    private record Network(byte[] address, int bits) {
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, Object> NETWORKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Network network(String cidr) {
        try {
            int slash = cidr.indexOf('/');
            byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                return null;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            return bits < 0 || bits > network.length * 8 ? null : new Network(network, bits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code address} lies in {@code cidr} (IPv4 or IPv6; no mask = one address). */
    static boolean inRange(String cidr, String address) {
        Network parsed = cached(NETWORKS, cidr, Conditions::network);
        byte[] candidate = cached(ADDRESSES, address, Conditions::literal);
        if (parsed == null || candidate == null || parsed.address().length != candidate.length) {
            return false;
        }
        byte[] network = parsed.address();
        for (int i = 0; i < parsed.bits(); i++) {
            int mask = 0x80 >> (i % 8);
            if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digitsAndDots(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of an IP literal; never a DNS lookup. */
    private static byte[] literal(String text) {
        String value = text.trim();
        if (value.isEmpty() || !(value.indexOf(':') >= 0 || digitsAndDots(value))) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
