package io.stratus.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.monitoring.api.BillingReport;
import io.stratus.monitoring.api.Monitoring;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Web Console page "Billing": a month's requests, GB-seconds and cost per function and for the account. */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + BillingPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Billing",
        ServletConstants.PLUGIN_CATEGORY + "=Stratus",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FunctionsPlugin.LABEL + "/res/stratus.css" })
public final class BillingPlugin extends AbstractServlet {

    static final String LABEL = "stratus-billing";
    private static final long serialVersionUID = 1L;

    private final transient Monitoring monitoring;

    @Activate
    public BillingPlugin(@Reference Monitoring monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        YearMonth month = monitoring.currentMonth();
        String asked = request.getParameter("month");
        if (asked != null && !asked.isBlank()) {
            try {
                month = YearMonth.parse(asked.trim());
            } catch (DateTimeParseException e) {
                out.println("<p class='statline ui-state-error'>Month must be YYYY-MM, e.g. " + month + "</p>");
            }
        }
        out.println(render(monitoring.billing(month)));
    }

    static String render(BillingReport bill) {
        StringBuilder out = new StringBuilder();
        out.append("<p class='statline'>Bill for ").append(bill.month()).append(" (UTC) at $")
                .append(plain(bill.pricePerMillionRequests())).append(" per million requests and $")
                .append(plain(bill.pricePerGbSecond())).append(" per GB-second</p>\n");
        out.append("<form method='get'><label>Month <input name='month' value='").append(bill.month())
                .append("' size='8'></label> <button type='submit'>Show</button></form>\n");
        out.append("<table class='nicetable stratus-bill' id='bill'><thead><tr><th>Function</th><th>Requests</th>")
                .append("<th>GB-seconds</th><th>Request cost (USD)</th><th>Compute cost (USD)</th></tr></thead><tbody>\n");
        for (BillingReport.FunctionCost f : bill.functions()) {
            out.append("<tr><td>").append(Html.escape(f.functionName())).append("</td><td>").append(f.requests())
                    .append("</td><td>").append(plain(f.gbSeconds())).append("</td><td>").append(plain(f.requestCost()))
                    .append("</td><td>").append(plain(f.computeCost())).append("</td></tr>\n");
        }
        out.append("</tbody><tfoot>");
        out.append("<tr><th>Account</th><th>").append(bill.requests()).append("</th><th>").append(plain(bill.gbSeconds()))
                .append("</th><th></th><th></th></tr>");
        out.append("<tr><td>Free tier used</td><td>").append(bill.freeRequestsUsed()).append("</td><td>")
                .append(plain(bill.freeGbSecondsUsed())).append("</td><td></td><td></td></tr>");
        out.append("<tr><th>Cost after the free tier</th><td></td><td></td><th>").append(plain(bill.requestCost()))
                .append("</th><th>").append(plain(bill.computeCost())).append("</th></tr>");
        out.append("<tr><th>Total (USD)</th><td></td><td></td><td></td><th id='bill-total'>").append(plain(bill.total()))
                .append("</th></tr></tfoot></table>\n");
        out.append("<p class='stratus-hint'>Per-function costs are before the free tier, which applies to the account.")
                .append(" The same bill as JSON: <code>/system/billing?month=").append(bill.month()).append("</code></p>\n");
        return out.toString();
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
