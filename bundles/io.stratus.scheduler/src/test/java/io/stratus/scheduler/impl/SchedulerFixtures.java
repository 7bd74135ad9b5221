package io.stratus.scheduler.impl;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.stratus.lambda.api.FunctionPolicies;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;

/** A clock the tests move, an invoker that records (and can hold up) asynchronous invocations. */
final class SchedulerFixtures {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private SchedulerFixtures() {
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    static String ruleArn(String name) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name;
    }

    /**
     * Functions' resource-based policies as pairs of function and rule ARN, as AddPermission with
     * Principal events.amazonaws.com and that SourceArn would allow them; remembers what was asked.
     */
    static final class Permissions implements FunctionPolicies {
        final Set<String> allowed = ConcurrentHashMap.newKeySet();
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        void permit(String function, String rule) {
            allowed.add(function + " " + ruleArn(rule));
        }

        @Override
        public Decision mayInvoke(String function, String qualifier, String service, String sourceArn,
                String sourceAccount) {
            asked.add(function + " " + sourceArn);
            boolean allowed = service.equals(EVENTS) && ACCOUNT.equals(sourceAccount)
                    && this.allowed.contains(function + " " + sourceArn);
            return new Decision(allowed, allowed ? "allowed" : "no statement allows " + sourceArn);
        }
    }

    static LocalScheduler.Config config() {
        return new LocalScheduler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalScheduler.Config.class;
            }

            @Override
            public long maxSleepMillis() {
                return 5;
            }

            @Override
            public int deliveryThreads() {
                return 4;
            }
        };
    }

    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        Instant advance(Duration amount) {
            return now.updateAndGet(t -> t.plus(amount));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Records each asynchronous invocation; functions named in {@code held} wait for {@link #release()}. */
    static final class RecordingInvoker implements Invoker {
        final LinkedBlockingQueue<InvocationRequest> async = new LinkedBlockingQueue<>();
        final Set<String> held = ConcurrentHashMap.newKeySet();
        final Map<String, FunctionException> refusals = new ConcurrentHashMap<>();
        private final CountDownLatch release = new CountDownLatch(1);

        @Override
        public InvocationResult invoke(InvocationRequest request) {
            throw new AssertionError("the scheduler invokes asynchronously only");
        }

        @Override
        public String invokeAsync(InvocationRequest request) throws FunctionException {
            FunctionException refusal = refusals.get(request.functionName());
            if (refusal != null) {
                throw refusal;
            }
            if (held.contains(request.functionName())) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            async.add(request);
            return "request-" + async.size();
        }

        void release() {
            release.countDown();
        }

        InvocationRequest next() throws InterruptedException {
            InvocationRequest request = async.poll(10, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("no invocation within 10 s");
            }
            return request;
        }
    }
}
