package io.stratus.storage.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes renames and deletes durable in batches: one thread applies every change queued while the
 * previous batch was being synced, in arrival order, then syncs each directory they touched once.
 * Concurrent writers so share one directory fsync instead of queueing behind one another's.
 * (Each writer fsyncs its own file content before it gets here, in parallel with the others.)
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** A change to a directory's entries, applied on the commit thread. */
    interface Change {
        /** The directory whose entries change. */
        Path directory();

        /** Applies the change (rename, delete) and whatever must follow it in order (index update). */
        void apply() throws IOException;
    }

    /** Syncs a directory; tests substitute one that can hold a batch back. */
    interface DirectorySync {
        void sync(Path directory) throws IOException;
    }

    private record Pending(Change change, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final DirectorySync directorySync;
    private final Thread thread;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean closed;

    GroupCommit(DirectorySync directorySync) {
        this.directorySync = directorySync;
        this.thread = new Thread(this::run, "stratus-storage-commit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Applies the change durably; returns once it and its directory are on disk. */
    void commit(Change change) throws IOException {
        if (closed) {
            throw new IOException("the object store is closed");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Pending(change, done));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get();
                    return;
                } catch (InterruptedException e) {
                    // the change is queued and will be applied; the caller must learn its outcome
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw new IOException(io.getMessage(), io);
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Directory syncs done so far. */
    long directorySyncs() {
        return syncs.get();
    }

    /** Changes waiting for the next batch. */
    int queued() {
        return queue.size();
    }

    /** Changes committed so far. */
    long changes() {
        return changes.get();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch);
            boolean stop = batch.remove(STOP);
            commitBatch(batch);
            if (stop) {
                return;
            }
        }
    }

    private void commitBatch(List<Pending> batch) {
        List<Pending> applied = new ArrayList<>(batch.size());
        Set<Path> directories = new LinkedHashSet<>();
        for (Pending pending : batch) {
            try {
                pending.change().apply();
                applied.add(pending);
                directories.add(pending.change().directory());
            } catch (IOException | RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
        List<Path> failed = new ArrayList<>();
        IOException failure = null;
        for (Path directory : directories) {
            try {
                directorySync.sync(directory);
                syncs.incrementAndGet();
            } catch (IOException e) {
                LOG.error("Cannot sync directory {}", directory, e);
                failed.add(directory);
                failure = e;
            }
        }
        for (Pending pending : applied) {
            if (failed.contains(pending.change().directory())) {
                pending.done().completeExceptionally(failure);
            } else {
                changes.incrementAndGet();
                pending.done().complete(null);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // anything that raced the close is refused rather than left waiting
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        for (Pending pending : left) {
            if (pending.done() != null) {
                pending.done().completeExceptionally(new IOException("the object store is closed"));
            }
        }
    }
}
