package io.stratus.monitoring.impl.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.durable.DurableFiles;

/**
 * Log groups, their streams and events, on disk under one directory: a folder per group with its
 * settings ({@code group.json}, written atomically) and one append-only file per stream, one event per
 * line. Appends are visible to readers at once and written and fsynced by {@link #sync()} (group
 * commit: many appends, one write and one fsync per file); an interrupted last line is dropped on load.
 * All events are also kept in memory for reads, bounded by the groups' retention.
 */
public final class LogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    private static final String GROUP_FILE = "group.json";
    private static final String STREAM_SUFFIX = ".log";

    /** One stored event; {@code seq} numbers the events of a stream in arrival order (stable across restarts). */
    public record Event(long timestamp, long ingestionTime, long seq, String message) {
    }

    /** A log group. Mutable fields are guarded by the group. */
    public static final class Group {
        final String name;
        final long creationTime;
        final Path directory;
        Integer retentionInDays;
        final ConcurrentSkipListMap<String, Stream> streams = new ConcurrentSkipListMap<>();

        Group(String name, long creationTime, Path directory, Integer retentionInDays) {
            this.name = name;
            this.creationTime = creationTime;
            this.directory = directory;
            this.retentionInDays = retentionInDays;
        }

        public String name() {
            return name;
        }

        public long creationTime() {
            return creationTime;
        }

        public synchronized Integer retentionInDays() {
            return retentionInDays;
        }

        public Collection<Stream> streams() {
            return streams.values();
        }

        public Stream stream(String streamName) {
            return streams.get(streamName);
        }

        public long storedBytes() {
            long total = 0;
            for (Stream stream : streams.values()) {
                total += stream.storedBytes();
            }
            return total;
        }
    }

    /** A log stream: events sorted by timestamp (then arrival). */
    public static final class Stream {
        final String name;
        final long creationTime;
        final Path file;
        private final List<Event> events = new ArrayList<>();
        private FileChannel channel;
        /* lines appended since the last sync, not yet in the file */
        private final StringBuilder pending = new StringBuilder();
        private long nextSeq;
        private long lastIngestionTime;
        private long storedBytes;
        private boolean dirty;
        private boolean deleted;

        Stream(String name, long creationTime, Path file) {
            this.name = name;
            this.creationTime = creationTime;
            this.file = file;
        }

        public String name() {
            return name;
        }

        public long creationTime() {
            return creationTime;
        }

        public synchronized long storedBytes() {
            return storedBytes;
        }

        public synchronized long lastIngestionTime() {
            return lastIngestionTime;
        }

        /** First event's timestamp, or null when empty. */
        public synchronized Long firstEventTimestamp() {
            return events.isEmpty() ? null : events.get(0).timestamp();
        }

        /** Last event's timestamp, or null when empty. */
        public synchronized Long lastEventTimestamp() {
            return events.isEmpty() ? null : events.get(events.size() - 1).timestamp();
        }

        /** A copy of the events, oldest first. */
        public synchronized List<Event> events() {
            return new ArrayList<>(events);
        }

        public synchronized int size() {
            return events.size();
        }

        /* Keeps the list sorted by timestamp; late events (older than the last) are rare. */
        private void insert(Event event) {
            int index = events.size();
            while (index > 0 && events.get(index - 1).timestamp() > event.timestamp()) {
                index--;
            }
            events.add(index, event);
        }
    }

    /** An event to append. */
    public record NewEvent(long timestamp, String message) {
    }

    private final Path root;
    private final ConcurrentSkipListMap<String, Group> groups = new ConcurrentSkipListMap<>();
    private final Set<Stream> dirty = new HashSet<>();
    private final Object syncLock = new Object();

    public LogStore(Path root) {
        this.root = root;
    }

    /** Loads what is on disk (removing leftovers of interrupted writes and a torn last line). */
    public void load() throws IOException {
        Files.createDirectories(root);
        DurableFiles.recover(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                Path settings = dir.resolve(GROUP_FILE);
                if (!Files.isRegularFile(settings)) {
                    continue;
                }
                try {
                    JsonObject json = JsonParser.parseString(Files.readString(settings)).getAsJsonObject();
                    Group group = new Group(json.get("name").getAsString(), json.get("creationTime").getAsLong(), dir,
                            json.has("retentionInDays") ? json.get("retentionInDays").getAsInt() : null);
                    loadStreams(group);
                    groups.put(group.name, group);
                } catch (RuntimeException e) {
                    LOG.warn("Ignoring log group folder {}: {}", dir, e.toString());
                }
            }
        }
    }

    private void loadStreams(Group group) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(group.directory, "*" + STREAM_SUFFIX)) {
            for (Path file : files) {
                Stream stream = readStream(file);
                if (stream != null) {
                    group.streams.put(stream.name, stream);
                }
            }
        }
    }

    private static Stream readStream(Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        int end = content.length;
        while (end > 0 && content[end - 1] != '\n') {
            end--;
        }
        if (end < content.length) {
            // the last append was interrupted: drop its partial line
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(end);
                channel.force(true);
            }
        }
        String text = new String(content, 0, end, StandardCharsets.UTF_8);
        Stream stream = null;
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            String header = reader.readLine();
            if (header == null || !header.startsWith("#stream\t")) {
                return null;
            }
            String[] parts = header.split("\t", 3);
            stream = new Stream(LineCodec.unescape(parts[2]), Long.parseLong(parts[1]), file);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split("\t", 3);
                if (fields.length < 3) {
                    continue;
                }
                Event event = new Event(Long.parseLong(fields[0]), Long.parseLong(fields[1]), stream.nextSeq++,
                        LineCodec.unescape(fields[2]));
                stream.insert(event);
                stream.lastIngestionTime = Math.max(stream.lastIngestionTime, event.ingestionTime());
                stream.storedBytes += event.message().length() + 26;
            }
        }
        return stream;
    }

    // ------------------------------------------------------------------ groups

    public Group group(String name) {
        return groups.get(name);
    }

    /** Groups sorted by name. */
    public Collection<Group> groups() {
        return groups.values();
    }

    /** @return the new group, or null when one of that name exists */
    public Group createGroup(String name, long now, Integer retentionInDays) throws IOException {
        synchronized (groups) {
            if (groups.containsKey(name)) {
                return null;
            }
            Group group = new Group(name, now, root.resolve(LineCodec.fileName(name)), retentionInDays);
            Files.createDirectories(group.directory);
            writeSettings(group);
            groups.put(name, group);
            return group;
        }
    }

    /** The group, created when missing (function log groups appear with their first invocation). */
    public Group groupOrCreate(String name, long now) throws IOException {
        Group group = groups.get(name);
        if (group != null) {
            return group;
        }
        synchronized (groups) {
            group = groups.get(name);
            return group != null ? group : createGroup(name, now, null);
        }
    }

    public void setRetention(Group group, Integer days) throws IOException {
        synchronized (group) {
            group.retentionInDays = days;
            writeSettings(group);
        }
    }

    private static void writeSettings(Group group) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("name", group.name);
        json.addProperty("creationTime", group.creationTime);
        if (group.retentionInDays != null) {
            json.addProperty("retentionInDays", group.retentionInDays);
        }
        DurableFiles.write(group.directory.resolve(GROUP_FILE), json.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @return false when there was no such group */
    public boolean deleteGroup(String name) throws IOException {
        Group group;
        synchronized (groups) {
            group = groups.remove(name);
        }
        if (group == null) {
            return false;
        }
        for (Stream stream : group.streams.values()) {
            closeStream(stream);
        }
        deleteTree(group.directory);
        return true;
    }

    // ------------------------------------------------------------------ streams

    /** @return the new stream, or null when one of that name exists */
    public Stream createStream(Group group, String name, long now) throws IOException {
        synchronized (group) {
            if (group.streams.containsKey(name)) {
                return null;
            }
            Stream stream = new Stream(name, now, group.directory.resolve(LineCodec.fileName(name) + STREAM_SUFFIX));
            String header = "#stream\t" + now + "\t" + LineCodec.escape(name) + "\n";
            DurableFiles.write(stream.file, header.getBytes(StandardCharsets.UTF_8));
            group.streams.put(name, stream);
            return stream;
        }
    }

    public Stream streamOrCreate(Group group, String name, long now) throws IOException {
        Stream stream = group.streams.get(name);
        if (stream != null) {
            return stream;
        }
        synchronized (group) {
            stream = group.streams.get(name);
            return stream != null ? stream : createStream(group, name, now);
        }
    }

    /** @return false when there was no such stream */
    public boolean deleteStream(Group group, String name) throws IOException {
        Stream stream;
        synchronized (group) {
            stream = group.streams.remove(name);
        }
        if (stream == null) {
            return false;
        }
        closeStream(stream);
        DurableFiles.delete(stream.file);
        return true;
    }

    // ------------------------------------------------------------------ events

    /**
     * Appends events to a stream: visible to readers at once, written and durable after the next
     * {@link #sync()}.
     */
    public void append(Stream stream, List<NewEvent> events, long ingestionTime) {
        synchronized (stream) {
            if (stream.deleted) {
                return;
            }
            StringBuilder lines = stream.pending;
            for (NewEvent event : events) {
                Event stored = new Event(event.timestamp(), ingestionTime, stream.nextSeq++, event.message());
                stream.insert(stored);
                stream.storedBytes += event.message().length() + 26;
                lines.append(event.timestamp()).append('\t').append(ingestionTime).append('\t');
                LineCodec.appendEscaped(lines, event.message());
                lines.append('\n');
            }
            stream.lastIngestionTime = ingestionTime;
            if (stream.dirty) {
                return;
            }
            stream.dirty = true;
        }
        synchronized (dirty) {
            dirty.add(stream);
        }
    }

    /** Writes what was appended since the last sync to the streams' files and forces them to disk. */
    public void sync() throws IOException {
        synchronized (syncLock) {
            List<Stream> pending;
            synchronized (dirty) {
                pending = new ArrayList<>(dirty);
                dirty.clear();
            }
            IOException failure = null;
            for (Stream stream : pending) {
                try {
                    FileChannel channel;
                    synchronized (stream) {
                        stream.dirty = false;
                        if (stream.deleted || stream.pending.length() == 0) {
                            continue;
                        }
                        if (stream.channel == null) {
                            stream.channel = FileChannel.open(stream.file, StandardOpenOption.WRITE,
                                    StandardOpenOption.APPEND);
                        }
                        channel = stream.channel;
                        ByteBuffer buffer = ByteBuffer.wrap(stream.pending.toString().getBytes(StandardCharsets.UTF_8));
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                        stream.pending.setLength(0);
                    }
                    channel.force(false);
                } catch (java.nio.channels.ClosedChannelException e) {
                    // the stream was deleted meanwhile
                } catch (IOException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    // ------------------------------------------------------------------ retention

    /**
     * Removes events older than their group's retention, from memory and disk; streams left empty
     * by it are deleted.
     *
     * @return how many events were removed
     */
    public int expire(long now) throws IOException {
        int removed = 0;
        for (Group group : groups.values()) {
            Integer days = group.retentionInDays();
            if (days == null) {
                continue;
            }
            long cutoff = now - TimeUnit.DAYS.toMillis(days);
            for (Stream stream : new ArrayList<>(group.streams.values())) {
                int expired;
                boolean empty;
                synchronized (stream) {
                    expired = 0;
                    while (expired < stream.events.size() && stream.events.get(expired).timestamp() < cutoff) {
                        expired++;
                    }
                    if (expired == 0) {
                        continue;
                    }
                    stream.events.subList(0, expired).clear();
                    empty = stream.events.isEmpty();
                    if (!empty) {
                        rewrite(stream);
                    }
                }
                removed += expired;
                if (empty) {
                    deleteStream(group, stream.name);
                }
            }
        }
        return removed;
    }

    /* Replaces a stream's file with its remaining events (caller holds the stream's lock). */
    private static void rewrite(Stream stream) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("#stream\t").append(stream.creationTime).append('\t').append(LineCodec.escape(stream.name))
                .append('\n');
        long bytes = 0;
        List<Event> sorted = new ArrayList<>(stream.events);
        sorted.sort(Comparator.comparingLong(Event::seq));
        for (Event event : sorted) {
            text.append(event.timestamp()).append('\t').append(event.ingestionTime()).append('\t');
            LineCodec.appendEscaped(text, event.message());
            text.append('\n');
            bytes += event.message().length() + 26;
        }
        if (stream.channel != null) {
            stream.channel.close();
            stream.channel = null;
        }
        DurableFiles.write(stream.file, text.toString().getBytes(StandardCharsets.UTF_8));
        stream.pending.setLength(0);
        stream.storedBytes = bytes;
    }

    private static void closeStream(Stream stream) throws IOException {
        synchronized (stream) {
            stream.deleted = true;
            if (stream.channel != null) {
                stream.channel.close();
                stream.channel = null;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Files.delete(entry);
            }
        }
        Files.delete(dir);
        DurableFiles.syncDirectory(dir.getParent());
    }

    @Override
    public void close() throws IOException {
        sync();
        for (Group group : groups.values()) {
            for (Stream stream : group.streams.values()) {
                synchronized (stream) {
                    if (stream.channel != null) {
                        stream.channel.close();
                        stream.channel = null;
                    }
                }
            }
        }
    }

    /** For tests and listings: every group's streams. */
    Map<String, Group> groupMap() {
        return groups;
    }
}
