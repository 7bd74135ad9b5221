package io.stratus.scheduler.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.Test;

/**
 * AWS's schedule expressions, as a table: the examples of the EventBridge documentation and the
 * edge cases (L, W, #, leap years, month ends, year bounds), each with the next fire time after a
 * fixed instant, and the expressions AWS refuses.
 */
public class ScheduleExpressionTest {

    /** Thursday 26 November 2026, 01:30 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-26T01:30:00Z");

    private static final Object[][] VALID = {
        // the EventBridge documentation's examples
        {"cron(0 10 * * ? *)", NOW, "2026-11-26T10:00:00Z"},
        {"cron(15 12 * * ? *)", NOW, "2026-11-26T12:15:00Z"},
        {"cron(0 18 ? * MON-FRI *)", NOW, "2026-11-26T18:00:00Z"},
        {"cron(0 8 1 * ? *)", NOW, "2026-12-01T08:00:00Z"},
        {"cron(0/15 * * * ? *)", NOW, "2026-11-26T01:45:00Z"},
        {"cron(0/10 * ? * MON-FRI *)", NOW, "2026-11-26T01:40:00Z"},
        {"cron(0/5 8-17 ? * MON-FRI *)", NOW, "2026-11-26T08:00:00Z"},
        {"cron(0 9 ? * 2#1 *)", NOW, "2026-12-07T09:00:00Z"},
        {"cron(0 12 * * ? *)", NOW, "2026-11-26T12:00:00Z"},
        {"cron(1/10 * * * ? *)", NOW, "2026-11-26T01:31:00Z"},
        // Day-of-week: 1 is Sunday, names, L (last) and # (nth)
        {"cron(0 12 ? * 1 *)", NOW, "2026-11-29T12:00:00Z"},
        {"cron(0 12 ? * SUN *)", NOW, "2026-11-29T12:00:00Z"},
        {"cron(0 12 ? * sat *)", NOW, "2026-11-28T12:00:00Z"},
        {"cron(0 0 ? * 6L *)", NOW, "2026-11-27T00:00:00Z"},
        {"cron(0 12 ? * 3#2 *)", NOW, "2026-12-08T12:00:00Z"},
        {"cron(0 0 ? * 5#5 *)", NOW, "2026-12-31T00:00:00Z"},
        {"cron(0 0 ? * 5#4 *)", NOW, "2026-12-24T00:00:00Z"},
        // Day-of-month: L (last day), W (nearest weekday, never across the month), LW
        {"cron(0 0 L * ? *)", NOW, "2026-11-30T00:00:00Z"},
        {"cron(0 0 L 2 ? *)", NOW, "2027-02-28T00:00:00Z"},
        {"cron(0 0 L 2 ? 2028)", NOW, "2028-02-29T00:00:00Z"},
        {"cron(0 0 15W * ? *)", Instant.parse("2026-11-01T00:00:00Z"), "2026-11-16T00:00:00Z"},
        {"cron(0 0 14W * ? *)", Instant.parse("2026-11-01T00:00:00Z"), "2026-11-13T00:00:00Z"},
        {"cron(0 0 1W * ? *)", Instant.parse("2026-07-15T00:00:00Z"), "2026-08-03T00:00:00Z"},
        {"cron(0 0 LW * ? *)", NOW, "2026-11-30T00:00:00Z"},
        {"cron(0 0 LW * ? *)", Instant.parse("2027-01-01T00:00:00Z"), "2027-01-29T00:00:00Z"},
        // leap years and month ends
        {"cron(0 0 29 2 ? *)", NOW, "2028-02-29T00:00:00Z"},
        {"cron(0 0 29 FEB ? *)", Instant.parse("2028-03-01T00:00:00Z"), "2032-02-29T00:00:00Z"},
        {"cron(0 0 29 2 ? 2100-2104)", NOW, "2104-02-29T00:00:00Z"},
        {"cron(0 0 31 * ? *)", NOW, "2026-12-31T00:00:00Z"},
        {"cron(0 0 31 * ? *)", Instant.parse("2027-01-31T00:00:00Z"), "2027-03-31T00:00:00Z"},
        {"cron(59 23 L 12 ? *)", NOW, "2026-12-31T23:59:00Z"},
        // months by name, lists and ranges; years
        {"cron(0 0 1 JAN,JUL ? *)", NOW, "2027-01-01T00:00:00Z"},
        {"cron(0 0 1 1 ? 2027)", NOW, "2027-01-01T00:00:00Z"},
        {"cron(0 0 1 1 ? 1970-2199)", NOW, "2027-01-01T00:00:00Z"},
        {"cron(0 0 1 1 ? 2026/2)", NOW, "2028-01-01T00:00:00Z"},
        {"cron(0 0 1 1 ? 1970)", Instant.parse("1969-06-01T00:00:00Z"), "1970-01-01T00:00:00Z"},
        // never again: a year in the past, a day that does not exist
        {"cron(0 0 1 1 ? 2020)", NOW, null},
        {"cron(0 0 30 2 ? *)", NOW, null},
        // rates count from the rule's creation (here NOW)
        {"rate(1 minute)", NOW, "2026-11-26T01:31:00Z"},
        {"rate(5 minutes)", NOW.plusSeconds(7 * 60), "2026-11-26T01:40:00Z"},
        {"rate(1 hour)", NOW.plusSeconds(3600), "2026-11-26T03:30:00Z"},
        {"rate(12 hours)", NOW, "2026-11-26T13:30:00Z"},
        {"rate(1 day)", NOW.minusSeconds(60), "2026-11-27T01:30:00Z"},
        {"rate(7 days)", NOW.plusSeconds(86_400), "2026-12-03T01:30:00Z"},
    };

    private static final String[][] INVALID = {
        {"cron(0 10 * * * *)", "exactly one of Day-of-month and Day-of-week must be ?"},
        {"cron(0 10 ? * ? *)", "exactly one of Day-of-month and Day-of-week must be ?"},
        {"cron(0 10 1 * MON *)", "exactly one of Day-of-month and Day-of-week must be ?"},
        {"cron(0 10 * * ?)", "6 fields"},
        {"cron(0 0 10 * * ? *)", "6 fields"},
        {"cron()", "6 fields"},
        {"cron(60 * * * ? *)", "invalid cron expression"},
        {"cron(0 24 * * ? *)", "invalid cron expression"},
        {"cron(0 0 32 * ? *)", "invalid cron expression"},
        {"cron(0 0 0 * ? *)", "invalid cron expression"},
        {"cron(0 0 ? 13 * *)", "invalid cron expression"},
        {"cron(0 0 ? * 8 *)", "invalid cron expression"},
        {"cron(0 0 ? * 3#1,6#3 *)", "one expression only"},
        {"cron(0 0 ? * 3#1-6#3 *)", "one expression only"},
        {"cron(0 0 1 1 ? 1969)", "1970-2199"},
        {"cron(0 0 1 1 ? 2200)", "1970-2199"},
        {"cron(0 0 1 1 ? 2100-2200)", "1970-2199"},
        {"cron(0 0 ? * 1/2 *)", "Day-of-week field allows"},
        {"cron(0 L * * ? *)", "Hours field allows"},
        {"cron(0 0 1 * ? L)", "Year field allows"},
        {"cron(0 0 1#2 * ? *)", "Day-of-month field allows"},
        {"cron(0 0 1 * ? * *)", "6 fields"},
        {"cron(0 0 JAN * ? *)", "Day-of-month field allows"},
        {"CRON(0 10 * * ? *)", "cron(...) or rate(...)"},
        {"cron 0 10 * * ? *", "cron(...) or rate(...)"},
        {"rate(1 minutes)", "singular"},
        {"rate(5 minute)", "plural"},
        {"rate(1 hours)", "singular"},
        {"rate(2 day)", "plural"},
        {"rate(0 minutes)", "positive"},
        {"rate(01 minute)", "positive"},
        {"rate(-5 minutes)", "rate(value unit)"},
        {"rate(1.5 hours)", "rate(value unit)"},
        {"rate(5 seconds)", "minute, minutes, hour, hours, day or days"},
        {"rate(2 weeks)", "minute, minutes, hour, hours, day or days"},
        {"rate(5 Minutes)", "rate(value unit)"},
        {"rate(5minutes)", "rate(value unit)"},
        {"rate( 5 minutes)", "rate(value unit)"},
        {"rate(5  minutes)", "rate(value unit)"},
        {"rate()", "rate(value unit)"},
        {"rate(99999999999999999999 minutes)", "too large"},
        {"every 5 minutes", "cron(...) or rate(...)"},
        {"", "empty"},
        {"rate(" + "1".repeat(260) + " minutes)", "longer than 256"},
    };

    @Test
    public void validExpressionsFireWhenAwsSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Object[] row : VALID) {
            String text = (String) row[0];
            Instant after = (Instant) row[1];
            Optional<Instant> expected = Optional.ofNullable((String) row[2]).map(Instant::parse);
            ScheduleExpression expression = ScheduleExpression.parse(text);
            Optional<Instant> next = expression.nextAfter(after, NOW);
            if (!expected.equals(next)) {
                wrong.add(text + " after " + after + ": expected " + expected + " but was " + next);
            }
            assertEquals(text, expression.text());
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
    }

    @Test
    public void invalidExpressionsAreRefusedWithTheReason() {
        List<String> wrong = new ArrayList<>();
        for (String[] row : INVALID) {
            try {
                ScheduleExpression.parse(row[0]);
                wrong.add(row[0] + ": accepted");
            } catch (ScheduleExpression.InvalidExpression e) {
                if (!e.getMessage().contains(row[1])) {
                    wrong.add(row[0] + ": message \"" + e.getMessage() + "\" does not say \"" + row[1] + "\"");
                }
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
    }

    @Test
    public void nullIsRefused() {
        try {
            ScheduleExpression.parse(null);
            fail();
        } catch (ScheduleExpression.InvalidExpression e) {
            assertEquals("the expression is empty", e.getMessage());
        }
    }

    @Test
    public void aTickExactlyNowIsNotNextButTheOneAfter() throws Exception {
        assertEquals(Optional.of(Instant.parse("2026-11-26T01:46:00Z")),
                ScheduleExpression.parse("cron(* * * * ? *)").nextAfter(Instant.parse("2026-11-26T01:45:00Z"), NOW));
        assertEquals(Optional.of(NOW.plusSeconds(120)),
                ScheduleExpression.parse("rate(1 minute)").nextAfter(NOW.plusSeconds(60), NOW));
    }

    @Test
    public void aRateBeforeItsRuleExistsStartsOnePeriodAfterCreation() throws Exception {
        assertEquals(Optional.of(NOW.plusSeconds(300)),
                ScheduleExpression.parse("rate(5 minutes)").nextAfter(NOW.minusSeconds(3600), NOW));
    }
}
