package io.stratus.monitoring.impl;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.stratus.aws.codec.AwsJson;
import io.stratus.monitoring.api.BillingReport;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /system/billing[?month=YYYY-MM]} on the gateway port: a month's bill as JSON (the current
 * UTC month by default). Open, like the Prometheus page, which shows the same figures.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/system/billing")
@HttpWhiteboardTarget("(!(stratus.endpoint=aws))")
public final class BillingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MonitoringComponent monitoring;

    @Activate
    public BillingServlet(@Reference MonitoringComponent monitoring) {
        this.monitoring = monitoring;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String monthParameter = request.getParameter("month");
        YearMonth month;
        try {
            month = monthParameter == null ? monitoring.currentMonth() : YearMonth.parse(monthParameter);
        } catch (DateTimeParseException e) {
            JsonObject error = new JsonObject();
            error.addProperty("message", "month must be YYYY-MM, e.g. 2026-11");
            write(response, 400, error);
            return;
        }
        write(response, 200, json(monitoring.billing(month)));
    }

    static JsonObject json(BillingReport bill) {
        JsonObject json = new JsonObject();
        json.addProperty("month", bill.month().toString());
        json.addProperty("currency", "USD");
        JsonObject prices = new JsonObject();
        prices.addProperty("perMillionRequests", plain(bill.pricePerMillionRequests()));
        prices.addProperty("perGbSecond", plain(bill.pricePerGbSecond()));
        json.add("prices", prices);
        json.addProperty("requests", bill.requests());
        json.addProperty("gbSeconds", plain(bill.gbSeconds()));
        JsonObject free = new JsonObject();
        free.addProperty("requests", bill.freeRequestsUsed());
        free.addProperty("gbSeconds", plain(bill.freeGbSecondsUsed()));
        json.add("freeTierUsed", free);
        json.addProperty("requestCost", plain(bill.requestCost()));
        json.addProperty("computeCost", plain(bill.computeCost()));
        json.addProperty("total", plain(bill.total()));
        JsonArray functions = new JsonArray();
        for (BillingReport.FunctionCost f : bill.functions()) {
            JsonObject function = new JsonObject();
            function.addProperty("functionName", f.functionName());
            function.addProperty("requests", f.requests());
            function.addProperty("gbSeconds", plain(f.gbSeconds()));
            function.addProperty("requestCostBeforeFreeTier", plain(f.requestCost()));
            function.addProperty("computeCostBeforeFreeTier", plain(f.computeCost()));
            functions.add(function);
        }
        json.add("functions", functions);
        return json;
    }

    /* Amounts as decimal strings, so no client rounds them through a double. */
    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static void write(HttpServletResponse response, int status, JsonObject json) throws IOException {
        byte[] body = AwsJson.toBytes(json);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
