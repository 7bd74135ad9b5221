package io.stratus.iam.impl.policy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;

import org.junit.Test;

/** Dates read by hand and networks parsed once give what the general parsers give. */
public class ConditionsTest {

    @Test
    public void utcDateTimesReadByHandAreTheInstantsTheParserReads() {
        for (String text : List.of("2026-11-26T02:00Z", "2026-11-26T02:00:07Z", "2026-11-26T02:00:07.5Z",
                "2026-11-26T02:00:07.123456789Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00Z")) {
            assertEquals(text, OffsetDateTime.parse(text).toInstant(), Conditions.date(text));
        }
        assertEquals(OffsetDateTime.parse("2026-11-26T03:00:00+01:00").toInstant(), Conditions.date("2026-11-26T03:00:00+01:00"));
        assertEquals(OffsetDateTime.parse("2026-11-26T02:00:00Z").toInstant(), Conditions.date(" 2026-11-26T02:00:00Z "));
        assertEquals(1_764_122_400L, Conditions.date("1764122400").getEpochSecond());
        assertEquals(OffsetDateTime.parse("2026-11-26T00:00:00Z").toInstant(), Conditions.date("2026-11-26"));
        for (String bad : List.of("2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-26T24:00:00Z",
                "2026-11-26T02:00:60Z", "2026-11-26T02:0a:00Z", "2026-11-26T02:00:00.1234567890Z", "2026-11-26T02:00:00.xZ",
                "2026-11-26T02Z", "not a date", "")) {
            assertNull(bad, Conditions.date(bad));
        }
    }

    @Test
    public void addressesAreMatchedAgainstTheirNetworks() {
        assertTrue(Conditions.inRange("10.0.0.0/8", "10.1.2.3"));
        assertFalse(Conditions.inRange("10.0.0.0/8", "11.1.2.3"));
        assertTrue(Conditions.inRange("192.0.2.7", "192.0.2.7"));
        assertFalse(Conditions.inRange("192.0.2.7", "192.0.2.8"));
        assertTrue(Conditions.inRange("2001:db8::/32", "2001:db8:1::1"));
        assertFalse(Conditions.inRange("2001:db8::/32", "10.1.2.3"));
        assertTrue(Conditions.inRange("0.0.0.0/0", "203.0.113.9"));
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "example.com/8", "")) {
            assertFalse(bad, Conditions.inRange(bad, "10.1.2.3"));
        }
        assertFalse(Conditions.inRange("10.0.0.0/8", "not-an-address"));
    }
}
