package io.stratus.storage.impl;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates ({@code Last-Modified}) in the IMF-fixdate form of RFC 7231 (RFC 1123 with a
 * two-digit day, always GMT): {@code Sun, 06 Nov 1994 08:49:37 GMT}. Formatted by hand because
 * every GET and HEAD writes one and the pattern formatter costs microseconds.
 */
final class HttpDates {

    /** The reference: what the hand-written formatter must produce. */
    static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
            "Nov", "Dec"};

    private HttpDates() {
    }

    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        int second = (int) Math.floorMod(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 1000 || year > 9999) {
            return FORMAT.format(instant); // the pattern's own way with years of other widths
        }
        char[] c = new char[29];
        DAYS[date.getDayOfWeek().ordinal()].getChars(0, 3, c, 0);
        c[3] = ',';
        c[4] = ' ';
        two(c, 5, date.getDayOfMonth());
        c[7] = ' ';
        MONTHS[date.getMonthValue() - 1].getChars(0, 3, c, 8);
        c[11] = ' ';
        two(c, 12, year / 100);
        two(c, 14, year % 100);
        c[16] = ' ';
        two(c, 17, second / 3600);
        c[19] = ':';
        two(c, 20, second / 60 % 60);
        c[22] = ':';
        two(c, 23, second % 60);
        c[25] = ' ';
        c[26] = 'G';
        c[27] = 'M';
        c[28] = 'T';
        return new String(c);
    }

    private static void two(char[] c, int at, int value) {
        c[at] = (char) ('0' + value / 10);
        c[at + 1] = (char) ('0' + value % 10);
    }
}
