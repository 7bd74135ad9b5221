package io.stratus.runtime.impl.core;

import java.util.concurrent.atomic.AtomicInteger;

import io.stratus.runtime.api.FunctionException;

/**
 * Concurrency permits: a function with reserved concurrency uses only its own; the others share what
 * the account limit leaves unreserved. Non-blocking: no permit means throttled at once.
 */
final class Concurrency {

    static final String RESERVED_LIMIT = "ReservedFunctionConcurrentInvocationLimitExceeded";
    static final String ACCOUNT_LIMIT = "ConcurrentInvocationLimitExceeded";

    private final int accountLimit;
    private final AtomicInteger unreservedInUse = new AtomicInteger();
    private volatile int reservedSum;

    Concurrency(int accountLimit) {
        this.accountLimit = accountLimit;
    }

    int accountLimit() {
        return accountLimit;
    }

    int unreserved() {
        return accountLimit - reservedSum;
    }

    /** What AWS keeps unreserved (100), scaled down for small configured account limits. */
    int minimumUnreserved() {
        return Math.min(100, accountLimit / 10);
    }

    void reservedSum(int sum) {
        reservedSum = sum;
    }

    int reservedSum() {
        return reservedSum;
    }

    /** Takes a permit for one invocation; the returned counter is handed back to {@link #release}. */
    AtomicInteger acquire(FunctionEntry entry) throws FunctionException {
        Integer reserved = entry.reserved;
        if (reserved != null) {
            if (!tryIncrement(entry.reservedInUse, reserved)) {
                throw FunctionException.throttled(RESERVED_LIMIT);
            }
            return entry.reservedInUse;
        }
        if (!tryIncrement(unreservedInUse, accountLimit - reservedSum)) {
            throw FunctionException.throttled(ACCOUNT_LIMIT);
        }
        return unreservedInUse;
    }

    void release(AtomicInteger permit) {
        permit.decrementAndGet();
    }

    private static boolean tryIncrement(AtomicInteger counter, int limit) {
        while (true) {
            int current = counter.get();
            if (current >= limit) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }
}
