package io.stratus.runtime.impl.core;

import java.util.Arrays;
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
 * one by one. A record goes to the listeners registered when it was published that are still
 * registered when it is delivered: a listener added later does not hear of earlier invocations.
 */
final class RecordNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecordNotifier.class);
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static final InvocationListener[] NONE = new InvocationListener[0];

    /** A record and the listeners registered when it was published. */
    private record Pending(InvocationRecord record, InvocationListener[] listeners) {
    }

    /* replaced, never changed, so a publisher can keep a reference as its snapshot */
    private volatile InvocationListener[] listeners = NONE;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /* set by the notifier before it parks with nothing to do; whoever clears it wakes the notifier */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    RecordNotifier(String threadName) {
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void add(InvocationListener listener) {
        InvocationListener[] more = Arrays.copyOf(listeners, listeners.length + 1);
        more[listeners.length] = listener;
        listeners = more;
    }

    synchronized void remove(InvocationListener listener) {
        InvocationListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                InvocationListener[] fewer = new InvocationListener[current.length - 1];
                System.arraycopy(current, 0, fewer, 0, i);
                System.arraycopy(current, i + 1, fewer, i, current.length - i - 1);
                listeners = fewer;
                return;
            }
        }
    }

    /**
     * Queues a record for the listeners registered now; without listeners, or after {@link #close()},
     * it is dropped.
     */
    void publish(InvocationRecord record) {
        InvocationListener[] to = listeners;
        if (to.length == 0 || closed) {
            return;
        }
        queue.offer(new Pending(record, to));
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
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            any = true;
            InvocationListener[] registered = listeners;
            for (InvocationListener listener : pending.listeners()) {
                if (!contains(registered, listener)) {
                    continue;
                }
                try {
                    listener.invoked(pending.record());
                } catch (RuntimeException e) {
                    LOG.warn("Invocation listener {} failed", listener, e);
                }
            }
        }
        return any;
    }

    private static boolean contains(InvocationListener[] listeners, InvocationListener listener) {
        for (InvocationListener l : listeners) {
            if (l == listener) {
                return true;
            }
        }
        return false;
    }

    /** Stops taking records; those already queued are still delivered. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
