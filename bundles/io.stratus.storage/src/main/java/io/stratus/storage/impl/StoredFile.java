package io.stratus.storage.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

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
    /** Bytes read from a file's end at once: its description, and the whole of a small object. */
    static final int WINDOW = 8 * 1024;

    /** The description as stored. One read from a file may be shared ({@link #parsed}): never change it. */
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
        byte[] json = toJson(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(json.length + TRAILER);
        buffer.put(json).putInt(json.length).putInt(MAGIC).flip();
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /**
     * The description as JSON, written field by field: the same text Gson's reflective adapter
     * writes for a {@link Header} (fields in declaration order, nulls left out, HTML characters
     * escaped), without its reflection.
     */
    static String toJson(Header h) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter(256);
        try (com.google.gson.stream.JsonWriter out = new com.google.gson.stream.JsonWriter(text)) {
            out.setHtmlSafe(true);
            out.setSerializeNulls(false);
            out.beginObject();
            string(out, "key", h.key);
            out.name("size").value(h.size);
            string(out, "eTag", h.eTag);
            out.name("lastModified").value(h.lastModified);
            string(out, "contentType", h.contentType);
            map(out, "headers", h.headers);
            map(out, "userMetadata", h.userMetadata);
            out.name("partsCount").value(h.partsCount);
            map(out, "checksums", h.checksums);
            out.name("partNumber").value(h.partNumber);
            out.endObject();
        }
        return text.toString();
    }

    private static void string(com.google.gson.stream.JsonWriter out, String name, String value) throws IOException {
        if (value != null) {
            out.name(name).value(value);
        }
    }

    private static void map(com.google.gson.stream.JsonWriter out, String name, Map<String, String> map)
            throws IOException {
        if (map == null) {
            return;
        }
        out.name(name).beginObject();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.name(entry.getKey());
            if (entry.getValue() == null) {
                out.nullValue();
            } else {
                out.value(entry.getValue());
            }
        }
        out.endObject();
    }

    /**
     * A file's description; when the whole file fit in the first read, its bytes ({@code file}: the
     * object's bytes are then {@code file[0, header.size)}); otherwise, when the file is larger than
     * {@link #WINDOW}, its first {@code WINDOW} bytes ({@code head}), the start of the object's bytes
     * unless the description is larger than the window.
     */
    record Contents(Header header, byte[] file, byte[] head) {
    }

    /** Reads the description of a complete file; IOException when the file is not one. */
    static Header readHeader(FileChannel channel) throws IOException {
        return read(channel).header();
    }

    /**
     * Reads the description of a complete file, and the whole file when it is smaller than
     * {@link #WINDOW}: one positional read from the start, which for a small file reaches its end,
     * so neither its size nor a second read is needed. A larger file's size is asked and its end
     * read (a third read only when the description is larger than the window). IOException when
     * the file is not a stored object.
     */
    static Contents read(FileChannel channel) throws IOException {
        byte[] first = new byte[WINDOW];
        int got = Math.max(channel.read(ByteBuffer.wrap(first), 0), 0);
        if (got < WINDOW && got >= TRAILER && trailerFits(first, got, got)) {
            try {
                return describe(channel, first, got, 0, got, null);
            } catch (IOException e) {
                // not what a complete small file holds (a short read): decided below with the file's size
            }
        }
        long fileSize = channel.size();
        if (fileSize < TRAILER) {
            throw new IOException("not a stored object: too short");
        }
        int window = (int) Math.min(fileSize, WINDOW);
        long windowStart = fileSize - window;
        byte[] tail = first;
        if (windowStart != 0 || got != window) {
            tail = new byte[window];
            readFully(channel, ByteBuffer.wrap(tail), windowStart);
        }
        return describe(channel, tail, window, windowStart, fileSize, got == WINDOW && windowStart > 0 ? first : null);
    }

    /** Whether the last 8 of {@code bytes[0, length)} are a trailer that fits a file of {@code fileSize} bytes. */
    private static boolean trailerFits(byte[] bytes, int length, long fileSize) {
        ByteBuffer trailer = ByteBuffer.wrap(bytes, length - TRAILER, TRAILER);
        int headerLength = trailer.getInt();
        return trailer.getInt() == MAGIC && headerLength >= 2 && headerLength <= MAX_HEADER
                && headerLength <= fileSize - TRAILER;
    }

    /** The contents of a file whose last {@code window} bytes, from {@code windowStart}, are {@code bytes[0, window)}. */
    private static Contents describe(FileChannel channel, byte[] bytes, int window, long windowStart, long fileSize,
            byte[] head) throws IOException {
        if (!trailerFits(bytes, window, fileSize)) {
            throw new IOException("not a stored object: bad trailer");
        }
        int length = ByteBuffer.wrap(bytes).getInt(window - TRAILER);
        long headerStart = fileSize - TRAILER - length;
        Header header;
        if (headerStart >= windowStart) {
            header = parsed(bytes, (int) (headerStart - windowStart), length);
        } else {
            ByteBuffer json = ByteBuffer.allocate(length);
            readFully(channel, json, headerStart);
            header = parse(json.array(), 0, length);
        }
        if (header == null || header.size != headerStart) {
            throw new IOException("not a stored object: size does not match");
        }
        return new Contents(header, windowStart == 0 ? bytes : null, head);
    }

    /** A description and the exact bytes it was parsed from. */
    private record Parsed(byte[] json, Header header) {
    }

    static final int MEMO_SLOTS = 1024;
    private static final int MEMO_MAX_BYTES = 2048;
    /**
     * Descriptions parsed lately, by their bytes: parsing is a function of the bytes alone, and the
     * same object is often read again and again, so a description read before is not parsed again.
     * A slot holds the last description hashed to it; a lookup compares all the bytes. The headers
     * handed out are shared: nobody may change them (they are only ever read).
     */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Parsed> MEMO =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(MEMO_SLOTS);

    /** {@link #parse}, or the description parsed from the same bytes before. */
    static Header parsed(byte[] json, int offset, int length) throws IOException {
        if (length > MEMO_MAX_BYTES) {
            return parse(json, offset, length);
        }
        // the start (key, size, ETag) spreads descriptions over the slots; equality is checked in full
        int hash = length;
        for (int i = offset, end = offset + Math.min(length, 128); i < end; i++) {
            hash = 31 * hash + json[i];
        }
        int slot = (hash ^ hash >>> 16) & (MEMO_SLOTS - 1);
        Parsed memo = MEMO.get(slot);
        if (memo != null && java.util.Arrays.equals(memo.json, 0, memo.json.length, json, offset, offset + length)) {
            return memo.header;
        }
        Header header = parse(json, offset, length);
        if (header != null) {
            MEMO.set(slot, new Parsed(java.util.Arrays.copyOfRange(json, offset, offset + length), header));
        }
        return header;
    }

    /**
     * Parses the JSON {@link #writeHeader} writes, field by field: the same document Gson's
     * reflective adapter reads (nulls leave the default, unknown fields are skipped, numbers may
     * be quoted), without its per-field reflection.
     */
    static Header parse(byte[] json, int offset, int length) throws IOException {
        try (JsonReader in = new JsonReader(new StringReader(new String(json, offset, length, StandardCharsets.UTF_8)))) {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return end(in, null);
            }
            Header h = new Header();
            in.beginObject();
            while (in.hasNext()) {
                String name = in.nextName();
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    continue;
                }
                switch (name) {
                    case "key" -> h.key = string(in);
                    case "size" -> h.size = in.nextLong();
                    case "eTag" -> h.eTag = string(in);
                    case "lastModified" -> h.lastModified = in.nextLong();
                    case "contentType" -> h.contentType = string(in);
                    case "headers" -> h.headers = map(in);
                    case "userMetadata" -> h.userMetadata = map(in);
                    case "partsCount" -> h.partsCount = in.nextInt();
                    case "checksums" -> h.checksums = map(in);
                    case "partNumber" -> h.partNumber = in.nextInt();
                    default -> in.skipValue();
                }
            }
            in.endObject();
            return end(in, h);
        } catch (IllegalStateException | NumberFormatException | IOException e) {
            throw new IOException("not a stored object: bad description", e);
        }
    }

    private static Header end(JsonReader in, Header h) throws IOException {
        if (in.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("description not fully consumed");
        }
        return h;
    }

    /** A string as Gson reads one: booleans and numbers by their text. */
    private static String string(JsonReader in) throws IOException {
        return in.peek() == JsonToken.BOOLEAN ? Boolean.toString(in.nextBoolean()) : in.nextString();
    }

    private static Map<String, String> map(JsonReader in) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            if (in.peek() == JsonToken.NULL) {
                // the writer never writes one, and the metadata maps cannot hold one
                throw new IOException("null value of " + name);
            }
            if (map.put(name, string(in)) != null) {
                throw new IOException("duplicate entry " + name); // as Gson refuses it
            }
        }
        in.endObject();
        return map;
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
