import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.framework.BundleContext;

import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.impl.FileObjectStore;

/**
 * The store's part of an S3 GET of a small object: open + transfer to a discarding stream + close,
 * in CPU microseconds of the calling thread per GET (no HTTP, no signature). The object carries a
 * content type, a standard header, two user metadata entries and a checksum, like a typical upload.
 * Usage: StorageGetBench [object bytes] [warm-up GETs] [measured GETs] [rounds]
 */
public class StorageGetBench {

    public static void main(String[] args) throws Exception {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path data = Files.createTempDirectory("storage-get-bench");
        // the component's own constructor, given the data dir as the framework would
        BundleContext context = (BundleContext) Proxy.newProxyInstance(StorageGetBench.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (proxy, method, a) -> method.getName().equals("getProperty") && "stratus.data".equals(a[0])
                        ? data.toString() : null);
        FileObjectStore.Config config = (FileObjectStore.Config) Proxy.newProxyInstance(
                StorageGetBench.class.getClassLoader(), new Class<?>[] {FileObjectStore.Config.class},
                (proxy, method, a) -> switch (method.getName()) {
                    case "maxObjectSize" -> 1L << 30;
                    case "minPartSize" -> 5L << 20;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        FileObjectStore store = new FileObjectStore(context, config);
        try {
            store.createBucket("bench");
            byte[] body = new byte[size];
            new java.util.Random(1).nextBytes(body);
            store.put("bench", "dir/object-1.bin", new ByteArrayInputStream(body),
                    new ObjectMetadata("application/octet-stream", Map.of("Cache-Control", "max-age=60"),
                            Map.of("owner", "bench", "purpose", "get path")),
                    (n, md5) -> Map.of("CRC32", "AAAAAA=="));
            long[] sink = new long[1];
            OutputStream discard = new OutputStream() {
                @Override
                public void write(int b) {
                    sink[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sink[0] += len + b[off];
                }
            };
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            run(store, discard, warmUp);
            System.out.printf("object %d bytes, %d GETs per round%n", size, measured);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                run(store, discard, measured);
                double cpuUs = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / measured;
                double wallUs = (System.nanoTime() - wall) / 1000.0 / measured;
                best = Math.min(best, cpuUs);
                System.out.printf("round %d: %.2f µs CPU per GET (%.2f µs wall)%n", r + 1, cpuUs, wallUs);
            }
            System.out.printf("best: %.2f µs CPU per GET (sink %d)%n", best, sink[0]);
        } finally {
            store.close();
            try (Stream<Path> walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(FileObjectStore store, OutputStream out, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            try (ObjectContent content = store.open("bench", "dir/object-1.bin")) {
                content.transferTo(0, content.info().size(), out);
            }
        }
    }
}
