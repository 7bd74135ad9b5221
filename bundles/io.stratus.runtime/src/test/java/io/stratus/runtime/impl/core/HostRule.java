package io.stratus.runtime.impl.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

import example.Fixtures;
import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;

/** A {@link FunctionHost} over a temporary data directory, a movable clock and recorded listener calls. */
final class HostRule extends ExternalResource {

    final TemporaryFolder folder = new TemporaryFolder();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    final LinkedBlockingQueue<InvocationRecord> records = new LinkedBlockingQueue<>();
    private final List<FunctionHost> hosts = new ArrayList<>();
    int accountConcurrency = 1000;
    long graceMillis = 200;
    FunctionHost host;

    @Override
    protected void before() throws Throwable {
        Fixtures.reset();
        folder.create();
        host = newHost();
    }

    @Override
    protected void after() {
        Fixtures.released = true;
        Fixtures.reset();
        Fixtures.released = true;
        hosts.forEach(FunctionHost::close);
        folder.delete();
    }

    Path dataDirectory() {
        return folder.getRoot().toPath();
    }

    /** A host over the same data directory (a "restart" when the previous one is closed first). */
    FunctionHost newHost() throws IOException {
        Map<String, String> processEnv = new HashMap<>();
        processEnv.put("PATH", "/usr/bin");
        processEnv.put("AWS_SECRET_ACCESS_KEY", "platform-secret");
        RuntimeSettings settings = new RuntimeSettings("us-east-1", "000000000000", 4566, dataDirectory(),
                accountConcurrency, graceMillis, () -> clock, processEnv);
        FunctionHost created = new FunctionHost(settings);
        created.addListener(records::add);
        created.start();
        hosts.add(created);
        return created;
    }

    void restartWith(int account) throws IOException {
        host.close();
        accountConcurrency = account;
        host = newHost();
    }

    static Map<String, Object> function(String name, Class<?> handler, Object... attributes) {
        Map<String, Object> map = new HashMap<>();
        map.put(FunctionNamespace.NAMESPACE, name);
        map.put(FunctionNamespace.HANDLER_CLASS, handler.getName());
        for (int i = 0; i < attributes.length; i += 2) {
            map.put((String) attributes[i], attributes[i + 1]);
        }
        return map;
    }

    TestCode deploy(long bundleId, Map<String, Object>... functions) {
        TestCode code = new TestCode(bundleId, "bundle" + bundleId);
        host.deploy(code, List.of(functions));
        return code;
    }

    InvocationResult invoke(String name, String payload) throws FunctionException {
        return host.invoke(InvocationRequest.of(name, payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** The next record listeners received (they are told off the caller's thread). */
    InvocationRecord nextRecord() throws InterruptedException {
        InvocationRecord record = records.poll(10, TimeUnit.SECONDS);
        if (record == null) {
            throw new AssertionError("no invocation record arrived");
        }
        return record;
    }

    /** Waits for a condition another thread brings about (at most 10 s). */
    static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }

    static String text(InvocationResult result) {
        return new String(result.payload(), StandardCharsets.UTF_8);
    }
}
