package io.stratus.monitoring.impl.billing;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.monitoring.impl.billing.Billing.Charge;
import io.stratus.monitoring.impl.billing.Billing.MonthBill;
import io.stratus.monitoring.impl.billing.Billing.Prices;

public class BillingTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private static final Instant NOVEMBER = Instant.parse("2026-11-15T12:00:00Z");
    /* no free tier, so single invocations show their price */
    private static final Prices NO_FREE_TIER = new Prices(new BigDecimal("0.20"), new BigDecimal("0.0000166667"), 0,
            BigDecimal.ZERO);

    private Billing billing(Prices prices) {
        return new Billing(folder.getRoot().toPath().resolve("billing"), prices);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    public void durationsRoundUpToTheNextMillisecondAndAtLeastOne() {
        assertEquals(1, Billing.billedMillis(0));
        assertEquals(1, Billing.billedMillis(100_000)); // 0.1 ms
        assertEquals(1, Billing.billedMillis(1_000_000)); // 1 ms
        assertEquals(2, Billing.billedMillis(1_000_100)); // 1.0001 ms
        assertEquals(2, Billing.billedMillis(1_999_999));
        assertEquals(3_000, Billing.billedMillis(3_000_000_000L));
    }

    @Test
    public void gbSecondsAreMemoryInGbTimesBilledSeconds() {
        Billing billing = billing(NO_FREE_TIER);
        Charge small = billing.charge("f", NOVEMBER, 100_000, 128);
        assertEquals(0, usd("0.000125").compareTo(small.gbSeconds())); // 1 ms at 0.125 GB
        Charge big = billing.charge("f", NOVEMBER, 1_000_000_000L, 10_240);
        assertEquals(0, usd("10").compareTo(big.gbSeconds())); // 1 s at 10 GB
        Charge odd = billing.charge("f", NOVEMBER, 1_000_100, 1_536);
        assertEquals(0, usd("0.003").compareTo(odd.gbSeconds())); // 2 ms at 1.5 GB
    }

    @Test
    public void anInvocationCostsItsRequestAndItsGbSeconds() {
        Billing billing = billing(NO_FREE_TIER);
        Charge charge = billing.charge("f", NOVEMBER, 1_000_000_000L, 1024);
        // $0.20 / 1M requests + 1 GB-s × $0.0000166667
        assertEquals(usd("0.0000002000").add(usd("0.0000166667")), charge.cost());
    }

    @Test
    public void costsArePerCalendarMonthInUtc() {
        Billing billing = billing(NO_FREE_TIER);
        billing.charge("f", Instant.parse("2026-10-31T23:59:59.999Z"), 1_000_000, 128);
        billing.charge("f", Instant.parse("2026-11-01T00:00:00Z"), 1_000_000, 128);
        billing.charge("f", Instant.parse("2026-11-30T23:59:59Z"), 1_000_000, 128);
        assertEquals(1, billing.bill(YearMonth.of(2026, 10)).account().requests());
        assertEquals(2, billing.bill(YearMonth.of(2026, 11)).account().requests());
        assertEquals(0, billing.bill(YearMonth.of(2026, 12)).account().requests());
    }

    @Test
    public void theFreeTierCoversRequestsUntilItIsUsedUpAndTheCrossingInvocationPaysTheRest() {
        Prices prices = new Prices(new BigDecimal("0.20"), BigDecimal.ZERO, 2, BigDecimal.ZERO);
        Billing billing = billing(prices);
        assertEquals(0, billing.charge("f", NOVEMBER, 1, 128).cost().signum());
        assertEquals(0, billing.charge("f", NOVEMBER, 1, 128).cost().signum());
        assertEquals(usd("0.0000002000"), billing.charge("f", NOVEMBER, 1, 128).cost());
        MonthBill bill = billing.bill(YearMonth.of(2026, 11));
        assertEquals(2, bill.freeRequestsUsed());
        assertEquals(usd("0.0000002000"), bill.total());
    }

    @Test
    public void theFreeTierOfGbSecondsIsCrossedWithinOneInvocation() {
        // free: 0.5 GB-s; an invocation of 1 s at 1 GB uses the rest of it and pays for 0.5 GB-s
        Prices prices = new Prices(BigDecimal.ZERO, new BigDecimal("0.0000166667"), 0, new BigDecimal("0.5"));
        Billing billing = billing(prices);
        Charge crossing = billing.charge("f", NOVEMBER, 1_000_000_000L, 1024);
        assertEquals(usd("0.0000083334"), crossing.cost()); // 0.5 × 0.0000166667, rounded half up
        MonthBill bill = billing.bill(YearMonth.of(2026, 11));
        assertEquals(0, new BigDecimal("0.5").compareTo(bill.freeGbSecondsUsed()));
        assertEquals(crossing.cost(), bill.total());
    }

    @Test
    public void awsDefaultsGiveAMillionRequestsAndFourHundredThousandGbSecondsFree() {
        Billing billing = billing(Prices.AWS);
        // 400,000 GB-s = 3,200,000 s at 128 MB; one 3,200,000 s "invocation" stands for many
        Charge charge = billing.charge("f", NOVEMBER, 3_200_000_000_000_000L, 128);
        assertEquals(0, charge.cost().signum());
        Charge next = billing.charge("f", NOVEMBER, 1_000_000_000L, 1024);
        assertEquals(usd("0.0000166667"), next.cost());
    }

    @Test
    public void theBillListsFunctionsWithTheirCostBeforeTheFreeTier() {
        Billing billing = billing(Prices.AWS);
        billing.charge("b", NOVEMBER, 1_000_000_000L, 1024);
        billing.charge("a", NOVEMBER, 500_000_000L, 2048);
        MonthBill bill = billing.bill(YearMonth.of(2026, 11));
        assertEquals("a", bill.functions().get(0).functionName());
        assertEquals(0, BigDecimal.ONE.compareTo(bill.functions().get(0).usage().gbSeconds()));
        assertEquals(usd("0.0000166667"), bill.functions().get(0).computeCost());
        assertEquals(usd("0.0000002000"), bill.functions().get(1).requestCost());
        assertEquals(0, bill.total().signum());
    }

    @Test
    public void billsSurviveARestart() throws Exception {
        Billing billing = billing(Prices.AWS);
        billing.charge("f", NOVEMBER, 1_000_100, 128);
        billing.charge("f", NOVEMBER, 1_000_100, 128);
        billing.save();
        Billing restarted = billing(Prices.AWS);
        restarted.load();
        assertEquals(2, restarted.bill(YearMonth.of(2026, 11)).account().requests());
        assertEquals(2 * 2 * 128, restarted.bill(YearMonth.of(2026, 11)).account().mbMillis());
    }

    @Test
    public void chargesOfAMonthAddUpToItsBillAcrossTheFreeTierMonthsAndAPriceChange() {
        // free: 3 requests and 0.25 GB-s; each invocation 100 ms at 1 GB = 0.1 GB-s
        Prices prices = new Prices(new BigDecimal("0.20"), new BigDecimal("0.0000166667"), 3, new BigDecimal("0.25"));
        Billing billing = billing(prices);
        BigDecimal november = BigDecimal.ZERO;
        BigDecimal december = BigDecimal.ZERO;
        Instant decemberFirst = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < 6; i++) {
            // alternate months, so each charge continues its own month's running total
            november = november.add(billing.charge("f", NOVEMBER, 100_000_000L, 1024).cost());
            december = december.add(billing.charge("g", decemberFirst, 100_000_000L, 1024).cost());
        }
        assertEquals(billing.bill(YearMonth.of(2026, 11)).total(), november);
        assertEquals(billing.bill(YearMonth.of(2026, 12)).total(), december);
        // 3 paid requests (0.0000006) and 0.35 paid GB-s (0.0000058333)
        assertEquals(usd("0.0000064333"), november);
        assertEquals(november, december);
        // the first two charges were inside the free tier, the third crossed the GB-s part of it
        Billing fresh = billing(prices);
        assertEquals(usd("0E-10"), fresh.charge("f", NOVEMBER, 100_000_000L, 1024).cost());
        assertEquals(usd("0E-10"), fresh.charge("f", NOVEMBER, 100_000_000L, 1024).cost());
        assertEquals(usd("0.0000008333"), fresh.charge("f", NOVEMBER, 100_000_000L, 1024).cost());

        // new prices: the next charge is priced by them before and after it (0.0000004 + 0.0000033333)
        Prices doubled = new Prices(new BigDecimal("0.40"), new BigDecimal("0.0000333333"), 3, new BigDecimal("0.25"));
        billing.prices(doubled);
        Charge repriced = billing.charge("f", NOVEMBER, 100_000_000L, 1024);
        assertEquals(usd("0.0000037333"), repriced.cost());
    }

    @Test
    public void aRestartedBillingContinuesTheMonthsRunningTotal() throws Exception {
        Prices prices = new Prices(BigDecimal.ZERO, new BigDecimal("0.0000166667"), 0, new BigDecimal("0.15"));
        Billing billing = billing(prices);
        assertEquals(0, billing.charge("f", NOVEMBER, 100_000_000L, 1024).cost().signum());
        billing.save();
        Billing restarted = billing(prices);
        restarted.load();
        // 0.1 GB-s already used: 0.05 GB-s of this one are free, 0.05 paid
        assertEquals(usd("0.0000008333"), restarted.charge("f", NOVEMBER, 100_000_000L, 1024).cost());
    }
}
