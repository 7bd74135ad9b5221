package io.stratus.storage.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

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

    /** Reads the description of a complete file; IOException when the file is not one. */
    static Header readHeader(FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < TRAILER) {
            throw new IOException("not a stored object: too short");
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
        readFully(channel, trailer, fileSize - TRAILER);
        trailer.flip();
        int length = trailer.getInt();
        if (trailer.getInt() != MAGIC || length < 2 || length > MAX_HEADER || length > fileSize - TRAILER) {
            throw new IOException("not a stored object: bad trailer");
        }
        ByteBuffer json = ByteBuffer.allocate(length);
        readFully(channel, json, fileSize - TRAILER - length);
        Header header;
        try {
            header = GSON.fromJson(new String(json.array(), StandardCharsets.UTF_8), Header.class);
        } catch (JsonParseException e) {
            throw new IOException("not a stored object: bad description", e);
        }
        if (header == null || header.size != fileSize - TRAILER - length) {
            throw new IOException("not a stored object: size does not match");
        }
        return header;
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
