package io.stratus.monitoring.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.monitoring.api.BillingReport;
import io.stratus.monitoring.impl.billing.Billing;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.Outcome;

public class MonitoringCoreTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void pricesAreReadFromConfigurationText() {
        Billing.Prices prices = MonitoringCore.prices(" 0.25 ", "0.00001", 10, 20);
        assertEquals(new BigDecimal("0.25"), prices.perMillionRequests());
        assertEquals(new BigDecimal("0.00001"), prices.perGbSecond());
        assertEquals(10, prices.freeRequests());
        assertEquals(0, BigDecimal.valueOf(20).compareTo(prices.freeGbSeconds()));
    }

    @Test
    public void pricesThatAreNotNonNegativeNumbersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MonitoringCore.prices("cheap", "0.1", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MonitoringCore.prices("-0.2", "0.1", 0, 0));
        assertThrows(IllegalArgumentException.class, () -> MonitoringCore.prices("0.2", "0.1", -1, 0));
    }

    @Test
    public void throttledInvocationsAreNeitherBilledNorLogged() throws Exception {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        TestClock clock = new TestClock(now);
        MonitoringCore core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        core.record(Records.of("f", "a", now, 1_000_000, 512, Outcome.THROTTLED));
        core.record(Records.of("f", "b", now, 1_000_000, 512, Outcome.TIMEOUT));
        BillingReport bill = core.billing(YearMonth.of(2026, 11));
        assertEquals(1, bill.requests());
        assertEquals(0, new BigDecimal("0.0005").compareTo(bill.gbSeconds()));
        assertEquals("START, END and REPORT of the timed-out one only", 3, core.logs("f", 0, 100).size());
        core.close();
    }

    @Test
    public void theTailsReportLineIsTheStoredOneAndTheInvocationIsChargedOnce() throws Exception {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        TestClock clock = new TestClock(now);
        // no free tier, so each charge shows in the cost
        Billing.Prices prices = new Billing.Prices(new BigDecimal("0.20"), new BigDecimal("0.0000166667"), 0,
                BigDecimal.ZERO);
        MonitoringCore core = new MonitoringCore(folder.getRoot().toPath(), prices, 15, () -> clock);
        InvocationRecord full = Records.of("f", "req-1", now, 1_500_000, 1024, Outcome.SUCCESS, "hello");
        String aws = full.log().get(full.log().size() - 1).message();
        InvocationRecord upToEnd = new InvocationRecord(full.requestId(), full.functionName(), full.version(),
                full.environmentId(), full.start(), full.durationNanos(), full.initDurationNanos(), full.memorySize(),
                full.outcome(), full.errorType(), full.asynchronous(), full.allocatedBytes(), full.cpuNanos(),
                full.log().subList(0, full.log().size() - 1));
        String tail = core.extendForTail(upToEnd, aws);
        // 0.20 / 1M requests + 0.002 GB-s × 0.0000166667, kept to 10 decimals
        assertEquals(aws + "\tCPU Time: 1.50 ms\tAllocated: 2048 bytes\tBilled GB-s: 0.002\tCost: 0.0000002333 USD",
                tail);
        // the runtime hands listeners the record with the extended line
        java.util.List<InvocationRecord.LogEvent> log = new java.util.ArrayList<>(upToEnd.log());
        log.add(new InvocationRecord.LogEvent(now.toEpochMilli(), tail));
        core.record(new InvocationRecord(full.requestId(), full.functionName(), full.version(), full.environmentId(),
                full.start(), full.durationNanos(), full.initDurationNanos(), full.memorySize(), full.outcome(),
                full.errorType(), full.asynchronous(), full.allocatedBytes(), full.cpuNanos(), log));
        java.util.List<io.stratus.monitoring.api.LogLine> stored = core.logs("f", 0, 100);
        assertEquals(tail, stored.get(stored.size() - 1).message());
        BillingReport bill = core.billing(YearMonth.of(2026, 11));
        assertEquals("charged once", 1, bill.requests());
        assertEquals(0, new BigDecimal("0.002").compareTo(bill.gbSeconds()));

        // without a tail the listener extends and charges as before (the month's total after it minus before it)
        core.record(Records.of("f", "req-2", now, 1_500_000, 1024, Outcome.SUCCESS));
        stored = core.logs("f", 0, 100);
        assertEquals(2, core.billing(YearMonth.of(2026, 11)).requests());
        assertEquals(stored.get(stored.size() - 1).message(),
                Records.of("f", "req-2", now, 1_500_000, 1024, Outcome.SUCCESS).log().get(2).message()
                        + "\tCPU Time: 1.50 ms\tAllocated: 2048 bytes\tBilled GB-s: 0.002\tCost: 0.0000002334 USD");
        core.close();
    }

    @Test
    public void millisecondsHaveTwoDecimalsRoundedHalfUp() {
        StringBuilder out = new StringBuilder();
        for (long nanos : new long[] {0, 4_999, 5_000, 1_500_000, 2_054_999, 2_055_000, 123_456_789_000L}) {
            MonitoringCore.appendMillis(out, nanos);
            out.append(' ');
        }
        assertEquals("0.00 0.00 0.01 1.50 2.05 2.06 123456.79 ", out.toString());
    }

    @Test
    public void invocationsAcrossMidnightAndMonthsGoToTheirDaysStreamsAndMonthsBills() throws Exception {
        Instant lastOfOctober = Instant.parse("2026-10-31T23:59:59.999Z");
        Instant firstOfNovember = Instant.parse("2026-11-01T00:00:00Z");
        TestClock clock = new TestClock(firstOfNovember);
        MonitoringCore core = new MonitoringCore(folder.getRoot().toPath(), Billing.Prices.AWS, 15, () -> clock);
        core.record(Records.of("f", "a", lastOfOctober, 2_000_000, 1024, Outcome.SUCCESS));
        core.record(Records.of("f", "b", firstOfNovember, 1_000_000, 1024, Outcome.SUCCESS));
        core.record(Records.of("f", "c", lastOfOctober, 3_000_000, 1024, Outcome.SUCCESS));
        assertEquals(java.util.List.of("2026/10/31/[$LATEST]env1", "2026/11/01/[$LATEST]env1"),
                core.logs().group("/aws/lambda/f").streams().stream().map(s -> s.name()).toList());
        assertEquals(6, core.logs().group("/aws/lambda/f").stream("2026/10/31/[$LATEST]env1").size());
        assertEquals(2, core.billing(YearMonth.of(2026, 10)).requests());
        assertEquals(0, new BigDecimal("0.005").compareTo(core.billing(YearMonth.of(2026, 10)).gbSeconds()));
        assertEquals(1, core.billing(YearMonth.of(2026, 11)).requests());
        java.util.List<String> reports = core.logs("f", 0, 100).stream().map(l -> l.message())
                .filter(m -> m.startsWith("REPORT")).toList();
        assertEquals(3, reports.size());
        assertEquals(1, reports.stream().filter(r -> r.contains("RequestId: a\t") && r.contains("Billed GB-s: 0.002\t"))
                .count());
        assertEquals(1, reports.stream().filter(r -> r.contains("RequestId: b\t") && r.contains("Billed GB-s: 0.001\t"))
                .count());
        assertEquals(1, reports.stream().filter(r -> r.contains("RequestId: c\t") && r.contains("Billed GB-s: 0.003\t"))
                .count());
        core.close();
    }
}
