package io.stratus.monitoring.impl.billing;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.durable.DurableFiles;

/**
 * Lambda's bill: each invocation's duration rounded up to the next millisecond (at least 1 ms), times
 * its memory, added per function and UTC calendar month to requests and MB-milliseconds (integers, so
 * sums are exact); costs computed from those with the account's monthly free tier. One file per month
 * ({@code YYYY-MM.json}), replaced atomically by {@link #save()}.
 */
public final class Billing {

    /** MB-ms in one GB-s: 1024 MB × 1000 ms. */
    static final BigDecimal MB_MS_PER_GB_SECOND = BigDecimal.valueOf(1_024_000);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Costs are kept to 10 decimal places of a dollar (REPORT shows a single cheap invocation). */
    static final int SCALE = 10;
    /* the cost of usage inside the free tier, at the scale costs are kept */
    private static final BigDecimal FREE = BigDecimal.ZERO.setScale(SCALE);

    /** Prices and the free tier. */
    public record Prices(BigDecimal perMillionRequests, BigDecimal perGbSecond, long freeRequests,
            BigDecimal freeGbSeconds) {

        /** AWS's x86 first tier and free tier. */
        public static final Prices AWS = new Prices(new BigDecimal("0.20"), new BigDecimal("0.0000166667"), 1_000_000,
                BigDecimal.valueOf(400_000));
    }

    /** Usage of one function (or the account) in a month. */
    public record Usage(long requests, long mbMillis) {
        public BigDecimal gbSeconds() {
            return BigDecimal.valueOf(mbMillis).divide(MB_MS_PER_GB_SECOND, SCALE, RoundingMode.HALF_UP)
                    .stripTrailingZeros();
        }

        Usage plus(long moreRequests, long moreMbMillis) {
            return new Usage(requests + moreRequests, mbMillis + moreMbMillis);
        }
    }

    /** One function's line of a month's bill: its usage and its cost before the free tier. */
    public record FunctionBill(String functionName, Usage usage, BigDecimal requestCost, BigDecimal computeCost) {
    }

    /** A month's bill: the account's usage, the free tier used, and the cost after it. */
    public record MonthBill(YearMonth month, List<FunctionBill> functions, Usage account, long freeRequestsUsed,
            BigDecimal freeGbSecondsUsed, BigDecimal requestCost, BigDecimal computeCost, BigDecimal total) {
    }

    /** What one invocation is billed. */
    public record Charge(long billedMillis, long mbMillis, BigDecimal cost) {
        public BigDecimal gbSeconds() {
            return Billing.gbSeconds(mbMillis);
        }
    }

    /** MB-ms as GB-s, to {@link #SCALE} decimals, without trailing zeros. */
    public static BigDecimal gbSeconds(long mbMillis) {
        return BigDecimal.valueOf(mbMillis).divide(MB_MS_PER_GB_SECOND, SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private final Path root;
    private volatile Prices prices;
    private final Map<YearMonth, Map<String, Usage>> months = new TreeMap<>();
    private final java.util.Set<YearMonth> changed = new java.util.HashSet<>();
    /* per month: the account's usage (the sum of its functions') and its cost at the last charge */
    private final Map<YearMonth, AccountCost> accounts = new java.util.HashMap<>();
    /* the month of the last charge and its bounds in epoch milliseconds, as most charges fall in it */
    private YearMonth lastMonth;
    private long lastMonthStart;
    private long lastMonthEnd;
    /* the free tier in MB-ms of the prices named */
    private Prices freeTierOf;
    private long freeMbMillis;

    /** The account's usage in a month and what it costs at given prices. */
    private record AccountCost(Usage usage, Prices prices, BigDecimal cost) {
    }

    public Billing(Path root, Prices prices) {
        this.root = root;
        this.prices = prices;
    }

    public void prices(Prices newPrices) {
        this.prices = newPrices;
    }

    public Prices prices() {
        return prices;
    }

    /** Billed duration: rounded up to the next whole millisecond, at least 1 ms. */
    public static long billedMillis(long durationNanos) {
        return Math.max(1, (durationNanos + 999_999) / 1_000_000);
    }

    /**
     * Adds an invocation to its month and returns what it costs: the account's month total after it
     * minus before it, so the free tier is used up by the invocations that use it up.
     */
    public synchronized Charge charge(String functionName, Instant start, long durationNanos, int memoryMb) {
        long billed = billedMillis(durationNanos);
        long mbMillis = billed * memoryMb;
        YearMonth month = month(start.toEpochMilli());
        Map<String, Usage> usage = months.computeIfAbsent(month, m -> new TreeMap<>());
        Prices p = prices;
        AccountCost before = accounts.get(month);
        if (before == null) {
            Usage account = account(usage);
            before = new AccountCost(account, p, cost(account, p));
        } else if (before.prices() != p) {
            before = new AccountCost(before.usage(), p, cost(before.usage(), p));
        }
        usage.merge(functionName, new Usage(1, mbMillis), (a, b) -> a.plus(b.requests(), b.mbMillis()));
        changed.add(month);
        Usage after = before.usage().plus(1, mbMillis);
        BigDecimal afterCost = insideFreeTier(after, p) ? FREE : cost(after, p);
        accounts.put(month, new AccountCost(after, p, afterCost));
        return new Charge(billed, mbMillis, afterCost.subtract(before.cost()));
    }

    /* Whether usage costs nothing: then cost() comes to FREE, and the charge needs none of its arithmetic. */
    private boolean insideFreeTier(Usage account, Prices p) {
        if (freeTierOf != p) {
            BigDecimal mbMillis = p.freeGbSeconds().multiply(MB_MS_PER_GB_SECOND);
            freeMbMillis = mbMillis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE
                    : mbMillis.setScale(0, RoundingMode.FLOOR).longValueExact();
            freeTierOf = p;
        }
        return account.requests() <= p.freeRequests() && account.mbMillis() <= freeMbMillis;
    }

    /* The UTC month of an instant; the last one is remembered (ZonedDateTime costs more than the charge). */
    private YearMonth month(long epochMillis) {
        if (lastMonth == null || epochMillis < lastMonthStart || epochMillis >= lastMonthEnd) {
            lastMonth = YearMonth.from(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
            lastMonthStart = lastMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            lastMonthEnd = lastMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        return lastMonth;
    }

    private static Usage account(Map<String, Usage> usage) {
        long requests = 0;
        long mbMillis = 0;
        for (Usage u : usage.values()) {
            requests += u.requests();
            mbMillis += u.mbMillis();
        }
        return new Usage(requests, mbMillis);
    }

    private static BigDecimal requestCost(long requests, Prices p) {
        return BigDecimal.valueOf(requests).multiply(p.perMillionRequests()).divide(MILLION, SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal computeCost(BigDecimal gbSeconds, Prices p) {
        return gbSeconds.multiply(p.perGbSecond()).setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** The account's cost for a month's usage, after the free tier. */
    static BigDecimal cost(Usage account, Prices p) {
        long billableRequests = Math.max(0, account.requests() - p.freeRequests());
        BigDecimal billableGbSeconds = account.gbSeconds().subtract(p.freeGbSeconds()).max(BigDecimal.ZERO);
        return requestCost(billableRequests, p).add(computeCost(billableGbSeconds, p));
    }

    /** The bill of a month (empty when nothing ran). */
    public synchronized MonthBill bill(YearMonth month) {
        Prices p = prices;
        Map<String, Usage> usage = months.getOrDefault(month, Map.of());
        List<FunctionBill> functions = new ArrayList<>();
        for (Map.Entry<String, Usage> entry : usage.entrySet()) {
            Usage u = entry.getValue();
            functions.add(new FunctionBill(entry.getKey(), u, requestCost(u.requests(), p),
                    computeCost(u.gbSeconds(), p)));
        }
        Usage account = account(usage);
        long freeRequests = Math.min(account.requests(), p.freeRequests());
        BigDecimal freeGbSeconds = account.gbSeconds().min(p.freeGbSeconds());
        BigDecimal requestCost = requestCost(Math.max(0, account.requests() - p.freeRequests()), p);
        BigDecimal computeCost = computeCost(account.gbSeconds().subtract(p.freeGbSeconds()).max(BigDecimal.ZERO), p);
        return new MonthBill(month, functions, account, freeRequests, freeGbSeconds, requestCost, computeCost,
                requestCost.add(computeCost));
    }

    /** Months with usage, oldest first. */
    public synchronized List<YearMonth> months() {
        return new ArrayList<>(months.keySet());
    }

    // ------------------------------------------------------------------ durability

    public synchronized void load() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        DurableFiles.recover(root);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root, "*.json")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                YearMonth month;
                try {
                    month = YearMonth.parse(name.substring(0, name.length() - ".json".length()));
                } catch (java.time.format.DateTimeParseException e) {
                    continue;
                }
                JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                Map<String, Usage> usage = new TreeMap<>();
                for (Map.Entry<String, com.google.gson.JsonElement> entry : json.getAsJsonObject("functions").entrySet()) {
                    JsonObject u = entry.getValue().getAsJsonObject();
                    usage.put(entry.getKey(), new Usage(u.get("requests").getAsLong(), u.get("mbMillis").getAsLong()));
                }
                months.put(month, usage);
                accounts.remove(month);
            }
        }
    }

    /** Writes the months changed since the last save. */
    public void save() throws IOException {
        Map<YearMonth, String> documents = new TreeMap<>();
        synchronized (this) {
            for (YearMonth month : changed) {
                JsonObject functions = new JsonObject();
                months.getOrDefault(month, Map.of()).forEach((name, u) -> {
                    JsonObject json = new JsonObject();
                    json.addProperty("requests", u.requests());
                    json.addProperty("mbMillis", u.mbMillis());
                    functions.add(name, json);
                });
                JsonObject document = new JsonObject();
                document.add("functions", functions);
                documents.put(month, document.toString());
            }
            changed.clear();
        }
        for (Map.Entry<YearMonth, String> document : documents.entrySet()) {
            try {
                DurableFiles.write(root.resolve(document.getKey() + ".json"),
                        document.getValue().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                synchronized (this) {
                    // written again with the next save
                    changed.addAll(documents.keySet());
                }
                throw e;
            }
        }
    }
}
