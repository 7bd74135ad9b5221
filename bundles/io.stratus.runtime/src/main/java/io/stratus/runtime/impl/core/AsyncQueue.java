package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.impl.handler.JsonMapping;

/**
 * Asynchronous invocations: each accepted event is a file in {@code runtime/async/} until it
 * succeeds or becomes a dead letter in {@code runtime/dead-letters/<function>/}. A dispatcher runs
 * due events, retrying failures after 1 and then 2 more minutes (per the function's
 * {@link EventInvokeConfig}) and re-queuing throttled ones with back-off. Times come from the
 * injectable clock.
 */
final class AsyncQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncQueue.class);

    /* How often due times are re-checked, so a moved test clock fires retries promptly. */
    private static final long POLL_MILLIS = 100;
    private static final long[] RETRY_DELAYS_MILLIS = {60_000, 120_000};
    private static final long MAX_BACKOFF_MILLIS = 5 * 60_000;

    /** What the queue needs from the host. */
    interface Runner {
        /** Runs one attempt of the event with its own request id. */
        InvocationResult run(String functionName, String requestId, byte[] payload) throws FunctionException;

        /** The function's async settings, or null when it is not registered now. */
        EventInvokeConfig eventInvokeConfig(String functionName);

        /** Storing an event's dead letter failed; the event stays queued. */
        void deadLetterFailed(String functionName, String requestId, IOException error);
    }

    /**
     * An accepted event as stored on disk.
     *
     * @param payload   base64 of the event bytes
     * @param attempts  invocations made so far
     * @param throttles throttled attempts so far (they use no retry)
     * @param accepted  epoch millis when accepted
     * @param due       epoch millis of the next attempt
     */
    record Event(String requestId, String functionName, String payload, int attempts, int throttles, long accepted,
            long due, String errorType, String errorMessage) {

        byte[] bytes() {
            return Base64.getDecoder().decode(payload);
        }

        Event next(int newAttempts, int newThrottles, long newDue, String type, String message) {
            return new Event(requestId, functionName, payload, newAttempts, newThrottles, accepted, newDue, type,
                    message);
        }
    }

    /** A dead letter as stored on disk. */
    record StoredDeadLetter(String requestId, String functionName, String payload, int attempts, String errorType,
            String errorMessage, long accepted, long failed) {

        DeadLetter toDeadLetter() {
            return new DeadLetter(requestId, functionName, Base64.getDecoder().decode(payload), attempts, errorType,
                    errorMessage, Instant.ofEpochMilli(accepted), Instant.ofEpochMilli(failed));
        }
    }

    private final Path eventsDirectory;
    private final Path deadLetterDirectory;
    private final Supplier<Clock> clock;
    private final Runner runner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Event> queue = new PriorityQueue<>(Comparator.comparingLong(Event::due));
    private final ExecutorService attempts;
    private final Thread dispatcher;
    private volatile boolean running = true;

    AsyncQueue(Path runtimeDirectory, Supplier<Clock> clock, Runner runner) {
        this.eventsDirectory = runtimeDirectory.resolve("async");
        this.deadLetterDirectory = runtimeDirectory.resolve("dead-letters");
        this.clock = clock;
        this.runner = runner;
        AtomicInteger number = new AtomicInteger();
        this.attempts = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "stratus-async-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.dispatcher = new Thread(this::dispatch, "stratus-async-dispatcher");
        dispatcher.setDaemon(true);
    }

    /** Loads the events a previous run accepted but did not finish, then starts dispatching. */
    void start() throws IOException {
        DurableFiles.recover(eventsDirectory);
        DurableFiles.recover(deadLetterDirectory);
        int recovered = 0;
        if (Files.isDirectory(eventsDirectory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(eventsDirectory, "*.json")) {
                for (Path file : files) {
                    try {
                        Event event = JsonMapping.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                                Event.class);
                        enqueue(event);
                        recovered++;
                    } catch (JsonParseException | IOException e) {
                        LOG.warn("Skipping unreadable asynchronous event {}: {}", file, e.getMessage());
                    }
                }
            }
        }
        if (recovered > 0) {
            LOG.info("Recovered {} pending asynchronous events", recovered);
        }
        dispatcher.start();
    }

    /** Stores the event durably, then queues it to run at once. */
    void submit(String requestId, String functionName, byte[] payload) throws IOException {
        long now = clock.get().millis();
        Event event = new Event(requestId, functionName, Base64.getEncoder().encodeToString(payload), 0, 0, now, now,
                null, null);
        persist(event);
        enqueue(event);
    }

    /** Dead letters of one function, oldest first. */
    List<DeadLetter> deadLetters(String functionName) throws IOException {
        Path directory = deadLetterDirectory.resolve(functionName);
        List<StoredDeadLetter> stored = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
                for (Path file : files) {
                    try {
                        stored.add(JsonMapping.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8),
                                StoredDeadLetter.class));
                    } catch (JsonParseException e) {
                        LOG.warn("Skipping unreadable dead letter {}: {}", file, e.getMessage());
                    }
                }
            }
        }
        stored.sort(Comparator.comparingLong(StoredDeadLetter::failed).thenComparing(StoredDeadLetter::requestId));
        return stored.stream().map(StoredDeadLetter::toDeadLetter).toList();
    }

    boolean hasDeadLetters(String functionName) {
        return Files.isDirectory(deadLetterDirectory.resolve(functionName));
    }

    /** Events waiting (not counting those being attempted). */
    int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Event event) {
        lock.lock();
        try {
            queue.add(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dispatch() {
        while (running) {
            lock.lock();
            try {
                long now = clock.get().millis();
                while (!queue.isEmpty() && queue.peek().due() <= now) {
                    Event event = queue.poll();
                    attempts.execute(() -> attempt(event));
                }
                changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // e.g. the attempt pool was shut down while closing
                if (running) {
                    LOG.error("Asynchronous dispatcher error", e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private void attempt(Event event) {
        try {
            long now = clock.get().millis();
            EventInvokeConfig config = runner.eventInvokeConfig(event.functionName());
            EventInvokeConfig limits = config == null ? EventInvokeConfig.DEFAULT : config;
            if (now - event.accepted() > limits.maximumEventAgeInSeconds() * 1000L) {
                deadLetter(event, event.attempts(), "EventAgeExceeded", "Event older than "
                        + limits.maximumEventAgeInSeconds() + " seconds was not processed: "
                        + (event.errorMessage() == null ? "no successful attempt" : event.errorMessage()));
                return;
            }
            InvocationResult result;
            try {
                result = runner.run(event.functionName(), event.requestId(), event.bytes());
            } catch (FunctionException e) {
                if (!running) {
                    return;
                }
                if (e.status() == 429 || e.status() == 404 || e.status() == 409 || e.status() >= 500) {
                    // not the function's fault (throttled, not deployed right now): back off, keep retries
                    long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(event.throttles(), 16));
                    requeue(event.next(event.attempts(), event.throttles() + 1, now + backoff, e.code(),
                            e.getMessage()));
                } else {
                    deadLetter(event, event.attempts(), e.code(), e.getMessage());
                }
                return;
            }
            if (!running) {
                // interrupted by shutdown: the file stays, the event runs again after a restart
                return;
            }
            if (!result.failed()) {
                DurableFiles.delete(eventFile(event.requestId()));
                return;
            }
            String[] error = errorOf(result);
            int attemptsMade = event.attempts() + 1;
            long finished = clock.get().millis();
            if (attemptsMade > limits.maximumRetryAttempts()) {
                deadLetter(event, attemptsMade, error[0], error[1]);
            } else {
                long delay = RETRY_DELAYS_MILLIS[Math.min(attemptsMade, RETRY_DELAYS_MILLIS.length) - 1];
                requeue(event.next(attemptsMade, event.throttles(), finished + delay, error[0], error[1]));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Asynchronous event {} of {} could not be processed; it stays queued", event.requestId(),
                    event.functionName(), e);
            requeue(event.next(event.attempts(), event.throttles() + 1, clock.get().millis() + MAX_BACKOFF_MILLIS,
                    event.errorType(), event.errorMessage()));
        }
    }

    private static String[] errorOf(InvocationResult result) {
        try {
            com.google.gson.JsonObject doc = JsonMapping.GSON.fromJson(
                    new String(result.payload(), StandardCharsets.UTF_8), com.google.gson.JsonObject.class);
            String type = doc.has("errorType") ? doc.get("errorType").getAsString() : result.functionError();
            String message = doc.has("errorMessage") && !doc.get("errorMessage").isJsonNull()
                    ? doc.get("errorMessage").getAsString() : null;
            return new String[] {type, message};
        } catch (RuntimeException e) {
            return new String[] {result.functionError(), null};
        }
    }

    private void requeue(Event event) {
        try {
            persist(event);
        } catch (IOException e) {
            // the previous version of the file still holds the event: it is retried after a restart
            LOG.warn("Cannot update asynchronous event {}: {}", event.requestId(), e.getMessage());
        }
        enqueue(event);
    }

    private void deadLetter(Event event, int attemptsMade, String errorType, String errorMessage) throws IOException {
        StoredDeadLetter letter = new StoredDeadLetter(event.requestId(), event.functionName(), event.payload(),
                attemptsMade, errorType, errorMessage, event.accepted(), clock.get().millis());
        try {
            DurableFiles.write(deadLetterDirectory.resolve(event.functionName()).resolve(event.requestId() + ".json"),
                    JsonMapping.GSON.toJson(letter).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            runner.deadLetterFailed(event.functionName(), event.requestId(), e);
            throw e;
        }
        DurableFiles.delete(eventFile(event.requestId()));
        LOG.warn("Asynchronous event {} of {} became a dead letter after {} attempts: {} {}", event.requestId(),
                event.functionName(), attemptsMade, errorType, errorMessage);
    }

    private void persist(Event event) throws IOException {
        DurableFiles.write(eventFile(event.requestId()), JsonMapping.GSON.toJson(event).getBytes(StandardCharsets.UTF_8));
    }

    private Path eventFile(String requestId) {
        return eventsDirectory.resolve(requestId + ".json");
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        attempts.shutdownNow();
        try {
            dispatcher.join(1000);
            attempts.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
