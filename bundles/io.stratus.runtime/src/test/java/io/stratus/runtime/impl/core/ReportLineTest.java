package io.stratus.runtime.impl.core;

import static org.junit.Assert.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.Test;

public class ReportLineTest {

    /* the line as it was written with String.format, which the hand-built one must equal */
    private static String formatted(String requestId, long duration, long init, long allocated, int memory) {
        long billed = Math.max(1, (duration + 999_999) / 1_000_000);
        long usedMb = Math.max(1, (allocated + (1 << 20) - 1) >> 20);
        String line = String.format(Locale.ROOT,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: %d MB\tMax Memory Used: %d MB",
                requestId, duration / 1e6, billed, memory, usedMb);
        if (init >= 0) {
            line += String.format(Locale.ROOT, "\tInit Duration: %.2f ms", init / 1e6);
        }
        return line;
    }

    @Test
    public void theReportLineIsAwssFormat() {
        assertEquals("REPORT RequestId: r-1\tDuration: 2.06 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\t"
                + "Max Memory Used: 2 MB", FunctionHost.report("r-1", 2_055_000, -1, (1 << 20) + 1, 128));
        assertEquals("REPORT RequestId: r-2\tDuration: 0.00 ms\tBilled Duration: 1 ms\tMemory Size: 10240 MB\t"
                + "Max Memory Used: 1 MB\tInit Duration: 0.05 ms", FunctionHost.report("r-2", 0, 49_999, 0, 10_240));
    }

    @Test
    public void durationsRoundHalfUpToTwoDecimalsAsStringFormatDid() {
        long[] edges = {0, 1, 4_999, 5_000, 9_999, 10_000, 994_999, 995_000, 999_999, 1_000_000, 1_005_000, 2_054_999,
                2_055_000, 99_995_000, 899_999_999_999L, 123_456_785_000L};
        for (long nanos : edges) {
            assertEquals(formatted("e", nanos, nanos, nanos, 128), FunctionHost.report("e", nanos, nanos, nanos, 128));
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // up to about 18 minutes (beyond the longest timeout), every magnitude equally often
            long nanos = random.nextLong(1L << random.nextInt(1, 40));
            long init = random.nextBoolean() ? -1 : random.nextLong(10_000_000_000L);
            long allocated = random.nextLong(1L << 34);
            assertEquals(formatted("id", nanos, init, allocated, 512), FunctionHost.report("id", nanos, init, allocated, 512));
        }
    }
}
