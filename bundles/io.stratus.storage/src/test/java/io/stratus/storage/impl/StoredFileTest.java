package io.stratus.storage.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.Gson;

import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectInfo;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.StorageException;

/** The stored file format as read by the one-read reader and the hand-written description parser. */
public class StoredFileTest {

    private static final Gson GSON = new Gson();
    private Path dir;
    private FileObjectStore store;

    @Before
    public void folder() throws IOException {
        dir = Files.createTempDirectory("stored-file");
    }

    @After
    public void clean() throws IOException {
        if (store != null) {
            store.close();
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A description with every field set, strings that need escaping, and non-ASCII text. */
    private static StoredFile.Header full(long size) {
        StoredFile.Header h = new StoredFile.Header();
        h.key = "dir/\"quoted\" \\back\\slash\n\t<tag>&amp;='x' \u00e9\u4e2d\ud83d\ude00 \u2028\u0001";
        h.size = size;
        h.eTag = "0123456789abcdef0123456789abcdef-3";
        h.lastModified = 1_764_000_000_123L;
        h.contentType = "text/plain; charset=\"utf-8\"";
        h.headers = new LinkedHashMap<>(Map.of("Cache-Control", "max-age=60", "Content-Disposition",
                "attachment; filename=\"r\u00e9sum\u00e9.pdf\""));
        h.userMetadata = new LinkedHashMap<>(Map.of("owner", "\u00fcber \ud83d\ude00", "empty", "", "q", "a\"b\\c"));
        h.partsCount = 3;
        h.checksums = new LinkedHashMap<>(Map.of("CRC32", "AAAAAA==", "SHA256", "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="));
        h.partNumber = 7;
        return h;
    }

    private static void assertSame(StoredFile.Header expected, StoredFile.Header actual) {
        assertEquals(expected.key, actual.key);
        assertEquals(expected.size, actual.size);
        assertEquals(expected.eTag, actual.eTag);
        assertEquals(expected.lastModified, actual.lastModified);
        assertEquals(expected.contentType, actual.contentType);
        assertEquals(expected.headers, actual.headers);
        assertEquals(expected.userMetadata, actual.userMetadata);
        assertEquals(expected.partsCount, actual.partsCount);
        assertEquals(expected.checksums, actual.checksums);
        assertEquals(expected.partNumber, actual.partNumber);
    }

    private static StoredFile.Header parse(String json) throws IOException {
        byte[] bytes = ("  " + json + " ").getBytes(StandardCharsets.UTF_8);
        return StoredFile.parse(bytes, 2, bytes.length - 3);
    }

    /** The file as the reflective Gson writer has always written it: bytes, JSON, length, magic. */
    private Path oldFormatFile(String name, byte[] body, StoredFile.Header header) throws IOException {
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(body.length + json.length + 8);
        file.put(body).put(json).putInt(json.length).putInt(0x53334f31);
        Path path = dir.resolve(name);
        Files.write(path, file.array());
        return path;
    }

    private static StoredFile.Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return StoredFile.read(channel);
        }
    }

    @Test
    public void everyFieldParsesAsGsonReadsIt() throws IOException {
        StoredFile.Header written = full(42);
        String json = GSON.toJson(written);
        assertSame(GSON.fromJson(json, StoredFile.Header.class), parse(json));
        assertSame(written, parse(json));
    }

    @Test
    public void randomDescriptionsParseAsWritten() throws IOException {
        Random random = new Random(12);
        Gson pretty = new com.google.gson.GsonBuilder().setPrettyPrinting().create();
        for (int i = 0; i < 2000; i++) {
            StoredFile.Header h = new StoredFile.Header();
            h.key = randomText(random);
            h.size = random.nextLong() >>> 1;
            h.eTag = random.nextBoolean() ? null : randomText(random);
            h.lastModified = random.nextLong();
            h.contentType = random.nextBoolean() ? null : randomText(random);
            h.headers = random.nextBoolean() ? null : randomMap(random);
            h.userMetadata = randomMap(random);
            h.partsCount = random.nextInt();
            h.checksums = randomMap(random);
            h.partNumber = random.nextInt(10_001);
            String json = (i % 2 == 0 ? GSON : pretty).toJson(h);
            assertSame(h, parse(json));
            // the writer writes what Gson's reflective adapter writes, byte for byte
            assertEquals(GSON.toJson(h), StoredFile.toJson(h));
        }
        StoredFile.Header empty = new StoredFile.Header();
        assertEquals(GSON.toJson(empty), StoredFile.toJson(empty));
        assertEquals(GSON.toJson(full(3)), StoredFile.toJson(full(3)));
    }

    @Test
    public void everyCutOfADescriptionIsRefused() throws IOException {
        byte[] json = GSON.toJson(full(9)).getBytes(StandardCharsets.UTF_8);
        for (int length = 0; length < json.length; length++) {
            int cut = length;
            assertThrows("cut at " + cut, IOException.class, () -> StoredFile.parse(json, 0, cut));
        }
        assertSame(full(9), StoredFile.parse(json, 0, json.length));
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> b.append((char) random.nextInt(0x20)); // control characters
                case 1 -> b.append("\"\\/<>&='".charAt(random.nextInt(8)));
                case 2 -> b.append((char) (0xa0 + random.nextInt(0x700)));
                case 3 -> b.appendCodePoint(0x10000 + random.nextInt(0x10000));
                case 4 -> b.append((char) (0x3000 + random.nextInt(0x6000)));
                default -> b.append((char) (0x20 + random.nextInt(0x5f)));
            }
        }
        return b.toString();
    }

    private static Map<String, String> randomMap(Random random) {
        Map<String, String> map = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            map.put(randomText(random) + i, randomText(random));
        }
        return map;
    }

    @Test
    public void escapesAndUnicodeEscapesAreDecoded() throws IOException {
        StoredFile.Header h = parse("{\"key\":\"a\\u0022b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\",\"size\":1,"
                + "\"userMetadata\":{\"k\\u00fc\":\"\\t\"}}");
        assertEquals("a\"b\\c/d\n\u00e9\ud83d\ude00", h.key);
        assertEquals(Map.of("k\u00fc", "\t"), h.userMetadata);
    }

    @Test
    public void emptyMapsStayEmptyAndMissingFieldsKeepTheirDefaults() throws IOException {
        StoredFile.Header h = parse("{\"key\":\"k\",\"size\":0,\"headers\":{},\"userMetadata\":{},\"checksums\":{}}");
        assertEquals("k", h.key);
        assertEquals(Map.of(), h.headers);
        assertEquals(Map.of(), h.userMetadata);
        assertEquals(Map.of(), h.checksums);
        assertNull(h.eTag);
        assertNull(h.contentType);
        assertEquals(0, h.partsCount);
        assertEquals(0, h.partNumber);
        StoredFile.Header missing = parse("{\"key\":\"k\",\"size\":3}");
        assertNull(missing.headers);
        assertNull(missing.checksums);
    }

    @Test
    public void unknownFieldsNullsAndQuotedNumbersAreReadAsGsonReadsThem() throws IOException {
        String json = "{\"future\":{\"a\":[1,2,{\"b\":null}],\"c\":\"x\"},\"key\":\"k\",\"size\":\"5\","
                + "\"contentType\":null,\"lastModified\":1.7e1,\"more\":[true,false,-0.5E-3],\"partsCount\":\"2\",\"last\":1.5,"
                + "\"eTag\":12}";
        StoredFile.Header h = parse(json);
        assertSame(GSON.fromJson(json, StoredFile.Header.class), h);
        assertEquals("k", h.key);
        assertEquals(5, h.size);
        assertEquals(17, h.lastModified);
        assertEquals(2, h.partsCount);
        assertNull(h.contentType);
        assertEquals("12", h.eTag);
    }

    @Test
    public void aDescriptionReadAgainIsNotParsedAgainAndOtherBytesAre() throws IOException {
        byte[] a = GSON.toJson(full(10)).getBytes(StandardCharsets.UTF_8);
        StoredFile.Header changed = full(10);
        changed.eTag = "ffffffffffffffffffffffffffffffff";
        byte[] b = GSON.toJson(changed).getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[a.length + 3];
        System.arraycopy(a, 0, framed, 3, a.length);

        StoredFile.Header first = StoredFile.parsed(a, 0, a.length);
        assertSame(full(10), first);
        org.junit.Assert.assertSame(first, StoredFile.parsed(framed, 3, a.length));
        StoredFile.Header other = StoredFile.parsed(b, 0, b.length);
        assertEquals(changed.eTag, other.eTag);
        assertEquals(full(10).eTag, StoredFile.parsed(a, 0, a.length).eTag);
        // many descriptions share the slots: each still reads as itself
        for (int i = 0; i < 3 * StoredFile.MEMO_SLOTS; i++) {
            StoredFile.Header h = full(i);
            byte[] json = GSON.toJson(h).getBytes(StandardCharsets.UTF_8);
            assertEquals(i, StoredFile.parsed(json, 0, json.length).size);
        }
        // bytes that are no description are refused every time, not remembered
        byte[] bad = "{\"size\":1.5}".getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> StoredFile.parsed(bad, 0, bad.length));
        assertThrows(IOException.class, () -> StoredFile.parsed(bad, 0, bad.length));
    }

    @Test
    public void badDescriptionsAreRefused() {
        for (String json : new String[] {"{", "[]", "\"text\"", "{\"key\":\"k\"} x", "{\"size\":\"many\"}",
                "{\"partsCount\":3000000000}", "{\"headers\":{\"a\":\"1\",\"a\":\"2\"}}", "{\"headers\":{\"a\":null}}",
                "{\"headers\":[]}", "{\"key\":{}}", "{\"key\":\"k\",}", "{\"key\":\"a\\x\"}",
                "{\"key\":\"\\u12g4\"}", "{\"size\":1.5}", "{\"x\":tru}", "{\"x\":[1,]}", "{\"x\":{\"a\"}}",
                "{key:1}", "{\"size\":}", "", "nul", "{\"size\":1.}", "{\"size\":-}", "{\"size\":1e}", "{\"x\":.5}",
                "{\"size\":01}"}) {
            assertThrows(json, IOException.class, () -> parse(json));
        }
    }

    @Test
    public void aFileWrittenByTheOldWriterReadsWithTheNewReader() throws Exception {
        byte[] body = "hello, old world".getBytes(StandardCharsets.UTF_8);
        StoredFile.Header header = full(body.length);
        StoredFile.Contents contents = read(oldFormatFile("old", body, header));
        assertSame(header, contents.header());
        assertArrayEquals(body, java.util.Arrays.copyOf(contents.file(), body.length));

        // and through the store, as a file left on disk by an earlier version
        store = new FileObjectStore(dir.resolve("store"), 1 << 20, 5 << 20, Clock.systemUTC(), d -> { });
        store.createBucket("b-1");
        header.partsCount = 0;
        header.partNumber = 0;
        Path objects = dir.resolve("store/buckets/b-1/objects");
        Files.move(oldFormatFile("old2", body, header), objects.resolve(FileObjectStore.fileName(header.key)));
        try (ObjectContent content = store.open("b-1", header.key)) {
            ObjectInfo info = content.info();
            assertEquals(header.eTag, info.eTag());
            assertEquals(header.userMetadata, info.metadata().userMetadata());
            assertEquals(header.headers, info.metadata().headers());
            assertEquals(header.checksums, info.checksums());
            assertEquals("hello, old world", transfer(content, 0, body.length));
        }
    }

    @Test
    public void aSmallFileIsReadWholeAndALargeOneIsNot() throws IOException {
        byte[] small = bytes(StoredFile.WINDOW / 2);
        StoredFile.Contents s = read(oldFormatFile("small", small, full(small.length)));
        assertNotNull(s.file());
        assertArrayEquals(small, java.util.Arrays.copyOf(s.file(), small.length));

        byte[] large = bytes(StoredFile.WINDOW * 3);
        StoredFile.Contents l = read(oldFormatFile("large", large, full(large.length)));
        assertNull(l.file());
        assertSame(full(large.length), l.header());
        // the first read of a large file is its head, which starts the object's bytes
        assertNull(s.head());
        assertArrayEquals(java.util.Arrays.copyOf(large, StoredFile.WINDOW), l.head());
    }

    @Test
    public void aDescriptionLargerThanTheWindowIsReadWithASecondRead() throws IOException {
        StoredFile.Header header = full(5);
        header.userMetadata.put("big", "\u00e9".repeat(StoredFile.WINDOW));
        StoredFile.Contents contents = read(oldFormatFile("bigheader", "12345".getBytes(StandardCharsets.UTF_8), header));
        assertSame(header, contents.header());
        assertNull(contents.file());
        assertEquals("12345", new String(contents.head(), 0, 5, StandardCharsets.UTF_8));
    }

    @Test
    public void corruptFilesAreRefused() throws IOException {
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        Path file = oldFormatFile("corrupt", body, full(body.length));
        byte[] good = Files.readAllBytes(file);
        // wrong magic
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        Files.write(file, bad);
        assertThrows(IOException.class, () -> read(file));
        // a description length beyond the file
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(bad.length - 8, bad.length);
        Files.write(file, bad);
        assertThrows(IOException.class, () -> read(file));
        // a description length that cuts the JSON
        bad = good.clone();
        ByteBuffer.wrap(bad).putInt(bad.length - 8, ByteBuffer.wrap(good).getInt(good.length - 8) - 1);
        Files.write(file, bad);
        assertThrows(IOException.class, () -> read(file));
        // a truncated file, and one shorter than a trailer
        Files.write(file, java.util.Arrays.copyOf(good, good.length - 1));
        assertThrows(IOException.class, () -> read(file));
        Files.write(file, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> read(file));
        // bytes missing before the description: the recorded size no longer matches
        Files.write(file, java.util.Arrays.copyOfRange(good, 1, good.length));
        assertThrows(IOException.class, () -> read(file));
    }

    @Test
    public void aCorruptSmallObjectIsRefusedByTheStore() throws Exception {
        store = new FileObjectStore(dir.resolve("store"), 1 << 20, 5 << 20, Clock.systemUTC(), d -> { });
        store.createBucket("b-1");
        putObject("k", "small".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("store/buckets/b-1/objects").resolve(FileObjectStore.fileName("k"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 0x40;
        Files.write(file, bytes);
        assertThrows(IOException.class, () -> store.open("b-1", "k"));
    }

    @Test
    public void aSmallObjectIsServedFromTheOneRead() throws Exception {
        store = new FileObjectStore(dir.resolve("store"), 1 << 20, 5 << 20, Clock.systemUTC(), d -> { });
        store.createBucket("b-1");
        putObject("k", "0123456789".getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("store/buckets/b-1/objects").resolve(FileObjectStore.fileName("k"));
        try (ObjectContent content = store.open("b-1", "k")) {
            // overwrite the same inode in place: a reader that still read the file would see it
            byte[] changed = Files.readAllBytes(file);
            java.util.Arrays.fill(changed, 0, 10, (byte) 'x');
            Files.write(file, changed, StandardOpenOption.WRITE);
            assertEquals("0123456789", transfer(content, 0, 10));
            try (InputStream in = content.stream(0, 10)) {
                assertEquals("0123456789", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    public void rangesOfASmallObject() throws Exception {
        store = new FileObjectStore(dir.resolve("store"), 1 << 20, 5 << 20, Clock.systemUTC(), d -> { });
        store.createBucket("b-1");
        int w = StoredFile.WINDOW;
        // small, around the window (the file holds the description too), and larger
        for (byte[] body : new byte[][] {bytes(1024), bytes(w - 200), bytes(w - 1), bytes(w), bytes(w + 1),
                bytes(w * 2), bytes(w * 40)}) {
            putObject("k", body);
            try (ObjectContent content = store.open("b-1", "k")) {
                int[][] ranges = {{0, body.length}, {0, 1}, {body.length - 1, 1}, {100, 0}, {10, 500}, {body.length, 0},
                    {w - 10, 20}, {w - 1, body.length - w + 1}, {w, body.length - w}, {w + 3, 7}, {1, body.length - 2}};
                for (int[] r : ranges) {
                    if (r[0] < 0 || r[1] < 0 || r[0] + r[1] > body.length) {
                        continue;
                    }
                    byte[] expected = java.util.Arrays.copyOfRange(body, r[0], r[0] + r[1]);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    content.transferTo(r[0], r[1], out);
                    assertArrayEquals(expected, out.toByteArray());
                    try (InputStream in = content.stream(r[0], r[1])) {
                        assertArrayEquals(expected, in.readAllBytes());
                    }
                }
                assertThrows(IndexOutOfBoundsException.class, () -> content.transferTo(body.length - 1, 2, new ByteArrayOutputStream()));
                assertThrows(IndexOutOfBoundsException.class, () -> content.stream(-1, 1));
            }
        }
    }

    @Test
    public void keysAreCheckedWithoutEncoding() throws StorageException {
        FileObjectStore.checkKey("\ud83d\ude00".repeat(256)); // 1024 UTF-8 bytes
        FileObjectStore.checkKey("\u00e9".repeat(512));
        FileObjectStore.checkKey("\u4e2d".repeat(341));
        assertEquals(StorageException.KEY_TOO_LONG,
                assertThrows(StorageException.class, () -> FileObjectStore.checkKey("\ud83d\ude00".repeat(256) + "a")).code());
        assertEquals(StorageException.KEY_TOO_LONG,
                assertThrows(StorageException.class, () -> FileObjectStore.checkKey("\u4e2d".repeat(342))).code());
        for (String bad : new String[] {"a\ud83d", "\ude00a", "a\ude00\ud83d", "\ud83d\ud83d"}) {
            assertEquals(StorageException.INVALID_ARGUMENT,
                    assertThrows(StorageException.class, () -> FileObjectStore.checkKey(bad)).code());
        }
        assertThrows(StorageException.class, () -> FileObjectStore.checkKey(""));
        assertEquals(FileObjectStore.fileName("k"), FileObjectStore.fileName("k"));
        assertEquals("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", FileObjectStore.fileName("x"));
    }

    private void putObject(String key, byte[] body) throws Exception {
        store.put("b-1", key, new ByteArrayInputStream(body), ObjectMetadata.EMPTY, ContentCheck.NONE);
    }

    private static String transfer(ObjectContent content, long offset, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.transferTo(offset, length, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
