package io.stratus.storage.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;

import io.stratus.storage.api.ObjectInfo;
import io.stratus.storage.api.ObjectMetadata;

/**
 * The file format of a stored object or part: its bytes, then its description as JSON, then the
 * description's length and a magic number. Writing the description last lets a writer stream the
 * bytes once and still commit bytes and description together with one rename.
 */
final class StoredFile {

    static final int MAGIC = 0x53334f31; // "S3O1"
    private static final int TRAILER = 8;
    private static final int MAX_HEADER = 1 << 20;
    private static final Gson GSON = new Gson();
    /** Bytes read from a file's end at once: its description, and the whole of a small object. */
    static final int WINDOW = 8 * 1024;

    /** The description as stored. */
    static final class Header {
        String key;
        long size;
        String eTag;
        long lastModified;
        String contentType;
        Map<String, String> headers;
        Map<String, String> userMetadata;
        int partsCount;
        Map<String, String> checksums;
        /** Part files only. */
        int partNumber;
    }

    private StoredFile() {
    }

    static Header header(ObjectInfo info) {
        Header h = new Header();
        h.key = info.key();
        h.size = info.size();
        h.eTag = info.eTag();
        h.lastModified = info.lastModified().toEpochMilli();
        h.contentType = info.metadata().contentType();
        h.headers = new LinkedHashMap<>(info.metadata().headers());
        h.userMetadata = new LinkedHashMap<>(info.metadata().userMetadata());
        h.partsCount = info.partsCount();
        h.checksums = new LinkedHashMap<>(info.checksums());
        return h;
    }

    static ObjectInfo info(String bucket, Header h) {
        return new ObjectInfo(bucket, h.key, h.size, h.eTag, Instant.ofEpochMilli(h.lastModified),
                new ObjectMetadata(h.contentType, h.headers, h.userMetadata), h.partsCount, h.checksums);
    }

    /** Appends the description after the bytes already written at {@code position}. */
    static void writeHeader(FileChannel channel, long position, Header header) throws IOException {
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(json.length + TRAILER);
        buffer.put(json).putInt(json.length).putInt(MAGIC).flip();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /**
     * A file's description and, when the whole file fit in the one read, its bytes: the object's
     * bytes are then {@code file[0, header.size)}.
     */
    record Contents(Header header, byte[] file) {
    }

    /** Reads the description of a complete file; IOException when the file is not one. */
    static Header readHeader(FileChannel channel) throws IOException {
        return read(channel).header();
    }

    /**
     * Reads the description of a complete file, and the whole file when it is no larger than
     * {@link #WINDOW}, with one positional read of the file's end (a second one only when the
     * description is larger than the window); IOException when the file is not one.
     */
    static Contents read(FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < TRAILER) {
            throw new IOException("not a stored object: too short");
        }
        int window = (int) Math.min(fileSize, WINDOW);
        long windowStart = fileSize - window;
        ByteBuffer tail = ByteBuffer.allocate(window);
        readFully(channel, tail, windowStart);
        byte[] bytes = tail.array();
        int length = tail.getInt(window - TRAILER);
        if (tail.getInt(window - TRAILER + 4) != MAGIC || length < 2 || length > MAX_HEADER
                || length > fileSize - TRAILER) {
            throw new IOException("not a stored object: bad trailer");
        }
        long headerStart = fileSize - TRAILER - length;
        Header header;
        if (headerStart >= windowStart) {
            header = parse(bytes, (int) (headerStart - windowStart), length);
        } else {
            ByteBuffer json = ByteBuffer.allocate(length);
            readFully(channel, json, headerStart);
            header = parse(json.array(), 0, length);
        }
        if (header == null || header.size != headerStart) {
            throw new IOException("not a stored object: size does not match");
        }
        return new Contents(header, windowStart == 0 ? bytes : null);
    }

    /**
     * Parses the JSON {@link #writeHeader} writes, field by field, straight from its UTF-8 bytes:
     * the same document Gson's reflective adapter reads (nulls leave the default, unknown fields
     * are skipped, numbers may be quoted, strings may be numbers or booleans), without its
     * per-field reflection, a decoded copy of the whole text or a reader's buffers.
     */
    static Header parse(byte[] json, int offset, int length) throws IOException {
        try {
            Json in = new Json(json, offset, offset + length);
            Header h = null;
            if (!in.nullLiteral()) {
                h = new Header();
                in.expect('{');
                if (!in.consume('}')) {
                    do {
                        String name = in.string();
                        in.expect(':');
                        if (in.nullLiteral()) {
                            continue;
                        }
                        switch (name) {
                            case "key" -> h.key = in.text();
                            case "size" -> h.size = in.longValue();
                            case "eTag" -> h.eTag = in.text();
                            case "lastModified" -> h.lastModified = in.longValue();
                            case "contentType" -> h.contentType = in.text();
                            case "headers" -> h.headers = in.map();
                            case "userMetadata" -> h.userMetadata = in.map();
                            case "partsCount" -> h.partsCount = in.intValue();
                            case "checksums" -> h.checksums = in.map();
                            case "partNumber" -> h.partNumber = in.intValue();
                            default -> in.skipValue();
                        }
                    } while (in.consume(','));
                    in.expect('}');
                }
            }
            in.end();
            return h;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IOException("not a stored object: bad description", e);
        }
    }

    /** A cursor over a JSON text in UTF-8; IOException for anything that is not JSON. */
    private static final class Json {
        private final byte[] b;
        private final int end;
        private int p;

        Json(byte[] b, int from, int end) {
            this.b = b;
            this.p = from;
            this.end = end;
        }

        private static IOException bad(String what) {
            return new IOException("not a stored object: bad description (" + what + ")");
        }

        /** The next byte that is not white space, not consumed; -1 at the end. */
        private int peek() {
            while (p < end && (b[p] == ' ' || b[p] == '\n' || b[p] == '\r' || b[p] == '\t')) {
                p++;
            }
            return p < end ? b[p] : -1;
        }

        boolean consume(char c) {
            if (peek() == c) {
                p++;
                return true;
            }
            return false;
        }

        void expect(char c) throws IOException {
            if (!consume(c)) {
                throw bad("expected " + c);
            }
        }

        void end() throws IOException {
            if (peek() != -1) {
                throw bad("text after the document");
            }
        }

        private boolean literal(String word) {
            peek();
            if (end - p < word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (b[p + i] != word.charAt(i)) {
                    return false;
                }
            }
            p += word.length();
            return true;
        }

        boolean nullLiteral() {
            return literal("null");
        }

        /** A string value, or a number's or boolean's text, as Gson reads a String field. */
        String text() throws IOException {
            int c = peek();
            if (c == '"') {
                return string();
            }
            if (literal("true")) {
                return "true";
            }
            if (literal("false")) {
                return "false";
            }
            return number();
        }

        long longValue() throws IOException {
            String number = peek() == '"' ? string() : number();
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                // as Gson: a number written otherwise is accepted when it is a whole long
                double d = Double.parseDouble(number);
                long l = (long) d;
                if (l != d) {
                    throw bad("not a whole number: " + number);
                }
                return l;
            }
        }

        int intValue() throws IOException {
            long l = longValue();
            if (l != (int) l) {
                throw bad("not an int: " + l);
            }
            return (int) l;
        }

        /** A number's text: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
        private String number() throws IOException {
            int start = p;
            if (p < end && b[p] == '-') {
                p++;
            }
            if (p < end && b[p] == '0') {
                p++;
            } else if (digits() == 0) {
                throw bad("expected a value");
            }
            if (p < end && b[p] == '.') {
                p++;
                if (digits() == 0) {
                    throw bad("bad number");
                }
            }
            if (p < end && (b[p] == 'e' || b[p] == 'E')) {
                p++;
                if (p < end && (b[p] == '+' || b[p] == '-')) {
                    p++;
                }
                if (digits() == 0) {
                    throw bad("bad number");
                }
            }
            return new String(b, start, p - start, StandardCharsets.ISO_8859_1);
        }

        private int digits() {
            int start = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                p++;
            }
            return p - start;
        }

        /** A JSON string; the bytes between escapes are decoded as UTF-8. */
        String string() throws IOException {
            expect('"');
            int start = p;
            while (p < end && b[p] != '"' && b[p] != '\\') {
                p++;
            }
            if (p < end && b[p] == '"') {
                return new String(b, start, p++ - start, StandardCharsets.UTF_8);
            }
            StringBuilder out = new StringBuilder(new String(b, start, p - start, StandardCharsets.UTF_8));
            while (true) {
                if (p >= end) {
                    throw bad("unterminated string");
                }
                if (b[p] == '"') {
                    p++;
                    return out.toString();
                }
                if (b[p] == '\\') {
                    if (p + 1 >= end) {
                        throw bad("unterminated string");
                    }
                    char e = (char) b[p + 1];
                    p += 2;
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (p + 4 > end) {
                                throw bad("short \\u escape");
                            }
                            int u = 0;
                            for (int i = 0; i < 4; i++) {
                                int digit = Character.digit(b[p + i], 16);
                                if (digit < 0) {
                                    throw bad("bad \\u escape");
                                }
                                u = u * 16 + digit;
                            }
                            p += 4;
                            out.append((char) u);
                        }
                        default -> throw bad("bad escape");
                    }
                } else {
                    int from = p;
                    while (p < end && b[p] != '"' && b[p] != '\\') {
                        p++;
                    }
                    out.append(new String(b, from, p - from, StandardCharsets.UTF_8));
                }
            }
        }

        /** An object of strings: no nulls (the writer never writes one), no duplicates (as Gson). */
        Map<String, String> map() throws IOException {
            Map<String, String> map = new LinkedHashMap<>();
            expect('{');
            if (consume('}')) {
                return map;
            }
            do {
                String name = string();
                expect(':');
                if (nullLiteral()) {
                    throw bad("null value of " + name);
                }
                if (map.put(name, text()) != null) {
                    throw bad("duplicate entry " + name);
                }
            } while (consume(','));
            expect('}');
            return map;
        }

        /** Skips any value, nested ones included. */
        void skipValue() throws IOException {
            int c = peek();
            if (c == '{' || c == '[') {
                char close = c == '{' ? '}' : ']';
                p++;
                if (consume(close)) {
                    return;
                }
                do {
                    if (close == '}') {
                        string();
                        expect(':');
                    }
                    skipValue();
                } while (consume(','));
                expect(close);
            } else if (c == '"') {
                string();
            } else if (!literal("true") && !literal("false") && !literal("null")) {
                number();
            }
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            position += n;
        }
    }
}
