package io.stratus.monitoring.impl.logs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.monitoring.impl.logs.LogStore.Event;
import io.stratus.monitoring.impl.logs.LogStore.Group;
import io.stratus.monitoring.impl.logs.LogStore.NewEvent;
import io.stratus.monitoring.impl.logs.LogStore.Stream;

public class LogStoreTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final long T0 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private Path root() {
        return folder.getRoot().toPath().resolve("logs");
    }

    private LogStore store() throws Exception {
        LogStore store = new LogStore(root());
        store.load();
        return store;
    }

    private static List<String> messages(Stream stream) throws Exception {
        return stream.events().stream().map(Event::message).toList();
    }

    @Test
    public void eventsWithAnyCharactersSurviveARestart() throws Exception {
        LogStore store = store();
        Group group = store.createGroup("/aws/lambda/hello", T0, null);
        Stream stream = store.createStream(group, "2026/11/01/[$LATEST]abc", T0);
        store.append(stream, List.of(new NewEvent(T0, "tab\there"), new NewEvent(T0 + 1, "multi\nline\\n\r\nend")), T0 + 5);
        store.sync();
        store.close();

        LogStore reloaded = store();
        Stream again = reloaded.group("/aws/lambda/hello").stream("2026/11/01/[$LATEST]abc");
        assertEquals(List.of("tab\there", "multi\nline\\n\r\nend"), messages(again));
        assertEquals(T0 + 5, again.lastIngestionTime());
        assertEquals(T0, again.creationTime());
    }

    @Test
    public void aLineTornByACrashIsDroppedAndTheRestKept() throws Exception {
        LogStore store = store();
        Stream stream = store.createStream(store.createGroup("g", T0, null), "s", T0);
        store.append(stream, List.of(new NewEvent(T0, "complete")), T0);
        store.close();
        Path file;
        try (var files = Files.list(root().resolve("g"))) {
            file = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        Files.write(file, (T0 + "\t" + T0 + "\tpart").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        LogStore reloaded = store();
        assertEquals(List.of("complete"), messages(reloaded.group("g").stream("s")));
        reloaded.append(reloaded.group("g").stream("s"), List.of(new NewEvent(T0 + 1, "after")), T0 + 1);
        reloaded.close();
        assertEquals(List.of("complete", "after"), messages(store().group("g").stream("s")));
    }

    @Test
    public void lateEventsAreReadInTimestampOrder() throws Exception {
        LogStore store = store();
        Stream stream = store.createStream(store.createGroup("g", T0, null), "s", T0);
        store.append(stream, List.of(new NewEvent(T0 + 10, "b")), T0);
        store.append(stream, List.of(new NewEvent(T0 + 5, "a")), T0);
        assertEquals(List.of("a", "b"), messages(stream));
    }

    @Test
    public void retentionRemovesOldEventsFromMemoryAndDiskAndEmptyStreams() throws Exception {
        LogStore store = store();
        Group group = store.createGroup("g", T0, null);
        Stream mixed = store.createStream(group, "mixed", T0);
        Stream old = store.createStream(group, "old", T0);
        store.append(mixed, List.of(new NewEvent(T0, "old one"), new NewEvent(T0 + 3 * DAY, "recent one")), T0);
        store.append(old, List.of(new NewEvent(T0, "old only")), T0);
        assertEquals("no retention: nothing expires", 0, store.expire(T0 + 30 * DAY));

        store.setRetention(group, 1);
        assertEquals(2, store.expire(T0 + 3 * DAY + 1000));
        assertEquals(List.of("recent one"), messages(mixed));
        assertNull("a stream left empty is deleted", group.stream("old"));
        store.close();

        LogStore reloaded = store();
        Group again = reloaded.group("g");
        assertEquals(Integer.valueOf(1), again.retentionInDays());
        assertEquals(List.of("recent one"), messages(again.stream("mixed")));
        assertNull(again.stream("old"));
    }

    @Test
    public void deletingAGroupRemovesItsFiles() throws Exception {
        LogStore store = store();
        Group group = store.createGroup("/aws/lambda/x", T0, null);
        store.append(store.createStream(group, "s", T0), List.of(new NewEvent(T0, "m")), T0);
        assertTrue(store.deleteGroup("/aws/lambda/x"));
        assertFalse(store.deleteGroup("/aws/lambda/x"));
        try (var files = Files.list(root())) {
            assertEquals(0, files.count());
        }
        assertNull(store().group("/aws/lambda/x"));
    }

    private LogStore store(long segmentBytes) throws Exception {
        LogStore store = new LogStore(root(), segmentBytes);
        store.load();
        return store;
    }

    private List<Path> segmentFiles(String group) throws Exception {
        try (var files = Files.list(root().resolve(group))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    @Test
    public void afterARestartEventsAreReadFromTheFilesNotKeptInMemory() throws Exception {
        LogStore store = store();
        Stream stream = store.createStream(store.createGroup("g", T0, null), "s", T0);
        store.append(stream, List.of(new NewEvent(T0, "first message"), new NewEvent(T0 + 1, "second message")), T0);
        store.close();
        // the same number of bytes changed behind the store's back: a reader sees the file, not a copy
        Path file = segmentFiles("g").get(0);
        String text = Files.readString(file).replace("second message", "SECOND MESSAGE");
        Files.writeString(file, text);

        LogStore reloaded = store();
        Stream again = reloaded.group("g").stream("s");
        assertEquals(2, again.size());
        assertEquals(List.of("first message", "SECOND MESSAGE"), messages(again));
        assertEquals(T0, (long) again.firstEventTimestamp());
        assertEquals(T0 + 1, (long) again.lastEventTimestamp());
        assertEquals("second message".length() + "first message".length() + 2 * 26, again.storedBytes());
        assertTrue("the index holds no message text", again.indexBytes() <= 16L * LogStore.INDEX_BYTES_PER_EVENT);
    }

    @Test
    public void readsPageAcrossSegmentFilesBeforeAndAfterARestart() throws Exception {
        LogStore store = store(200);
        Stream stream = store.createStream(store.createGroup("g", T0, null), "s", T0);
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String message = "event " + (batch * 5 + i) + " with some text";
                events.add(new NewEvent(T0 + batch * 5 + i, message));
                expected.add(message);
            }
            store.append(stream, events, T0);
            store.sync();
        }
        // one more appended but not synced yet: readers see it from the pending lines
        store.append(stream, List.of(new NewEvent(T0 + 50, "pending")), T0);
        expected.add("pending");
        assertTrue("several segments: " + segmentFiles("g"), segmentFiles("g").size() >= 5);
        assertEquals(expected, messages(stream));
        List<String> paged = new ArrayList<>();
        for (int from = 0; from < stream.size(); from += 7) {
            for (Event event : stream.read(from, from + 7)) {
                paged.add(event.message());
            }
        }
        assertEquals(expected, paged);
        assertEquals(List.of("event 8 with some text", "event 9 with some text", "event 10 with some text"),
                stream.read(8, 11).stream().map(Event::message).toList());
        assertEquals(10, stream.firstAtOrAfter(T0 + 10));
        assertEquals(51, stream.firstAtOrAfter(T0 + 51));
        assertTrue(stream.read(51, 60).isEmpty());
        assertEquals(List.of(0L, 1L, 2L), stream.read(0, 3).stream().map(Event::seq).toList());
        // a late event lands in the newest segment but is read in timestamp order
        store.append(stream, List.of(new NewEvent(T0 + 2, "late")), T0);
        store.close();

        LogStore reloaded = store(200);
        Stream again = reloaded.group("g").stream("s");
        assertEquals(52, again.size());
        assertEquals(List.of("event 2 with some text", "late", "event 3 with some text"),
                again.read(2, 5).stream().map(Event::message).toList());
        assertEquals("arrival numbers survive the restart", 51L, again.read(3, 4).get(0).seq());
        List<String> all = messages(again);
        assertEquals("pending", all.get(all.size() - 1));
    }

    @Test
    public void retentionDeletesWholeExpiredSegmentFilesAndKeepsEventIds() throws Exception {
        LogStore store = store(150);
        Group group = store.createGroup("g", T0, null);
        Stream stream = store.createStream(group, "s", T0);
        for (int day = 0; day < 4; day++) {
            for (int batch = 0; batch < 3; batch++) {
                store.append(stream, List.of(new NewEvent(T0 + day * DAY + batch, "day " + day + " batch " + batch),
                        new NewEvent(T0 + day * DAY + batch, "more of day " + day)), T0);
                store.sync();
            }
        }
        int before = segmentFiles("g").size();
        Event firstKept = stream.read(12, 13).get(0);
        assertEquals("day 2 batch 0", firstKept.message());

        store.setRetention(group, 2);
        assertEquals("days 0 and 1 expire", 12, store.expire(T0 + 4 * DAY - 1000));
        int after = segmentFiles("g").size();
        assertTrue("expired segment files are deleted: " + before + " -> " + after, after < before);
        for (Path file : segmentFiles("g")) {
            assertFalse(file + " holds an expired line", Files.readString(file).contains("day 0")
                    || Files.readString(file).contains("day 1"));
        }
        assertEquals(12, stream.size());
        assertEquals(T0 + 2 * DAY, (long) stream.firstEventTimestamp());
        Event same = stream.read(0, 1).get(0);
        assertEquals(firstKept, same);
        assertEquals(LogsApi.eventId("s", firstKept), LogsApi.eventId("s", same));

        store.append(stream, List.of(new NewEvent(T0 + 4 * DAY, "after expiry")), T0);
        store.close();
        LogStore reloaded = store(150);
        List<String> kept = messages(reloaded.group("g").stream("s"));
        assertEquals(13, kept.size());
        assertEquals("day 2 batch 0", kept.get(0));
        assertEquals("after expiry", kept.get(12));
    }

    @Test
    public void aLargeStreamKeepsOnlyACompactIndexInMemory() throws Exception {
        int count = 200_000;
        String padding = "x".repeat(180);
        LogStore store = store();
        Stream stream = store.createStream(store.createGroup("g", T0, null), "s", T0);
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(new NewEvent(T0 + i, "event " + i + " " + padding));
            if (batch.size() == 1_000) {
                store.append(stream, batch, T0);
                store.sync();
                batch.clear();
            }
        }
        assertEquals(count, stream.size());
        long messageBytes = stream.storedBytes();
        assertTrue(messageBytes > count * 180L);
        long limit = (long) (count * LogStore.INDEX_BYTES_PER_EVENT * 1.6);
        assertTrue("index " + stream.indexBytes() + " bytes for " + messageBytes + " bytes of events",
                stream.indexBytes() <= limit && stream.indexBytes() * 5 < messageBytes);
        assertTrue(stream.segmentCount() > 1);
        assertEquals("event 123456 " + padding, stream.read(123_456, 123_457).get(0).message());
        store.close();

        LogStore reloaded = store();
        Stream again = reloaded.group("g").stream("s");
        assertEquals(count, again.size());
        assertTrue(reloaded.indexBytes() <= limit);
        List<Event> last = again.read(count - 3, count);
        assertEquals(List.of("event 199997 " + padding, "event 199998 " + padding, "event 199999 " + padding),
                last.stream().map(Event::message).toList());
        assertEquals(T0 + count - 1, (long) again.lastEventTimestamp());
    }

    @Test
    public void aBadSegmentSizeIsRefused() {
        try {
            new LogStore(root(), 0);
            org.junit.Assert.fail("a segment size of 0 was accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("segmentBytes"));
        }
    }

    @Test
    public void namesThatExistAreNotCreatedTwice() throws Exception {
        LogStore store = store();
        Group group = store.createGroup("g", T0, null);
        assertNull(store.createGroup("g", T0, null));
        store.createStream(group, "s", T0);
        assertNull(store.createStream(group, "s", T0));
    }
}
