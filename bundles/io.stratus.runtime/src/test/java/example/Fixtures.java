package example;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * State shared between tests and the fixture functions (which are loaded by their own, sandboxing
 * class loader; this class is not, so both sides see the same latches).
 */
public final class Fixtures {
    private static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> CALLS = new ConcurrentHashMap<>();
    public static volatile boolean released;

    private Fixtures() {
    }

    public static CountDownLatch latch(String name) {
        return LATCHES.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    public static CountDownLatch latch(String name, int count) {
        return LATCHES.computeIfAbsent(name, k -> new CountDownLatch(count));
    }

    public static void record(String key, String value) {
        CALLS.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    public static List<String> calls(String key) {
        return CALLS.getOrDefault(key, List.of());
    }

    public static void reset() {
        LATCHES.values().forEach(l -> {
            while (l.getCount() > 0) {
                l.countDown();
            }
        });
        LATCHES.clear();
        CALLS.clear();
        released = false;
    }
}
