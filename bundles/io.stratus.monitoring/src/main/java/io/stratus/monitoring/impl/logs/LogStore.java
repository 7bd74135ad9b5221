package io.stratus.monitoring.impl.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.durable.DurableFiles;

/**
 * Log groups, their streams and events, on disk under one directory: a folder per group with its
 * settings ({@code group.json}, written atomically) and per stream a series of append-only segment
 * files, one event per line ({@code <stream>.log}, then {@code <stream>~1.log}, {@code <stream>~2.log}
 * ... once a segment reaches its size). Appends are visible to readers at once and written and fsynced
 * by {@link #sync()} (group commit: many appends, one write and one fsync per file); an interrupted last
 * line is dropped on load.
 * <p>
 * Only an index is kept in memory: per event its timestamp, arrival number and where its line is (24
 * bytes, in primitive arrays the collector never has to trace), plus the lines appended since the last
 * sync. Messages are read from the files when asked for. Retention drops whole expired segments.
 */
public final class LogStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
    private static final String GROUP_FILE = "group.json";
    private static final String STREAM_SUFFIX = ".log";
    /* '~' never appears in a file name made by LineCodec.fileName, so it can separate the segment number */
    private static final char SEGMENT_MARK = '~';
    /** Default size at which a stream starts a new segment file. */
    public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;
    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    /** Heap bytes the index holds per event slot: timestamp, position, line length, arrival number. */
    public static final int INDEX_BYTES_PER_EVENT = 8 + 8 + 4 + 4;

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

    /**
     * A log stream: an index of its events sorted by timestamp (then arrival), the lines themselves in
     * its segment files. Index positions ({@code 0..size()-1}) address events in that order.
     */
    public static final class Stream {
        final String name;
        final long creationTime;
        final Path directory;
        final String fileBase;
        /* segment number -> newest timestamp in it (Long.MIN_VALUE while empty) */
        private final TreeMap<Integer, Long> segments = new TreeMap<>();
        private int active;
        /* bytes of the active segment already in its file */
        private long activeLength;
        private FileChannel channel;
        /* lines appended since the last sync, not yet in the file; they follow activeLength */
        private byte[] pending = new byte[0];
        private int pendingLength;
        private long[] timestamps = new long[16];
        private long[] positions = new long[16];
        private int[] lengths = new int[16];
        private int[] seqs = new int[16];
        private int size;
        private long nextSeq;
        private long lastIngestionTime;
        private long storedBytes;
        private boolean dirty;
        private boolean deleted;

        Stream(String name, long creationTime, Path directory, String fileBase) {
            this.name = name;
            this.creationTime = creationTime;
            this.directory = directory;
            this.fileBase = fileBase;
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
            return size == 0 ? null : timestamps[0];
        }

        /** Last event's timestamp, or null when empty. */
        public synchronized Long lastEventTimestamp() {
            return size == 0 ? null : timestamps[size - 1];
        }

        public synchronized int size() {
            return size;
        }

        /** Heap bytes held for this stream's events: the index arrays and the lines not yet synced. */
        public synchronized long indexBytes() {
            return (long) timestamps.length * INDEX_BYTES_PER_EVENT + pending.length;
        }

        /** How many segment files the stream has. */
        public synchronized int segmentCount() {
            return segments.size();
        }

        /** The index position of the first event with a timestamp at or after {@code timestamp}. */
        public synchronized int firstAtOrAfter(long timestamp) {
            int low = 0;
            int high = size;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (timestamps[mid] < timestamp) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        /** Events at index positions {@code from} (inclusive) to {@code to} (exclusive), read from the files. */
        public synchronized List<Event> read(int from, int to) throws IOException {
            from = Math.max(0, from);
            to = Math.min(size, to);
            List<Event> events = new ArrayList<>(Math.max(0, to - from));
            if (from >= to) {
                return events;
            }
            Map<Integer, FileChannel> open = new HashMap<>();
            try {
                for (int i = from; i < to; i++) {
                    events.add(readAt(i, open));
                }
            } finally {
                for (FileChannel c : open.values()) {
                    c.close();
                }
            }
            return events;
        }

        /** All events, oldest first, read from the files (for small streams and tests). */
        public List<Event> events() throws IOException {
            return read(0, Integer.MAX_VALUE);
        }

        private Event readAt(int index, Map<Integer, FileChannel> open) throws IOException {
            int segment = (int) (positions[index] >>> OFFSET_BITS);
            long offset = positions[index] & OFFSET_MASK;
            byte[] line = new byte[lengths[index]];
            if (segment == active && offset >= activeLength) {
                System.arraycopy(pending, (int) (offset - activeLength), line, 0, line.length);
            } else {
                FileChannel file = open.get(segment);
                if (file == null) {
                    file = FileChannel.open(segmentFile(segment), StandardOpenOption.READ);
                    open.put(segment, file);
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    if (file.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException("Log segment " + segmentFile(segment) + " is shorter than its index");
                    }
                }
            }
            int tab1 = indexOf(line, 0, (byte) '\t');
            int tab2 = indexOf(line, tab1 + 1, (byte) '\t');
            long timestamp = Long.parseLong(new String(line, 0, tab1, StandardCharsets.US_ASCII));
            long ingestion = Long.parseLong(new String(line, tab1 + 1, tab2 - tab1 - 1, StandardCharsets.US_ASCII));
            String message = LineCodec.unescape(new String(line, tab2 + 1, line.length - tab2 - 1, StandardCharsets.UTF_8));
            return new Event(timestamp, ingestion, seqs[index], message);
        }

        Path segmentFile(int segment) {
            return directory.resolve(segment == 0 ? fileBase + STREAM_SUFFIX
                    : fileBase + SEGMENT_MARK + segment + STREAM_SUFFIX);
        }

        byte[] header() {
            return ("#stream\t" + creationTime + "\t" + LineCodec.escape(name) + "\n").getBytes(StandardCharsets.UTF_8);
        }

        /* Adds an index entry, keeping timestamp order; late events (older than the last) are rare. */
        private void insert(long timestamp, int segment, long offset, int length, long seq) {
            if (size == timestamps.length) {
                int capacity = size + (size >> 1) + 16;
                timestamps = Arrays.copyOf(timestamps, capacity);
                positions = Arrays.copyOf(positions, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                seqs = Arrays.copyOf(seqs, capacity);
            }
            int index = size;
            if (index > 0 && timestamps[index - 1] > timestamp) {
                index = firstAtOrAfter(timestamp + 1);
                System.arraycopy(timestamps, index, timestamps, index + 1, size - index);
                System.arraycopy(positions, index, positions, index + 1, size - index);
                System.arraycopy(lengths, index, lengths, index + 1, size - index);
                System.arraycopy(seqs, index, seqs, index + 1, size - index);
            }
            timestamps[index] = timestamp;
            positions[index] = ((long) segment << OFFSET_BITS) | offset;
            lengths[index] = length;
            seqs[index] = (int) seq;
            size++;
            segments.merge(segment, timestamp, Math::max);
        }

        private void clearIndex() {
            size = 0;
            timestamps = new long[16];
            positions = new long[16];
            lengths = new int[16];
            seqs = new int[16];
        }

        private void appendPending(byte[] bytes) {
            if (pendingLength + bytes.length > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pendingLength + bytes.length, pending.length * 2));
            }
            System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
            pendingLength += bytes.length;
        }

        /* Writes the pending lines to the active segment, without forcing (caller holds the lock). */
        private void writePending() throws IOException {
            if (pendingLength == 0) {
                return;
            }
            if (channel == null) {
                channel = FileChannel.open(segmentFile(active), StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            ByteBuffer buffer = ByteBuffer.wrap(pending, 0, pendingLength);
            long position = activeLength;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            activeLength = position;
            pendingLength = 0;
            if (pending.length > 64 * 1024) {
                // a burst grew the buffer: give it back
                pending = new byte[0];
            }
        }

        /* Starts the next segment file (caller holds the lock, the pending lines are written). */
        private void startSegment() throws IOException {
            if (channel != null) {
                channel.force(false);
                channel.close();
                channel = null;
            }
            active = segments.isEmpty() ? 0 : segments.lastKey() + 1;
            byte[] header = header();
            DurableFiles.write(segmentFile(active), header);
            activeLength = header.length;
            segments.putIfAbsent(active, Long.MIN_VALUE);
        }

        private void closeChannel() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }
    }

    /** An event to append. */
    public record NewEvent(long timestamp, String message) {
    }

    private final Path root;
    private final long segmentBytes;
    private final ConcurrentSkipListMap<String, Group> groups = new ConcurrentSkipListMap<>();
    private final Set<Stream> dirty = new HashSet<>();
    private final Object syncLock = new Object();

    public LogStore(Path root) {
        this(root, DEFAULT_SEGMENT_BYTES);
    }

    /** @param segmentBytes the size from which a stream's next sync starts a new segment file */
    public LogStore(Path root, long segmentBytes) {
        if (segmentBytes <= 0 || segmentBytes > OFFSET_MASK / 2) {
            throw new IllegalArgumentException("segmentBytes out of range: " + segmentBytes);
        }
        this.root = root;
        this.segmentBytes = segmentBytes;
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
                String fileName = file.getFileName().toString();
                String base = fileName.substring(0, fileName.length() - STREAM_SUFFIX.length());
                int segment = 0;
                int mark = base.lastIndexOf(SEGMENT_MARK);
                if (mark >= 0) {
                    try {
                        segment = Integer.parseInt(base.substring(mark + 1));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    base = base.substring(0, mark);
                }
                String header = readHeader(file);
                if (header == null || !header.startsWith("#stream\t")) {
                    continue;
                }
                String[] parts = header.split("\t", 3);
                String name = LineCodec.unescape(parts[2]);
                Stream stream = group.streams.get(name);
                if (stream == null) {
                    stream = new Stream(name, Long.parseLong(parts[1]), group.directory, base);
                    group.streams.put(name, stream);
                }
                stream.segments.put(segment, Long.MIN_VALUE);
            }
        }
        for (Stream stream : group.streams.values()) {
            scan(stream);
        }
    }

    private static String readHeader(Path file) throws IOException {
        byte[] start = new byte[4096];
        int read;
        try (var in = Files.newInputStream(file)) {
            read = in.readNBytes(start, 0, start.length);
        }
        int end = indexOf(start, 0, (byte) '\n');
        if (end < 0 || end >= read) {
            return read >= start.length ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", 2)[0]
                    : null;
        }
        return new String(start, 0, end, StandardCharsets.UTF_8);
    }

    /* Builds a stream's index from its segment files, oldest segment first (caller holds the lock or owns the stream). */
    private static void scan(Stream stream) throws IOException {
        stream.clearIndex();
        stream.storedBytes = 0;
        stream.nextSeq = 0;
        List<Integer> numbers = new ArrayList<>(stream.segments.keySet());
        for (int segment : numbers) {
            stream.segments.put(segment, Long.MIN_VALUE);
            Path file = stream.segmentFile(segment);
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
            int lineStart = indexOf(content, 0, (byte) '\n') + 1;
            while (lineStart > 0 && lineStart < end) {
                int lineEnd = indexOf(content, lineStart, (byte) '\n');
                int tab1 = indexOf(content, lineStart, (byte) '\t');
                int tab2 = tab1 < 0 || tab1 > lineEnd ? -1 : indexOf(content, tab1 + 1, (byte) '\t');
                if (tab2 > 0 && tab2 < lineEnd) {
                    try {
                        long timestamp = Long.parseLong(new String(content, lineStart, tab1 - lineStart,
                                StandardCharsets.US_ASCII));
                        long ingestion = Long.parseLong(new String(content, tab1 + 1, tab2 - tab1 - 1,
                                StandardCharsets.US_ASCII));
                        int messageLength = LineCodec.unescape(new String(content, tab2 + 1, lineEnd - tab2 - 1,
                                StandardCharsets.UTF_8)).length();
                        stream.insert(timestamp, segment, lineStart, lineEnd - lineStart, stream.nextSeq++);
                        stream.lastIngestionTime = Math.max(stream.lastIngestionTime, ingestion);
                        stream.storedBytes += messageLength + 26;
                    } catch (NumberFormatException e) {
                        LOG.warn("Skipping a malformed line in {}", file);
                    }
                }
                lineStart = lineEnd + 1;
            }
            stream.active = segment;
            stream.activeLength = end;
        }
    }

    private static int indexOf(byte[] bytes, int from, byte value) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
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
            Stream stream = new Stream(name, now, group.directory, LineCodec.fileName(name));
            synchronized (stream) {
                stream.startSegment();
            }
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
        List<Integer> numbers;
        synchronized (stream) {
            closeStream(stream);
            numbers = new ArrayList<>(stream.segments.keySet());
        }
        for (int segment : numbers) {
            DurableFiles.delete(stream.segmentFile(segment));
        }
        return true;
    }

    // ------------------------------------------------------------------ events

    /**
     * Appends events to a stream: visible to readers at once, written and durable after the next
     * {@link #sync()}.
     */
    public void append(Stream stream, List<NewEvent> events, long ingestionTime) {
        StringBuilder line = new StringBuilder(128);
        synchronized (stream) {
            if (stream.deleted) {
                return;
            }
            for (NewEvent event : events) {
                line.setLength(0);
                line.append(event.timestamp()).append('\t').append(ingestionTime).append('\t');
                LineCodec.appendEscaped(line, event.message());
                line.append('\n');
                byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                long offset = stream.activeLength + stream.pendingLength;
                stream.appendPending(bytes);
                stream.insert(event.timestamp(), stream.active, offset, bytes.length - 1, stream.nextSeq++);
                stream.storedBytes += event.message().length() + 26;
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
                        if (stream.deleted || stream.pendingLength == 0) {
                            continue;
                        }
                        stream.writePending();
                        if (stream.activeLength >= segmentBytes) {
                            // forces and closes the full segment
                            stream.startSegment();
                            continue;
                        }
                        channel = stream.channel;
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
     * Removes events older than their group's retention: segment files holding only such events are
     * deleted, a segment holding some is rewritten without them; streams left empty are deleted.
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
                    if (stream.deleted || stream.size == 0 || stream.timestamps[0] >= cutoff) {
                        continue;
                    }
                    expired = stream.firstAtOrAfter(cutoff);
                    empty = expired == stream.size;
                    if (!empty) {
                        dropBefore(stream, cutoff);
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

    /* Drops a stream's events older than cutoff from its files and index (caller holds the stream's lock). */
    private static void dropBefore(Stream stream, long cutoff) throws IOException {
        stream.writePending();
        if (stream.channel != null) {
            stream.channel.force(false);
        }
        Set<Integer> touched = new HashSet<>();
        for (int i = 0; i < stream.size && stream.timestamps[i] < cutoff; i++) {
            touched.add((int) (stream.positions[i] >>> OFFSET_BITS));
        }
        long seqBefore = stream.nextSeq;
        boolean activeDropped = false;
        for (int segment : touched) {
            Path file = stream.segmentFile(segment);
            if (segment == stream.active) {
                stream.closeChannel();
            }
            if (stream.segments.get(segment) < cutoff) {
                DurableFiles.delete(file);
                stream.segments.remove(segment);
                activeDropped |= segment == stream.active;
            } else {
                rewriteWithout(file, cutoff);
            }
        }
        int active = stream.active;
        scan(stream);
        if (activeDropped || !stream.segments.containsKey(active)) {
            stream.startSegment();
        }
        // arrival numbers of the kept events stay what they were (event ids must not change)
        long shift = seqBefore - stream.nextSeq;
        for (int i = 0; i < stream.size; i++) {
            stream.seqs[i] += (int) shift;
        }
        stream.nextSeq = seqBefore;
    }

    /* Replaces a segment file with its lines from cutoff on. */
    private static void rewriteWithout(Path file, long cutoff) throws IOException {
        byte[] content = Files.readAllBytes(file);
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(content.length);
        int lineStart = 0;
        boolean header = true;
        while (lineStart < content.length) {
            int lineEnd = indexOf(content, lineStart, (byte) '\n');
            if (lineEnd < 0) {
                break;
            }
            boolean keep = header;
            if (!header) {
                int tab = indexOf(content, lineStart, (byte) '\t');
                try {
                    keep = tab > lineStart && tab < lineEnd && Long.parseLong(
                            new String(content, lineStart, tab - lineStart, StandardCharsets.US_ASCII)) >= cutoff;
                } catch (NumberFormatException e) {
                    keep = false;
                }
            }
            if (keep) {
                kept.write(content, lineStart, lineEnd + 1 - lineStart);
            }
            header = false;
            lineStart = lineEnd + 1;
        }
        DurableFiles.write(file, kept.toByteArray());
    }

    private static void closeStream(Stream stream) throws IOException {
        synchronized (stream) {
            stream.deleted = true;
            stream.closeChannel();
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

    /** Heap bytes held for events by all streams (see {@link Stream#indexBytes()}). */
    public long indexBytes() {
        long total = 0;
        for (Group group : groups.values()) {
            for (Stream stream : group.streams.values()) {
                total += stream.indexBytes();
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        sync();
        for (Group group : groups.values()) {
            for (Stream stream : group.streams.values()) {
                synchronized (stream) {
                    stream.closeChannel();
                }
            }
        }
    }

    /** For tests and listings: every group's streams. */
    Map<String, Group> groupMap() {
        return groups;
    }
}
