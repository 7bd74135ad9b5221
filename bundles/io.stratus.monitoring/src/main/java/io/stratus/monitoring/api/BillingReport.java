package io.stratus.monitoring.api;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * A month's bill at the configured prices (USD).
 *
 * @param functions          per function: usage and its cost before the free tier
 * @param requests           the account's requests (Invocations)
 * @param gbSeconds          the account's GB-seconds (billed durations × memory)
 * @param freeRequestsUsed   requests the free tier covered
 * @param freeGbSecondsUsed  GB-seconds the free tier covered
 * @param requestCost        request charge after the free tier
 * @param computeCost        duration charge after the free tier
 * @param total              what the month costs
 * @param pricePerMillionRequests configured price of one million requests
 * @param pricePerGbSecond   configured price of one GB-second
 */
public record BillingReport(YearMonth month, List<FunctionCost> functions, long requests, BigDecimal gbSeconds,
        long freeRequestsUsed, BigDecimal freeGbSecondsUsed, BigDecimal requestCost, BigDecimal computeCost,
        BigDecimal total, BigDecimal pricePerMillionRequests, BigDecimal pricePerGbSecond) {

    /** One function's usage in the month and its cost before the free tier (which applies to the account). */
    public record FunctionCost(String functionName, long requests, BigDecimal gbSeconds, BigDecimal requestCost,
            BigDecimal computeCost) {
    }
}
