package io.stratus.runtime.impl.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, a grace period after a timeout, whether the interrupted worker really stopped. A thread
 * still running counts as stuck (logged with its stack, listed in health) until it ends.
 */
final class Watchdog {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final ScheduledExecutorService scheduler;
    private final long graceMillis;
    private final Set<Invocation> stuck = ConcurrentHashMap.newKeySet();

    Watchdog(ScheduledExecutorService scheduler, long graceMillis) {
        this.scheduler = scheduler;
        this.graceMillis = graceMillis;
    }

    /** Called when an invocation timed out and its thread was interrupted. */
    void watch(Invocation invocation) {
        scheduler.schedule(() -> check(invocation), graceMillis, TimeUnit.MILLISECONDS);
    }

    private void check(Invocation invocation) {
        if (invocation.finished()) {
            return;
        }
        stuck.add(invocation);
        // the worker may have ended between the check and the add
        if (invocation.finished()) {
            stuck.remove(invocation);
            return;
        }
        Thread thread = invocation.thread();
        Throwable where = new Throwable("stack of " + (thread == null ? "?" : thread.getName()));
        if (thread != null) {
            where.setStackTrace(thread.getStackTrace());
        }
        LOG.warn("Function {} thread {} ignores interruption {} ms after its timeout (request {}); it keeps running",
                invocation.functionName(), thread == null ? "?" : thread.getName(), graceMillis,
                invocation.requestId(), where);
    }

    /** Called by every invocation when its worker ends. */
    void ended(Invocation invocation) {
        if (stuck.remove(invocation)) {
            Thread thread = invocation.thread();
            LOG.info("Function {} thread {} ended after ignoring its timeout", invocation.functionName(),
                    thread == null ? "?" : thread.getName());
        }
    }

    int stuckCount() {
        return stuck.size();
    }

    /** {@code function:thread} of every stuck thread, sorted. */
    List<String> stuckThreads() {
        List<String> names = new ArrayList<>();
        for (Invocation invocation : stuck) {
            Thread thread = invocation.thread();
            names.add(invocation.functionName() + ":" + (thread == null ? "?" : thread.getName()));
        }
        names.sort(null);
        return names;
    }
}
