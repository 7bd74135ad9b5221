package io.stratus.aws.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes a request body in {@code aws-chunked} content encoding: chunks of
 * {@code <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n}, a last chunk of size 0, then optional
 * trailing headers ({@code x-amz-checksum-crc32:...}, {@code x-amz-trailer-signature:...}) and an empty
 * line. Serves the signed variants ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}) and the
 * unsigned one with a trailer ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}) that current SDKs send.
 * Chunk signatures are handed to a {@link ChunkSignatures} so that the SigV4 verifier can check
 * them; the decoder itself only parses.
 */
public final class AwsChunkedInputStream extends InputStream {

    /** Sees each chunk with its signature (if any) as it is decoded; may refuse it by throwing. */
    public interface ChunkSignatures {
        /** Checks nothing: for unsigned payloads, or until signatures are verified. */
        ChunkSignatures NONE = new ChunkSignatures() {
        };

        /** A chunk starts; {@code signature} is null when the chunk carries none. */
        default void begin(String signature, long size) throws IOException {
        }

        /** Bytes of the current chunk, in order. */
        default void update(byte[] bytes, int offset, int length) {
        }

        /** The current chunk ended (all its bytes were seen). */
        default void end() throws IOException {
        }

        /** The trailing headers and their {@code x-amz-trailer-signature} (or null). */
        default void trailer(Map<String, String> trailers, String signature) throws IOException {
        }
    }

    /** The body is not valid aws-chunked encoding (S3 answers it with IncompleteBody / InvalidRequest). */
    public static final class MalformedChunkException extends IOException {
        private static final long serialVersionUID = 1L;

        public MalformedChunkException(String message) {
            super(message);
        }
    }

    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER_LINES = 64;

    private final InputStream in;
    private final ChunkSignatures signatures;
    private final Map<String, String> trailers = new LinkedHashMap<>();
    private long left;
    private boolean inChunk;
    private boolean finished;
    private long decoded;

    public AwsChunkedInputStream(InputStream in, ChunkSignatures signatures) {
        this.in = in;
        this.signatures = signatures == null ? ChunkSignatures.NONE : signatures;
    }

    /** Whether the content encoding header names aws-chunked (possibly among others). */
    public static boolean isAwsChunked(String contentEncoding, String contentSha256) {
        if (contentSha256 != null && contentSha256.startsWith("STREAMING-")) {
            return true;
        }
        if (contentEncoding == null) {
            return false;
        }
        for (String part : contentEncoding.split(",")) {
            if (part.trim().equalsIgnoreCase("aws-chunked")) {
                return true;
            }
        }
        return false;
    }

    /** The trailing headers, by lower-case name; complete once the stream returned -1. */
    public Map<String, String> trailers() {
        return Collections.unmodifiableMap(trailers);
    }

    /** Decoded bytes so far. */
    public long decodedLength() {
        return decoded;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!finished && !inChunk) {
            startChunk();
        }
        if (finished) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new MalformedChunkException("The body ended inside a chunk");
        }
        signatures.update(b, off, n);
        left -= n;
        decoded += n;
        if (left == 0) {
            String crlf = readLine();
            if (!crlf.isEmpty()) {
                throw new MalformedChunkException("A chunk is longer than its declared size");
            }
            signatures.end();
            inChunk = false;
        }
        return n;
    }

    private void startChunk() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new MalformedChunkException("The body ended before its last chunk");
        }
        String size = line;
        String signature = null;
        int semicolon = line.indexOf(';');
        if (semicolon >= 0) {
            size = line.substring(0, semicolon);
            for (String extension : line.substring(semicolon + 1).split(";")) {
                int eq = extension.indexOf('=');
                if (eq > 0 && extension.substring(0, eq).trim().equals("chunk-signature")) {
                    signature = extension.substring(eq + 1).trim();
                }
            }
        }
        long length;
        try {
            length = Long.parseLong(size.trim(), 16);
        } catch (NumberFormatException e) {
            throw new MalformedChunkException("Bad chunk size line");
        }
        if (length < 0) {
            throw new MalformedChunkException("Bad chunk size line");
        }
        signatures.begin(signature, length);
        if (length == 0) {
            signatures.end();
            readTrailers();
            finished = true;
            return;
        }
        left = length;
        inChunk = true;
    }

    private void readTrailers() throws IOException {
        String trailerSignature = null;
        for (int i = 0; i <= MAX_TRAILER_LINES; i++) {
            String line = readLine();
            if (line == null || line.isEmpty()) {
                signatures.trailer(trailers(), trailerSignature);
                return;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedChunkException("Bad trailing header");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
            }
        }
        throw new MalformedChunkException("Too many trailing headers");
    }

    /** A line without its CRLF (or LF); null at the end of the stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (line.size() == 0) {
                    return null;
                }
                break;
            }
            if (c == '\n') {
                break;
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedChunkException("Chunk line too long");
            }
            line.write(c);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
