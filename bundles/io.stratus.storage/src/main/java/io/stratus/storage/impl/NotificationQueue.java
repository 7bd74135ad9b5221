package io.stratus.storage.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.Invoker;

/**
 * Bucket events on their way to functions. An event is written durably to
 * {@code <data>/storage/events/} before the request that caused it is answered, then handed to the
 * runtime's asynchronous {@link Invoker} (durable from there on) and removed. Events the runtime
 * refuses for now (function not deployed yet, e.g. during start-up) are offered again with
 * back-off until they are six hours old. Delivery is at least once.
 */
final class NotificationQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationQueue.class);
    private static final Gson GSON = new Gson();
    static final Duration MAX_AGE = Duration.ofHours(6);
    private static final long MAX_BACKOFF_MS = 60_000;

    /** One queued event as stored. */
    static final class Event {
        String function;
        String payload;
        long created;
        int attempts;
    }

    private final class Entry implements Delayed {
        final Path file;
        final Event event;
        final long dueNanos;

        Entry(Path file, Event event, long dueNanos) {
            this.file = file;
            this.event = event;
            this.dueNanos = dueNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Entry) other).dueNanos);
        }
    }

    private final Path dir;
    private final Invoker invoker;
    private final Clock clock;
    private final DelayQueue<Entry> queue = new DelayQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    NotificationQueue(Path dir, Invoker invoker, Clock clock) throws IOException {
        this.dir = dir;
        this.invoker = invoker;
        this.clock = clock;
        Files.createDirectories(dir);
        DurableFiles.recover(dir);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            try {
                Event event = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Event.class);
                if (event == null || event.function == null || event.payload == null) {
                    throw new JsonParseException("incomplete event");
                }
                queue.add(new Entry(file, event, System.nanoTime()));
            } catch (JsonParseException e) {
                LOG.error("Dropping unreadable bucket event {}: {}", file, e.getMessage());
                DurableFiles.delete(file);
            }
        }
        if (!files.isEmpty()) {
            LOG.info("{} bucket events from before the last stop are queued again", queue.size());
        }
        thread = new Thread(this::run, "stratus-storage-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stores the event durably and queues it; returns once it would survive a crash. */
    void enqueue(String function, String payload) throws IOException {
        Event event = new Event();
        event.function = function;
        event.payload = payload;
        event.created = clock.millis();
        String name = String.format("%016x-%08x-%s.json", event.created, sequence.incrementAndGet() & 0xffffffffL,
                Long.toHexString(System.nanoTime()));
        Path file = dir.resolve(name);
        DurableFiles.write(file, GSON.toJson(event).getBytes(StandardCharsets.UTF_8));
        queue.add(new Entry(file, event, System.nanoTime()));
    }

    /** Events not yet accepted by the runtime. */
    int pending() {
        return queue.size();
    }

    private void run() {
        while (running) {
            Entry entry;
            try {
                entry = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            deliver(entry);
        }
    }

    private void deliver(Entry entry) {
        Event event = entry.event;
        try {
            invoker.invokeAsync(InvocationRequest.of(event.function,
                    event.payload.getBytes(StandardCharsets.UTF_8)));
            remove(entry);
        } catch (FunctionException | RuntimeException e) {
            event.attempts++;
            if (clock.millis() - event.created > MAX_AGE.toMillis()) {
                LOG.error("Dropping a bucket event for function {} after {} attempts over {}: {}", event.function,
                        event.attempts, MAX_AGE, e.getMessage());
                remove(entry);
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MS, 500L << Math.min(event.attempts, 10));
            LOG.debug("Bucket event for {} not accepted ({}); again in {} ms", event.function, e.getMessage(), backoff);
            if (running) {
                queue.add(new Entry(entry.file, event, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff)));
            }
        }
    }

    private void remove(Entry entry) {
        try {
            DurableFiles.delete(entry.file);
        } catch (IOException e) {
            // it stays on disk and is delivered again after a restart: a duplicate, never a loss
            LOG.warn("Cannot remove delivered bucket event {}: {}", entry.file, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
