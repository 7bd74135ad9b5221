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

    private static List<String> messages(Stream stream) {
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

    @Test
    public void namesThatExistAreNotCreatedTwice() throws Exception {
        LogStore store = store();
        Group group = store.createGroup("g", T0, null);
        assertNull(store.createGroup("g", T0, null));
        store.createStream(group, "s", T0);
        assertNull(store.createStream(group, "s", T0));
    }
}
