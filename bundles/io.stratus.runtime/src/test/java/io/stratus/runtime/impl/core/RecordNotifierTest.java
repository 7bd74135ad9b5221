package io.stratus.runtime.impl.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.stratus.runtime.api.InvocationListener;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.Outcome;

public class RecordNotifierTest {

    private final RecordNotifier notifier = new RecordNotifier("test-listeners");

    @After
    public void close() {
        notifier.close();
    }

    private static InvocationRecord record(String requestId) {
        return new InvocationRecord(requestId, "f", "$LATEST", "env", Instant.EPOCH, 1, -1, 128, Outcome.SUCCESS, null,
                false, 0, 0, List.of());
    }

    private static InvocationRecord next(LinkedBlockingQueue<InvocationRecord> received) throws InterruptedException {
        InvocationRecord record = received.poll(10, TimeUnit.SECONDS);
        assertNotNull("no record arrived", record);
        return record;
    }

    @Test
    public void recordsFromManyThreadsArriveOnceEachAndInEachThreadsOrder() throws Exception {
        LinkedBlockingQueue<InvocationRecord> received = new LinkedBlockingQueue<>();
        notifier.add(received::add);
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread producer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    notifier.publish(record(id + ":" + i));
                }
            });
            producer.start();
            producers.add(producer);
        }
        go.countDown();
        for (Thread producer : producers) {
            producer.join();
        }
        int[] nextOf = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            String[] id = next(received).requestId().split(":");
            int thread = Integer.parseInt(id[0]);
            assertEquals("order of thread " + thread, nextOf[thread]++, Integer.parseInt(id[1]));
        }
        assertNull(received.poll(50, TimeUnit.MILLISECONDS));
    }

    @Test
    public void aRecordAfterAnIdlePeriodWakesTheNotifier() throws Exception {
        LinkedBlockingQueue<InvocationRecord> received = new LinkedBlockingQueue<>();
        notifier.add(received::add);
        for (int i = 0; i < 3; i++) {
            notifier.publish(record("r" + i));
            assertEquals("r" + i, next(received).requestId());
            // wait until the notifier has gone to sleep with nothing queued, so the next record must wake it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (notifierThreadState() != Thread.State.WAITING) {
                assertTrue("the notifier never went idle", System.nanoTime() < deadline);
                Thread.onSpinWait();
            }
        }
    }

    private static Thread.State notifierThreadState() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("test-listeners")) {
                return thread.getState();
            }
        }
        throw new AssertionError("no notifier thread");
    }

    @Test
    public void aFailingListenerDoesNotKeepRecordsFromTheOthers() throws Exception {
        LinkedBlockingQueue<InvocationRecord> received = new LinkedBlockingQueue<>();
        notifier.add(record -> {
            throw new IllegalStateException("broken listener");
        });
        notifier.add(received::add);
        notifier.publish(record("a"));
        notifier.publish(record("b"));
        assertEquals("a", next(received).requestId());
        assertEquals("b", next(received).requestId());
    }

    @Test
    public void closeDeliversWhatWasQueuedAndDropsLaterRecords() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<InvocationRecord> received = new LinkedBlockingQueue<>();
        notifier.add(record -> {
            if (record.requestId().equals("first")) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.add(record);
        });
        notifier.publish(record("first"));
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        notifier.publish(record("queued"));
        notifier.close();
        notifier.publish(record("late"));
        release.countDown();
        assertEquals("first", next(received).requestId());
        assertEquals("queued", next(received).requestId());
        assertNull(received.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    public void aRecordGoesToTheListenersRegisteredWhenItWasPublishedAndStillRegistered() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LinkedBlockingQueue<InvocationRecord> first = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<InvocationRecord> removed = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<InvocationRecord> late = new LinkedBlockingQueue<>();
        InvocationListener removedListener = removed::add;
        notifier.add(record -> {
            if (record.requestId().equals("held")) {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            first.add(record);
        });
        notifier.add(removedListener);
        notifier.publish(record("held"));
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        // queued while the notifier is busy: goes to the two listeners registered now
        notifier.publish(record("before"));
        notifier.add(late::add);
        notifier.remove(removedListener);
        notifier.publish(record("after"));
        release.countDown();
        assertEquals("held", next(first).requestId());
        assertEquals("before", next(first).requestId());
        assertEquals("after", next(first).requestId());
        assertEquals("after", next(late).requestId());
        assertEquals("held", next(removed).requestId());
        assertNull("a removed listener hears no more", removed.poll(100, TimeUnit.MILLISECONDS));
        assertNull("a listener added later hears of no earlier invocation", late.poll(100, TimeUnit.MILLISECONDS));
    }
}
