package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.stratus.durable.DurableFiles;
import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.StorageException;

/** The file store's durability mechanics: group commit, recovery, reads of replaced objects. */
public class FileObjectStoreTest {

    private Path root;
    private final List<FileObjectStore> stores = new ArrayList<>();

    @Before
    public void folder() throws IOException {
        root = Files.createTempDirectory("store");
    }

    @After
    public void close() throws IOException {
        stores.forEach(FileObjectStore::close);
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private FileObjectStore open(GroupCommit.DirectorySync sync) throws IOException {
        FileObjectStore store = new FileObjectStore(root, 1 << 20, 5 << 20, Clock.systemUTC(), sync);
        stores.add(store);
        return store;
    }

    private static void put(FileObjectStore store, String key, String value) throws Exception {
        store.put("b-1", key, new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8)), ObjectMetadata.EMPTY,
                ContentCheck.NONE);
    }

    private static String read(FileObjectStore store, String key) throws Exception {
        try (ObjectContent content = store.open("b-1", key)) {
            return new String(content.stream(0, content.info().size()).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void concurrentPutsShareDirectorySyncs() throws Exception {
        CountDownLatch firstSyncStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FileObjectStore store = open(dir -> {
            if (firstSyncStarted.getCount() == 1) {
                firstSyncStarted.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // holds the first batch while the others queue
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            DurableFiles.syncDirectory(dir);
        });
        store.createBucket("b-1");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> puts = new ArrayList<>();
            puts.add(pool.submit(() -> {
                put(store, "first", "1");
                return null;
            }));
            assertTrue(firstSyncStarted.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 15; i++) {
                String key = "k" + i;
                puts.add(pool.submit(() -> {
                    put(store, key, key);
                    return null;
                }));
            }
            // every other writer has its file written and waits in the commit queue
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && store.groupCommit().queued() < 15) {
                Thread.sleep(10);
            }
            assertEquals(15, store.groupCommit().queued());
            release.countDown();
            for (Future<?> put : puts) {
                put.get(30, TimeUnit.SECONDS);
            }
            assertEquals(16, store.groupCommit().changes());
            // the held batch, then one batch for the 15 that queued behind it
            assertEquals(2, store.groupCommit().directorySyncs());
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 15; i++) {
            assertEquals("k" + i, read(store, "k" + i));
        }
    }

    private static long tempFiles(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(DurableFiles.TEMP_SUFFIX)).count();
        }
    }

    @Test
    public void restartRecoversObjectsAndRemovesTempFiles() throws Exception {
        FileObjectStore store = open(DurableFiles::syncDirectory);
        store.createBucket("b-1");
        put(store, "kept/key with space", "kept");
        store.close();
        Path leftover = root.resolve("buckets/b-1/objects/.interrupted" + DurableFiles.TEMP_SUFFIX);
        Files.writeString(leftover, "partial");

        FileObjectStore again = open(DurableFiles::syncDirectory);

        assertFalse(Files.exists(leftover));
        assertEquals("kept", read(again, "kept/key with space"));
        assertEquals(List.of("kept/key with space"),
                again.list("b-1", "", null, null, 1000).objects().stream().map(o -> o.key()).toList());
    }

    @Test
    public void aBucketWhoseDeletionWasInterruptedIsGoneAfterRestart() throws Exception {
        FileObjectStore store = open(DurableFiles::syncDirectory);
        store.createBucket("b-1");
        store.close();
        Files.delete(root.resolve("buckets/b-1/bucket.json"));

        FileObjectStore again = open(DurableFiles::syncDirectory);

        assertTrue(again.buckets().isEmpty());
        assertFalse(Files.exists(root.resolve("buckets/b-1")));
    }

    @Test
    public void anOpenObjectStaysWholeWhenReplacedOrDeleted() throws Exception {
        FileObjectStore store = open(DurableFiles::syncDirectory);
        store.createBucket("b-1");
        put(store, "k", "old value");
        try (ObjectContent open = store.open("b-1", "k")) {
            put(store, "k", "new");
            assertEquals("new", read(store, "k"));
            store.delete("b-1", "k");
            assertEquals("old value", new String(open.stream(0, open.info().size()).readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void refusedContentLeavesNothing() throws Exception {
        FileObjectStore store = open(DurableFiles::syncDirectory);
        store.createBucket("b-1");
        StorageException e = assertThrows(StorageException.class, () -> store.put("b-1", "k",
                new ByteArrayInputStream(new byte[10]), ObjectMetadata.EMPTY, (size, md5) -> {
                    throw new StorageException(400, StorageException.BAD_DIGEST, "no");
                }));
        assertEquals("BadDigest", e.code());
        assertEquals(0, tempFiles(root));
        assertTrue(store.head("b-1", "k").isEmpty());
    }

    @Test
    public void keysNeverNameFiles() {
        assertEquals(64, FileObjectStore.fileName("../../etc/passwd").length());
        assertTrue(FileObjectStore.fileName("../x").matches("[0-9a-f]{64}"));
    }

    @Test
    public void keyOrderIsUtf8ByteOrder() {
        // U+FF5E sorts before U+1F600 in UTF-8, though its UTF-16 unit is larger than the surrogate's
        assertTrue(FileObjectStore.compareKeys("\uff5e", "\ud83d\ude00") < 0);
        assertTrue(FileObjectStore.compareKeys("a", "a/") < 0);
    }
}
