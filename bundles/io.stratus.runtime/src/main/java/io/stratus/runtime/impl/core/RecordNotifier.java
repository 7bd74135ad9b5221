package io.stratus.runtime.impl.core;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;

/**
 * Hands invocation records to the listeners on one thread, in the order they were published.
 * An invoking thread only queues its record: it wakes the notifier only when that thread went to
 * sleep idle. While records keep coming the notifier delivers what is queued and then pauses
 * {@link #LINGER_NANOS} before looking again, so a busy platform pays one wake-up per batch rather
 * than a wake-up and context switch per invocation (on a few cores that hand-off costs more than the
 * listeners' own work). Records reach listeners at most a few milliseconds later than they would
 * one by one.
 */
final class RecordNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordNotifier.class);
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final List<InvocationListener> listeners;
    private final ConcurrentLinkedQueue<InvocationRecord> queue = new ConcurrentLinkedQueue<>();
    /* set by the notifier before it parks with nothing to do; whoever clears it wakes the notifier */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    RecordNotifier(List<InvocationListener> listeners, String threadName) {
        this.listeners = listeners;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a record for the listeners; after {@link #close()} records are dropped. */
    void publish(InvocationRecord record) {
        if (closed) {
            return;
        }
        queue.offer(record);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        while (true) {
            boolean delivered = deliverQueued();
            if (closed) {
                // what was published before close() still reaches the listeners
                deliverQueued();
                return;
            }
            if (delivered) {
                LockSupport.parkNanos(this, LINGER_NANOS);
                continue;
            }
            sleeping.set(true);
            // a record queued before the flag was visible is seen here; later ones unpark us
            if (queue.isEmpty() && !closed) {
                LockSupport.park(this);
            }
            sleeping.set(false);
        }
    }

    private boolean deliverQueued() {
        boolean any = false;
        for (InvocationRecord record = queue.poll(); record != null; record = queue.poll()) {
            any = true;
            for (InvocationListener listener : listeners) {
                try {
                    listener.invoked(record);
                } catch (RuntimeException e) {
                    LOG.warn("Invocation listener {} failed", listener, e);
                }
            }
        }
        return any;
    }

    /** Stops taking records; those already queued are still delivered. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
