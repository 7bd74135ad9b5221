package io.stratus.scheduler.impl;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * An EventBridge schedule expression, {@code cron(...)} or {@code rate(...)}, validated as AWS
 * validates it and able to say when it fires next (UTC). The cron arithmetic is Quartz's
 * {@link CronExpression} (AWS's six fields are Quartz's seven with the seconds fixed at 0); what
 * AWS allows differently is checked here first.
 */
abstract sealed class ScheduleExpression {

    /** Longest expression EventBridge accepts. */
    static final int MAX_LENGTH = 256;

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) ([a-z]+)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final String[] FIELDS = {"Minutes", "Hours", "Day-of-month", "Month", "Day-of-week", "Year"};
    /* The characters each field may hold besides digits (and names in Month/Day-of-week). */
    private static final String[] WILDCARDS = {",-*/", ",-*/", ",-*?/LW", ",-*/", ",-*?L#", ",-*/"};
    private static final Pattern YEAR_NUMBER = Pattern.compile("\\d+");
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final String text;

    private ScheduleExpression(String text) {
        this.text = text;
    }

    /** The expression as given. */
    String text() {
        return text;
    }

    /**
     * The first time after {@code after} at which the schedule fires, for a rule anchored at
     * {@code created} (rates count from the rule's creation); empty when it never fires again.
     */
    abstract Optional<Instant> nextAfter(Instant after, Instant created);

    @Override
    public String toString() {
        return text;
    }

    /**
     * Parses and validates an expression.
     *
     * @throws InvalidExpression naming what is wrong
     */
    static ScheduleExpression parse(String text) throws InvalidExpression {
        if (text == null || text.isEmpty()) {
            throw new InvalidExpression("the expression is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidExpression("the expression is longer than " + MAX_LENGTH + " characters");
        }
        if (text.startsWith("rate(")) {
            return Rate.parse(text);
        }
        if (text.startsWith("cron(")) {
            return Cron.parse(text);
        }
        throw new InvalidExpression("the expression must be cron(...) or rate(...)");
    }

    /** An expression AWS would refuse; the message says why. */
    static final class InvalidExpression extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidExpression(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code rate(N unit)}: every N minutes, hours or days from the rule's creation. */
    static final class Rate extends ScheduleExpression {
        private final Duration period;

        private Rate(String text, Duration period) {
            super(text);
            this.period = period;
        }

        static Rate parse(String text) throws InvalidExpression {
            Matcher m = RATE.matcher(text);
            if (!m.matches()) {
                throw new InvalidExpression("a rate expression is rate(value unit), e.g. rate(5 minutes)");
            }
            String digits = m.group(1);
            String unit = m.group(2);
            long value;
            try {
                value = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new InvalidExpression("the rate value " + digits + " is too large");
            }
            if (value < 1 || digits.startsWith("0")) {
                throw new InvalidExpression("the rate value must be a positive whole number without leading zeros");
            }
            boolean singular = !unit.endsWith("s");
            String base = singular ? unit : unit.substring(0, unit.length() - 1);
            Duration one = switch (base) {
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> throw new InvalidExpression(
                        "the rate unit must be minute, minutes, hour, hours, day or days, not " + unit);
            };
            if (singular != (value == 1)) {
                throw new InvalidExpression(value == 1 ? "a rate of 1 takes the singular unit: rate(1 " + base + ")"
                        : "a rate above 1 takes the plural unit: rate(" + value + " " + base + "s)");
            }
            if (value > Long.MAX_VALUE / one.toMillis()) {
                throw new InvalidExpression("the rate value " + digits + " is too large");
            }
            return new Rate(text, one.multipliedBy(value));
        }

        @Override
        Optional<Instant> nextAfter(Instant after, Instant created) {
            if (after.isBefore(created)) {
                return Optional.of(created.plus(period));
            }
            long periodMillis = period.toMillis();
            long elapsed = after.toEpochMilli() - created.toEpochMilli();
            long ticks = elapsed / periodMillis + 1;
            return Optional.of(created.plusMillis(ticks * periodMillis));
        }
    }

    /** {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} in UTC. */
    static final class Cron extends ScheduleExpression {
        private final CronExpression quartz;

        private Cron(String text, CronExpression quartz) {
            super(text);
            this.quartz = quartz;
        }

        static Cron parse(String text) throws InvalidExpression {
            Matcher m = CRON.matcher(text);
            if (!m.matches()) {
                throw new InvalidExpression("a cron expression is cron(Minutes Hours Day-of-month Month Day-of-week Year)");
            }
            String body = m.group(1).trim();
            String[] fields = body.isEmpty() ? new String[0] : body.split("\\s+");
            if (fields.length != FIELDS.length) {
                throw new InvalidExpression("a cron expression has 6 fields (Minutes Hours Day-of-month Month "
                        + "Day-of-week Year), not " + fields.length);
            }
            for (int i = 0; i < fields.length; i++) {
                checkCharacters(i, fields[i].toUpperCase(Locale.ROOT));
            }
            String dayOfMonth = fields[2];
            String dayOfWeek = fields[4];
            if (dayOfMonth.equals("?") == dayOfWeek.equals("?")) {
                throw new InvalidExpression("exactly one of Day-of-month and Day-of-week must be ?");
            }
            if (dayOfWeek.contains("#") && (dayOfWeek.indexOf('#') != dayOfWeek.lastIndexOf('#')
                    || dayOfWeek.contains(",") || dayOfWeek.contains("-"))) {
                throw new InvalidExpression("with # the Day-of-week field holds one expression only, e.g. 3#2");
            }
            checkYears(fields[5]);
            CronExpression quartz;
            try {
                quartz = new CronExpression("0 " + String.join(" ", fields).toUpperCase(Locale.ROOT));
            } catch (ParseException | RuntimeException e) {
                throw new InvalidExpression(quartzMessage(e));
            }
            quartz.setTimeZone(UTC);
            return new Cron(text, quartz);
        }

        private static void checkCharacters(int field, String value) throws InvalidExpression {
            String allowed = WILDCARDS[field];
            boolean names = field == 3 || field == 4;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean ok = Character.isDigit(c) || allowed.indexOf(c) >= 0
                        || (names && c >= 'A' && c <= 'Z');
                if (!ok) {
                    throw new InvalidExpression("the " + FIELDS[field] + " field allows digits"
                            + (names ? ", names" : "") + " and " + spaced(allowed) + ", not '" + c + "'");
                }
            }
        }

        private static String spaced(String wildcards) {
            StringBuilder out = new StringBuilder();
            for (char c : wildcards.toCharArray()) {
                out.append(out.length() == 0 ? "" : " ").append(c);
            }
            return out.toString();
        }

        /* Quartz accepts years up to 2299; AWS takes 1970-2199. */
        private static void checkYears(String year) throws InvalidExpression {
            Matcher numbers = YEAR_NUMBER.matcher(year);
            while (numbers.find()) {
                boolean increment = numbers.start() > 0 && year.charAt(numbers.start() - 1) == '/';
                String digits = numbers.group();
                if (!increment && (digits.length() != 4 || Integer.parseInt(digits) < 1970
                        || Integer.parseInt(digits) > 2199)) {
                    throw new InvalidExpression("the Year field takes years 1970-2199, not " + digits);
                }
            }
        }

        private static String quartzMessage(Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int cut = message.indexOf(" (pos");
            return "invalid cron expression: " + (cut > 0 ? message.substring(0, cut) : message);
        }

        @Override
        Optional<Instant> nextAfter(Instant after, Instant created) {
            Date next = quartz.getNextValidTimeAfter(Date.from(after));
            return Optional.ofNullable(next).map(Date::toInstant);
        }
    }
}
