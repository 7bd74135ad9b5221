package io.stratus.storage.impl;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;

/**
 * Where an S3 request points: bucket and key, from the virtual host ({@code <bucket>.localhost})
 * or the path ({@code /<bucket>/<key>}). The key is the percent-decoded rest of the raw path,
 * byte for byte; dot-dot segments are refused as AWS refuses them.
 */
record S3Request(String bucket, String key) {

    static final String HOST_SUFFIX = ".localhost";

    static S3Request of(AwsRequest request) throws AwsException {
        String raw = request.rawPath();
        String host = request.header("Host");
        String hostBucket = null;
        if (host != null) {
            String name = host.toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            if (colon > 0 && name.indexOf(']') < colon) {
                name = name.substring(0, colon);
            }
            if (name.endsWith(HOST_SUFFIX) && name.length() > HOST_SUFFIX.length()) {
                hostBucket = name.substring(0, name.length() - HOST_SUFFIX.length());
            }
        }
        String path = raw.startsWith("/") ? raw.substring(1) : raw;
        String bucket;
        String rawKey;
        if (hostBucket != null) {
            bucket = hostBucket;
            rawKey = path;
        } else {
            int slash = path.indexOf('/');
            bucket = decode(slash < 0 ? path : path.substring(0, slash));
            rawKey = slash < 0 ? "" : path.substring(slash + 1);
        }
        String key = decode(rawKey);
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..")) {
                throw new AwsException(400, "InvalidArgument",
                        "Object keys with '..' path segments cannot be addressed: clients and proxies resolve them");
            }
        }
        return new S3Request(bucket.isEmpty() ? null : bucket, key.isEmpty() ? null : key);
    }

    /** Strict percent-decoding to UTF-8 ('+' stays '+', as in paths). */
    static String decode(String raw) throws AwsException {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw invalidUri();
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw invalidUri();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    encoded = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(encoded);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalidUri();
        }
    }

    private static AwsException invalidUri() {
        return new AwsException(400, "InvalidURI", "Couldn't parse the specified URI.");
    }
}
