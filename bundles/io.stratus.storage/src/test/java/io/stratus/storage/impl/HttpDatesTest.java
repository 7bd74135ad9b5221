package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import org.junit.Test;

/** The hand-written HTTP date formatter against the JDK's formatters. */
public class HttpDatesTest {

    @Test
    public void matchesThePatternFormatterOverManyInstants() {
        SplittableRandom random = new SplittableRandom(6);
        long from = Instant.parse("1000-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to + 1), random.nextInt(1_000_000_000));
            assertEquals(instant.toString(), HttpDates.FORMAT.format(instant), HttpDates.format(instant));
        }
    }

    @Test
    public void matchesTheJdkRfc1123FormatterExceptForTheDaysPadding() {
        SplittableRandom random = new SplittableRandom(7);
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(0, to));
            String jdk = DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(java.time.ZoneOffset.UTC));
            // the JDK writes a day below 10 with one digit; HTTP's IMF-fixdate with two
            String padded = jdk.charAt(6) == ' ' ? jdk.substring(0, 5) + "0" + jdk.substring(5) : jdk;
            assertEquals(instant.toString(), padded, HttpDates.format(instant));
            // and what it writes reads back as the same second
            assertEquals(instant, ZonedDateTime.parse(HttpDates.format(instant), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        }
    }

    @Test
    public void edges() {
        String[][] cases = {
                {"1970-01-01T00:00:00Z", "Thu, 01 Jan 1970 00:00:00 GMT"},
                {"1969-12-31T23:59:59.999Z", "Wed, 31 Dec 1969 23:59:59 GMT"},
                {"1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:37 GMT"},
                {"2000-02-29T12:00:00Z", "Tue, 29 Feb 2000 12:00:00 GMT"},
                {"2026-11-26T07:59:59.999Z", "Thu, 26 Nov 2026 07:59:59 GMT"},
                {"9999-12-31T23:59:59Z", "Fri, 31 Dec 9999 23:59:59 GMT"},
                {"1000-01-01T00:00:00Z", "Wed, 01 Jan 1000 00:00:00 GMT"}};
        for (String[] c : cases) {
            assertEquals(c[1], HttpDates.format(Instant.parse(c[0])));
        }
        // years of other widths go to the pattern formatter
        for (String s : new String[] {"0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-06-15T10:00:00Z"}) {
            Instant instant = Instant.parse(s);
            assertEquals(HttpDates.FORMAT.format(instant), HttpDates.format(instant));
        }
    }
}
