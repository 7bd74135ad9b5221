package io.stratus.distribution.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. Registered as a {@code java.time.Clock} service,
 * it becomes the runtime's clock, so asynchronous retries and event ages happen when the test says
 * so instead of minutes later.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at {@code start}, in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the time forward (or back, for a negative amount); returns the new time. */
    public Instant advance(Duration amount) {
        return now.updateAndGet(instant -> instant.plus(amount));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The same moving time seen from another zone: advancing either moves both. */
    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new MutableClock(now, other);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "," + zone + "]";
    }
}
