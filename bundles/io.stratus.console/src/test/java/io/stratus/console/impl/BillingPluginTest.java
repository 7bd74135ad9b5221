package io.stratus.console.impl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

import org.junit.Test;

import io.stratus.monitoring.api.BillingReport;

public class BillingPluginTest {

    @Test
    public void theBillShowsEachFunctionTheAccountTheFreeTierAndTheTotal() {
        BillingReport bill = new BillingReport(YearMonth.of(2026, 11),
                List.of(new BillingReport.FunctionCost("<script>", 1_500_000, new BigDecimal("10.5"),
                        new BigDecimal("0.3000000000"), new BigDecimal("0.0001750000"))),
                1_500_000, new BigDecimal("10.5"), 1_000_000, new BigDecimal("10.5"), new BigDecimal("0.1000000000"),
                BigDecimal.ZERO, new BigDecimal("0.1000000000"), new BigDecimal("0.20"), new BigDecimal("0.0000166667"));
        String html = BillingPlugin.render(bill);
        assertTrue(html, html.contains("Bill for 2026-11 (UTC) at $0.2 per million requests and $0.0000166667 per GB-second"));
        assertTrue("names are escaped", html.contains("<td>&lt;script&gt;</td><td>1500000</td><td>10.5</td><td>0.3</td><td>0.000175</td>"));
        assertFalse(html.contains("<script>"));
        assertTrue(html, html.contains("<tr><td>Free tier used</td><td>1000000</td><td>10.5</td>"));
        assertTrue(html, html.contains("<th id='bill-total'>0.1</th>"));
    }

    @Test
    public void htmlEscapingCoversMarkupAndQuotes() {
        org.junit.Assert.assertEquals("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;", Html.escape("<a href=\"x\" title='y'>&"));
        org.junit.Assert.assertEquals("", Html.escape(null));
    }
}
