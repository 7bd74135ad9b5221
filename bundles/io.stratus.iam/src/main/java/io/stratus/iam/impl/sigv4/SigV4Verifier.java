package io.stratus.iam.impl.sigv4;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.codec.UrlCodec;

/**
 * Verifies SigV4 signatures, in the {@code Authorization} header or as a presigned query: the
 * canonical request rebuilt from what arrived, the payload hash rules ({@code UNSIGNED-PAYLOAD},
 * the streaming variants, a body hash), session tokens, the 15-minute clock skew and presigned
 * expiry. Errors are named as the target service's protocol names them.
 */
public final class SigV4Verifier {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigV4Verifier.class);

    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final long MAX_EXPIRES = 604_800;

    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private final SigningKeys keys;
    private final Supplier<Clock> wallClock;
    private final Supplier<Clock> credentialClock;
    private final int maxBodyBytes;

    /**
     * @param wallClock       what a request's signing time is compared with (skew, presigned
     *                        expiry): the clocks of clients follow the wall clock
     * @param credentialClock what temporary credentials' expiry is compared with: the platform's
     *                        clock, which tests may move
     * @param maxBodyBytes    the largest body whose hash is computed here (requests without an
     *                        {@code x-amz-content-sha256} header); larger ones are refused with 413
     */
    public SigV4Verifier(SigningKeys keys, Supplier<Clock> wallClock, Supplier<Clock> credentialClock,
            int maxBodyBytes) {
        this.keys = keys;
        this.wallClock = wallClock;
        this.credentialClock = credentialClock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Verifies a request to {@code service}; S3 paths are neither normalized nor encoded twice, as S3 signs. */
    public AwsPrincipal verify(AwsRequest request, String service) throws AwsException, IOException {
        return verify(request, service, !"s3".equals(service));
    }

    /** As {@link #verify(AwsRequest, String)}, with path normalization chosen by the caller (the suite's cases). */
    AwsPrincipal verify(AwsRequest request, String service, boolean normalizePath) throws AwsException, IOException {
        AwsProtocol protocol = request.protocol();
        String authorization = request.header("Authorization");
        // one pass over the query for both its authentication parameters and the canonical query
        QueryPairs query = QueryPairs.of(request.rawQuery());
        Signed signed;
        if (authorization != null && !authorization.isBlank()) {
            signed = fromHeader(authorization.trim(), request, protocol);
        } else if (query.algorithm() != null || query.signature() != null) {
            signed = fromQuery(query, protocol);
        } else if (isSigV2Query(request.rawQuery())) {
            throw AuthErrors.signatureVersion2(protocol);
        } else {
            throw AuthErrors.missing(protocol);
        }

        Instant now = wallClock.get().instant();
        Instant signedAt = signed.time();
        if (signed.presigned()) {
            if (signedAt.isAfter(now.plus(MAX_SKEW))) {
                throw AuthErrors.skewed(AMZ_DATE.format(signedAt.atOffset(ZoneOffset.UTC)),
                        AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)));
            }
            if (now.isAfter(signedAt.plusSeconds(signed.expires()))) {
                throw AuthErrors.expired(protocol);
            }
        } else if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthErrors.skewed(AMZ_DATE.format(signedAt.atOffset(ZoneOffset.UTC)),
                    AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)));
        }

        SigningKeys.Key key = keys.find(signed.accessKeyId());
        if (key == null) {
            throw AuthErrors.unknownKey(protocol);
        }
        String token = signed.presigned() ? query.securityToken() : request.header("X-Amz-Security-Token");
        if (key.sessionToken() == null ? token != null && !token.isEmpty()
                : token == null || !java.security.MessageDigest.isEqual(key.sessionToken().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw AuthErrors.badToken(protocol);
        }

        String declaredHash = request.header("x-amz-content-sha256");
        String payloadHash = payloadHash(request, declaredHash, service, signed, protocol);
        String canonicalUri = "s3".equals(service) ? SigV4.canonicalUri(request.rawPath(), true)
                : normalizePath ? SigV4.canonicalUri(request.rawPath(), false)
                : SigV4.canonicalUriUnnormalized(request.rawPath());
        String scope = signed.scope();
        byte[] signingKey = SigV4.signingKey(key.secretAccessKey(), signed.date(), signed.region(), signed.service());
        String signedNames = signed.signedNames();
        // the canonical request and the string to sign are written as UTF-8 into the thread's buffer and hashed there
        Utf8Buffer buffer = Utf8Buffer.ofThread();
        buffer.append(request.method()).append('\n').appendAscii(canonicalUri).append('\n'); // an escaped URI is ASCII
        query.appendCanonical(buffer, signed.presigned() ? QueryPairs.SIGNATURE : null);
        buffer.append('\n');
        int common = buffer.length();
        int canonicalEnd = common;
        byte[] expected = buffer.mac;
        boolean matches = false;
        // a presigned URL carries the hash of its body (the Java SDK) or UNSIGNED-PAYLOAD (botocore, S3)
        List<String> payloadHashes = signed.presigned() && declaredHash == null
                && !UNSIGNED_PAYLOAD.equals(payloadHash) ? List.of(payloadHash, UNSIGNED_PAYLOAD) : List.of(payloadHash);
        List<Function<String, List<String>>> spellings = spellings(request, signed.signedHeaders());
        search:
        for (String hash : payloadHashes) {
            for (Function<String, List<String>> headers : spellings) {
                buffer.truncate(common);
                SigV4.appendCanonicalHeaders(buffer, headers, signed.signedHeaders());
                buffer.append('\n').append(signedNames).append('\n').append(hash);
                canonicalEnd = buffer.length();
                SigV4.sha256(buffer.bytes(), 0, canonicalEnd, buffer.digest);
                // the date was parsed as digits, 'T' and 'Z': ASCII
                buffer.appendAscii(SigV4.ALGORITHM).append('\n').appendAscii(signed.amzDate()).append('\n').append(scope)
                        .append('\n').appendHex(buffer.digest);
                SigV4.hmac(signingKey, buffer.bytes(), canonicalEnd, buffer.length(), expected);
                if (SigV4.same(expected, signed.signature())) {
                    matches = true;
                    break search;
                }
            }
        }
        if (!matches) {
            // what AWS shows in its own answers to a signature that does not match, for whoever debugs a client
            if (LOG.isDebugEnabled()) {
                LOG.debug("Signature mismatch for key {}; canonical request:\n{}", signed.accessKeyId(),
                        buffer.toString(0, canonicalEnd));
            }
            throw AuthErrors.signatureMismatch(protocol);
        }
        // checked after the signature, so an expired key is only reported to its holder
        if (key.expires() != null && !credentialClock.get().instant().isBefore(key.expires())) {
            throw AuthErrors.expiredToken(protocol);
        }
        AwsPrincipal principal = key.principal();
        if (STREAMING_SIGNED.equals(payloadHash) || STREAMING_SIGNED_TRAILER.equals(payloadHash)) {
            return new AwsPrincipal(principal.accountId(), principal.arn(), principal.userId(), principal.accessKeyId(),
                    new ChunkChain(signingKey, signed.amzDate(), scope, SigV4.hex(expected)));
        }
        return principal;
    }

    /**
     * The signed headers as received, then with the charset of Content-Type in the other common
     * spelling. Jetty matches well-known header fields against its cache ignoring case and hands
     * back its own spelling ({@code charset=UTF-8} for the {@code charset=utf-8} the SDKs send and
     * sign); only a mismatch pays for the second try.
     */
    static List<Function<String, List<String>>> spellings(AwsRequest request, List<String> signedHeaders) {
        Function<String, List<String>> asReceived = request::headers;
        if (!signedHeaders.contains("content-type")) {
            return List.of(asReceived);
        }
        List<String> contentType = request.headers("content-type");
        if (contentType.size() != 1) {
            return List.of(asReceived);
        }
        String value = contentType.get(0);
        int charset = indexOfIgnoreCase(value, "charset=");
        if (charset < 0) {
            return List.of(asReceived);
        }
        String name = value.substring(charset + "charset=".length());
        String other = name.equals(name.toUpperCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT)
                : name.toUpperCase(Locale.ROOT);
        List<String> respelled = List.of(value.substring(0, charset + "charset=".length()) + other);
        return List.of(asReceived, header -> header.equals("content-type") ? respelled : request.headers(header));
    }

    /** Where {@code part} (lower case ASCII) first occurs in {@code text} ignoring case, or -1. */
    private static int indexOfIgnoreCase(String text, String part) {
        for (int i = 0; i + part.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return i;
            }
        }
        return -1;
    }

    private String payloadHash(AwsRequest request, String declared, String service, Signed signed, AwsProtocol protocol)
            throws AwsException, IOException {
        if (declared == null || declared.isEmpty()) {
            if (signed.presigned() && "s3".equals(service)) {
                return UNSIGNED_PAYLOAD;
            }
            return SigV4.sha256Hex(request.body(maxBodyBytes));
        }
        switch (declared) {
            case UNSIGNED_PAYLOAD, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER -> {
                return declared;
            }
            default -> {
                if (declared.length() != 64 || !declared.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    throw AuthErrors.malformed(protocol, "x-amz-content-sha256 must be the SHA-256 of the payload "
                            + "in hex, UNSIGNED-PAYLOAD or a STREAMING-* value, not " + declared);
                }
                // S3 streams large bodies: its storage checks the hash while writing; everyone else's is small
                if (!"s3".equals(service)
                        && !SigV4.sha256Hex(request.body(maxBodyBytes)).equalsIgnoreCase(declared)) {
                    throw AuthErrors.contentMismatch(protocol);
                }
                return declared.toLowerCase(Locale.ROOT);
            }
        }
    }

    /** What the request claims about its signature. */
    record Signed(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, Instant time, boolean presigned, long expires, String scope,
            String signedNames) {
    }

    private static Signed fromHeader(String authorization, AwsRequest request, AwsProtocol protocol)
            throws AwsException {
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) {
            throw AuthErrors.malformed(protocol, "Only " + SigV4.ALGORITHM + " (Signature Version 4) is supported");
        }
        // comma-separated name=value parts; only these three count, the last of each name wins
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        int start = SigV4.ALGORITHM.length();
        while (start <= authorization.length()) {
            int comma = authorization.indexOf(',', start);
            int end = comma < 0 ? authorization.length() : comma;
            int eq = authorization.indexOf('=', start);
            if (eq >= 0 && eq < end) {
                if (isName(authorization, start, eq, "Credential")) {
                    credential = trimmed(authorization, eq + 1, end);
                } else if (isName(authorization, start, eq, "SignedHeaders")) {
                    signedHeaders = trimmed(authorization, eq + 1, end);
                } else if (isName(authorization, start, eq, "Signature")) {
                    signature = trimmed(authorization, eq + 1, end);
                }
            }
            start = end + 1;
        }
        String[] required = {"Credential", "SignedHeaders", "Signature"};
        String[] given = {credential, signedHeaders, signature};
        for (int i = 0; i < required.length; i++) {
            if (given[i] == null || given[i].isEmpty()) {
                throw AuthErrors.malformed(protocol, "Authorization header requires '" + required[i]
                        + "' parameter. Authorization=" + authorization);
            }
        }
        String amzDate = request.header("X-Amz-Date");
        Instant time;
        if (amzDate != null) {
            time = parseAmzDate(amzDate, protocol);
        } else {
            String date = request.header("Date");
            if (date == null) {
                throw AuthErrors.malformed(protocol, "Authorization header requires existence of either a "
                        + "'X-Amz-Date' or a 'Date' header. Authorization=" + authorization);
            }
            try {
                time = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw AuthErrors.malformed(protocol, "Date header is not an RFC 1123 date: " + date);
            }
            amzDate = AMZ_DATE.format(time.atOffset(ZoneOffset.UTC));
        }
        return signed(credential, signedHeaders, signature, amzDate, time, false, 0, protocol);
    }

    /**
     * Whether a query carries Signature Version 2's query authentication ({@code AWSAccessKeyId},
     * what {@code aws s3 presign} sends unless configured for {@code s3v4}).
     */
    static boolean isSigV2Query(String rawQuery) {
        boolean[] found = new boolean[1];
        UrlCodec.forEachPair(rawQuery, (raw, start, eq, end) ->
                found[0] |= eq - start == "AWSAccessKeyId".length() && raw.startsWith("AWSAccessKeyId", start));
        return found[0];
    }

    /** Whether {@code text[from, to)}, trimmed as {@link String#trim} trims, is {@code name}. */
    private static boolean isName(String text, int from, int to, String name) {
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        return to - from == name.length() && text.startsWith(name, from);
    }

    /** {@code text.substring(from, to).trim()} with one copy. */
    private static String trimmed(String text, int from, int to) {
        while (from < to && text.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) <= ' ') {
            to--;
        }
        return text.substring(from, to);
    }

    private static Signed fromQuery(QueryPairs query, AwsProtocol protocol) throws AwsException {
        if (!SigV4.ALGORITHM.equals(query.algorithm())) {
            throw AuthErrors.badQuery(protocol, "X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\"");
        }
        String[] required = {"X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date",
            "X-Amz-Expires"};
        String[] given = {query.credential(), query.signedHeaders(), query.signature(), query.date(), query.expires()};
        for (int i = 0; i < required.length; i++) {
            if (given[i] == null || given[i].isEmpty()) {
                throw AuthErrors.badQuery(protocol, "Query-string authentication requires the " + required[i]
                        + " parameter");
            }
        }
        long expires;
        try {
            expires = Long.parseLong(query.expires());
        } catch (NumberFormatException e) {
            throw AuthErrors.badQuery(protocol, "X-Amz-Expires should be a number");
        }
        if (expires < 1) {
            throw AuthErrors.badQuery(protocol, "X-Amz-Expires must be non-negative and at least 1 second");
        }
        if (expires > MAX_EXPIRES) {
            throw AuthErrors.badQuery(protocol, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        return signed(query.credential(), query.signedHeaders(), query.signature(), query.date(),
                parseAmzDate(query.date(), protocol), true, expires, protocol);
    }

    private static Signed signed(String credential, String signedHeaders, String signature, String amzDate,
            Instant time, boolean presigned, long expires, AwsProtocol protocol) throws AwsException {
        String[] scope = slashParts(credential);
        if (scope == null || !"aws4_request".equals(scope[4]) || scope[0].isEmpty() || scope[2].isEmpty()
                || scope[3].isEmpty()) {
            throw AuthErrors.malformed(protocol, "Credential must have the form "
                    + "<access key>/<date>/<region>/<service>/aws4_request, not " + credential);
        }
        if (!amzDate.startsWith(scope[1]) || scope[1].length() != 8) {
            throw AuthErrors.malformed(protocol, "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        List<String> names = new ArrayList<>(8);
        boolean asSent = true;
        int start = 0;
        while (start <= signedHeaders.length()) {
            int end = signedHeaders.indexOf(';', start);
            if (end < 0) {
                end = signedHeaders.length();
            }
            if (end > start) {
                String name = signedHeaders.substring(start, end);
                String lower = name.toLowerCase(Locale.ROOT);
                asSent &= lower.equals(name);
                names.add(lower);
            } else {
                asSent = false;
            }
            start = end + 1;
        }
        if (!names.contains("host")) {
            throw AuthErrors.malformed(protocol, "Signed headers must include 'host'");
        }
        // the scope as signed: the credential after the access key id
        return new Signed(scope[0], scope[1], scope[2], scope[3], java.util.Collections.unmodifiableList(names),
                signature, amzDate, time, presigned, expires, credential.substring(scope[0].length() + 1),
                asSent ? signedHeaders : String.join(";", names));
    }

    /** The five parts of {@code key/date/region/service/aws4_request}, or null when there are not exactly five. */
    private static String[] slashParts(String credential) {
        String[] parts = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int slash = credential.indexOf('/', start);
            if (slash < 0) {
                return null;
            }
            parts[i] = credential.substring(start, slash);
            start = slash + 1;
        }
        if (credential.indexOf('/', start) >= 0) {
            return null;
        }
        parts[4] = credential.substring(start);
        return parts;
    }

    private static Instant parseAmzDate(String amzDate, AwsProtocol protocol) throws AwsException {
        try {
            // yyyyMMdd'T'HHmmss'Z' read by hand: the formatter costs more than the rest of the header
            if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
                throw new DateTimeParseException("not yyyyMMdd'T'HHmmss'Z'", amzDate, 0);
            }
            return LocalDateTime.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8),
                    digits(amzDate, 9, 11), digits(amzDate, 11, 13), digits(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw AuthErrors.malformed(protocol, "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z', not "
                    + amzDate);
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit", text, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** An instant as X-Amz-Date writes it. */
    public static String format(Instant instant) {
        return AMZ_DATE.format(instant.atOffset(ZoneOffset.UTC));
    }
}
