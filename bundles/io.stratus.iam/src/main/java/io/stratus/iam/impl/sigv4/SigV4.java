package io.stratus.iam.impl.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.stratus.aws.codec.UrlCodec;

/**
 * The SigV4 primitives shared by verification and presigning: canonical URI, query and headers,
 * hashing, the signing key and the signature, as the AWS General Reference describes them.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4() {
    }

    /**
     * The canonical URI of a path as sent on the wire. Every service but S3 normalizes the path
     * (dot segments, repeated slashes) and encodes the sent path once more; S3 encodes the decoded
     * path exactly once, unnormalized.
     */
    public static String canonicalUri(String rawPath, boolean s3) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        if (s3) {
            return reencode(rawPath, 0, rawPath.length(), false);
        }
        return encode(isNormalized(rawPath) ? rawPath : normalize(rawPath), false);
    }

    /** Whether {@link #normalize} would return the path unchanged: no empty segment but a trailing one, no dot segments. */
    static boolean isNormalized(String path) {
        if (path.charAt(0) != '/') {
            return false;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0 && end < path.length()
                    || length == 1 && path.charAt(start) == '.'
                    || length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    /** The canonical URI without normalization but with the double encoding (the suite's "unnormalized" cases). */
    public static String canonicalUriUnnormalized(String rawPath) {
        return rawPath == null || rawPath.isEmpty() ? "/" : encode(rawPath, false);
    }

    /**
     * A presigned URL: the {@code X-Amz-*} query parameters added to {@code url}, signed over the
     * method, path, query and host with {@code UNSIGNED-PAYLOAD}, so any body may go with it.
     *
     * @param url an absolute URL, path and query already percent-encoded
     */
    public static String presign(String method, String url, String service, String region, String accessKeyId,
            String secretAccessKey, java.time.Instant signedAt, long expiresSeconds) {
        java.net.URI uri = java.net.URI.create(url);
        String amzDate = SigV4Verifier.format(signedAt);
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        List<String> query = new ArrayList<>();
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            query.add(uri.getRawQuery());
        }
        query.add("X-Amz-Algorithm=" + ALGORITHM);
        query.add("X-Amz-Credential=" + encode(accessKeyId + "/" + scope, true));
        query.add("X-Amz-Date=" + amzDate);
        query.add("X-Amz-Expires=" + expiresSeconds);
        query.add("X-Amz-SignedHeaders=host");
        String rawQuery = String.join("&", query);
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String canonical = canonicalRequest(method, canonicalUri(rawPath, "s3".equals(service)),
                canonicalQuery(rawQuery, null), "host:" + uri.getRawAuthority() + "\n", "host",
                SigV4Verifier.UNSIGNED_PAYLOAD);
        String signature = signature(signingKey(secretAccessKey, date, region, service),
                stringToSign(amzDate, scope, canonical));
        return uri.getScheme() + "://" + uri.getRawAuthority() + rawPath + "?" + rawQuery + "&X-Amz-Signature=" + signature;
    }

    /** Removes dot segments and empty segments, keeping a trailing slash. */
    static String normalize(String path) {
        List<String> out = new ArrayList<>();
        String[] parts = path.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
                continue;
            }
            out.add(part);
        }
        StringBuilder normalized = new StringBuilder("/").append(String.join("/", out));
        String last = parts[parts.length - 1];
        boolean trailing = path.endsWith("/") || last.equals(".") || last.equals("..");
        if (trailing && !out.isEmpty()) {
            normalized.append('/');
        }
        return normalized.toString();
    }

    /**
     * The canonical query string of a raw query: each name and value decoded and encoded as AWS
     * does, sorted by name then value; parameters named {@code excluded} (when not null) left out.
     */
    public static String canonicalQuery(String rawQuery, String excluded) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Utf8Buffer query = new Utf8Buffer();
        QueryPairs.of(rawQuery).appendCanonical(query, excluded == null ? null : encode(excluded, true));
        return query.toString();
    }

    /** A header value as SigV4 canonicalizes it: trimmed, runs of whitespace as one space. */
    public static String trimAll(String value) {
        if (isTrimmed(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        appendTrimmed(out, value);
        return out.toString();
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Whether {@link #trimAll} would return the value unchanged (the usual case, checked without copying). */
    private static boolean isTrimmed(String value) {
        int length = value.length();
        if (length == 0) {
            return true;
        }
        if (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(length - 1))) {
            return false;
        }
        for (int i = 1; i < length - 1; i++) {
            char c = value.charAt(i);
            if (c == ' ' ? isWhitespace(value.charAt(i + 1)) : isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static void appendTrimmed(StringBuilder out, String value) {
        if (isTrimmed(value)) {
            out.append(value);
            return;
        }
        int mark = out.length();
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                space = out.length() > mark;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
    }

    /** The canonical headers block as text (for clients that sign: the bytes the verifier appends, decoded). */
    public static String canonicalHeaders(Map<String, List<String>> headersByLowerName, List<String> signedHeaders) {
        Utf8Buffer buffer = new Utf8Buffer();
        appendCanonicalHeaders(buffer, name -> headersByLowerName.getOrDefault(name, List.of()), signedHeaders);
        return buffer.toString();
    }

    /**
     * Appends the canonical headers block as UTF-8 ({@code name:value\n} for each signed header name,
     * lower case, sorted, once each), each header's values as {@code headers} gives them (never
     * null), trimmed and joined with ','.
     */
    static void appendCanonicalHeaders(Utf8Buffer out, Function<String, List<String>> headers, List<String> signedHeaders) {
        List<String> names = sorted(signedHeaders);
        String previous = null;
        for (String name : names) {
            if (name.equals(previous)) {
                continue;
            }
            previous = name;
            out.append(name).append(':');
            List<String> values = headers.apply(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(trimAll(values.get(i)));
            }
            out.append('\n');
        }
    }

    /** The names in order; clients send them sorted already, so that list is usually returned as it is. */
    private static List<String> sorted(List<String> names) {
        for (int i = 1; i < names.size(); i++) {
            if (names.get(i - 1).compareTo(names.get(i)) > 0) {
                List<String> copy = new ArrayList<>(names);
                java.util.Collections.sort(copy);
                return copy;
            }
        }
        return names;
    }

    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            String canonicalHeaders, String signedHeaders, String payloadHash) {
        return new StringBuilder(method.length() + canonicalUri.length() + canonicalQuery.length()
                + canonicalHeaders.length() + signedHeaders.length() + payloadHash.length() + 5)
                .append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n')
                .append(canonicalHeaders).append('\n').append(signedHeaders).append('\n').append(payloadHash)
                .toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return new StringBuilder(ALGORITHM.length() + amzDate.length() + scope.length() + 67).append(ALGORITHM)
                .append('\n').append(amzDate).append('\n').append(scope).append('\n')
                .append(sha256Hex(canonicalRequest)).toString();
    }

    /** What a signing key is derived from. */
    private record SigningKeyId(String secret, String date, String region, String service) {
    }

    /**
     * Signing keys last a day per secret, region and service; the chain of four HMACs is computed
     * once. Keyed by the secret itself, so a changed secret never meets the key of the old one;
     * whether the access key may still be used is decided before, on every request.
     */
    private static final java.util.concurrent.ConcurrentHashMap<SigningKeyId, byte[]> SIGNING_KEYS =
            new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_CACHED_KEYS = 4096;

    /** How many signing keys are cached (never more than {@link #MAX_CACHED_KEYS}). */
    static int cachedSigningKeys() {
        return SIGNING_KEYS.size();
    }

    /**
     * kSigning = HMAC chain over date, region, service and "aws4_request". The array returned may
     * be shared: callers must not change it.
     */
    public static byte[] signingKey(String secret, String date, String region, String service) {
        SigningKeyId cacheKey = new SigningKeyId(secret, date, region, service);
        byte[] cached = SIGNING_KEYS.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        if (SIGNING_KEYS.size() >= MAX_CACHED_KEYS) {
            SIGNING_KEYS.clear();
        }
        SIGNING_KEYS.put(cacheKey, key);
        return key;
    }

    /** A thread's HMAC and the key it was last initialized with (initializing costs two SHA-256 blocks). */
    private static final class Hmac {
        final Mac mac;
        byte[] key;

        Hmac() {
            try {
                mac = Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
            }
        }
    }

    private static final ThreadLocal<Hmac> MAC = ThreadLocal.withInitial(Hmac::new);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    });

    public static String signature(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            return keyed(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("an HMAC key of any length is valid", e);
        }
    }

    /** The thread's Mac, initialized with {@code key}. */
    private static Mac keyed(byte[] key) throws InvalidKeyException {
        Hmac hmac = MAC.get();
        // doFinal leaves the Mac initialized with its key: the same (cached, never changed) key array needs no init
        if (hmac.key != key) {
            hmac.key = null;
            hmac.mac.init(new SecretKeySpec(key, "HmacSHA256"));
            hmac.key = key;
        }
        return hmac.mac;
    }

    /** HMAC-SHA256 of {@code data[from, to)} into {@code out[0, 32)}, with no copies. */
    static void hmac(byte[] key, byte[] data, int from, int to, byte[] out) {
        try {
            Mac mac = keyed(key);
            mac.update(data, from, to - from);
            mac.doFinal(out, 0);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC key of any length is valid and 32 bytes hold a SHA-256", e);
        }
    }

    /** SHA-256 of {@code data[from, to)} into {@code out[0, 32)}. */
    static void sha256(byte[] data, int from, int to, byte[] out) {
        MessageDigest digest = SHA256.get();
        digest.update(data, from, to - from);
        try {
            digest.digest(out, 0, 32); // and reset for the next use
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("32 bytes hold a SHA-256", e);
        }
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        return hex(sha256(bytes));
    }

    public static byte[] sha256(byte[] bytes) {
        // digest() leaves the instance reset for the next use
        return SHA256.get().digest(bytes);
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Lower-case hex, by table. */
    public static String hex(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Constant-time comparison of two hex signatures. */
    public static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison of a computed MAC with a hex signature as given (either case); false for anything not hex. */
    public static boolean same(byte[] expected, String given) {
        if (given == null || given.length() != expected.length * 2) {
            return false;
        }
        // every byte compared, as MessageDigest.isEqual does, without decoding into an array first
        int difference = 0;
        for (int i = 0; i < expected.length; i++) {
            int high = hexDigit(given.charAt(2 * i));
            int low = hexDigit(given.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                return false;
            }
            difference |= (expected[i] & 0xff) ^ (high << 4 | low);
        }
        return difference == 0;
    }

    /** The value of an ASCII hex digit, or -1. */
    static int hexDigit(char c) {
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

    /**
     * {@code raw[from, to)} decoded and then encoded as {@link #encode} does, without the round trip
     * when the text already has that form (unreserved characters and upper-case escapes of the other
     * bytes: what the SDKs send). Works on bytes, so an escape that is not UTF-8 stays as it was sent.
     */
    static String reencode(String raw, int from, int to, boolean slash) {
        return isCanonical(raw, from, to, slash) ? raw.substring(from, to)
                : encodeBytes(UrlCodec.decodeBytes(raw, from, to, false), slash);
    }

    /** Whether {@code raw[from, to)} is its own re-encoding: unreserved characters and upper-case escapes of other bytes. */
    static boolean isCanonical(String raw, int from, int to, boolean slash) {
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (isUnreserved(c, slash)) {
                continue;
            }
            if (c == '%' && i + 2 < to) {
                int high = upperHexDigit(raw.charAt(i + 1));
                int low = upperHexDigit(raw.charAt(i + 2));
                if (high >= 0 && low >= 0 && !isUnreserved((char) (high << 4 | low), slash)) {
                    i += 2;
                    continue;
                }
            }
            return false;
        }
        return true;
    }

    /** Bit c of these is set for the unreserved characters c below 64 (with '/' or without), and c - 64 of the last for the rest. */
    private static final long UNRESERVED_LOW = bits(0, 64, false);
    private static final long UNRESERVED_LOW_SLASH_KEPT = bits(0, 64, true);
    private static final long UNRESERVED_HIGH = bits(64, 128, false);

    private static long bits(int from, int to, boolean slashKept) {
        long bits = 0;
        for (int c = from; c < to; c++) {
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/' && slashKept) {
                bits |= 1L << (c - from);
            }
        }
        return bits;
    }

    /** A-Z a-z 0-9 - _ . ~ and, unless {@code slash}, '/': by table, this runs for every character of every URI and query. */
    private static boolean isUnreserved(char c, boolean slash) {
        if (c < 64) {
            return ((slash ? UNRESERVED_LOW : UNRESERVED_LOW_SLASH_KEPT) >>> c & 1) != 0;
        }
        return c < 128 && (UNRESERVED_HIGH >>> (c - 64) & 1) != 0;
    }

    private static int upperHexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String encodeBytes(byte[] bytes, boolean slash) {
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if (isUnreserved(c, slash)) {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * URI-encodes as SigV4 wants: unreserved characters as they are, everything else as %XX of its
     * UTF-8 bytes (upper-case hex); '/' kept unless {@code slash}.
     */
    public static String encode(String text, boolean slash) {
        if (unreserved(text, slash)) {
            return text;
        }
        return encodeBytes(text.getBytes(StandardCharsets.UTF_8), slash);
    }

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    /** Whether {@link #encode} leaves the text as it is (paths and values are mostly plain ASCII). */
    private static boolean unreserved(String text, boolean slash) {
        for (int i = 0; i < text.length(); i++) {
            if (!isUnreserved(text.charAt(i), slash)) {
                return false;
            }
        }
        return true;
    }

    /** Decodes %XX escapes as UTF-8; '+' stays '+'; malformed escapes are kept as written. */
    public static String percentDecode(String raw) {
        return UrlCodec.decodePath(raw);
    }
}
