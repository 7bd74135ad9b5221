package io.stratus.console.impl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.stratus.monitoring.api.LogLine;
import io.stratus.monitoring.api.MetricPoint;
import io.stratus.monitoring.api.Monitoring;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Web Console page "Functions": the list of functions, and per function a page with charts of
 * invocations, errors and duration for the last hour and day, a live log tail, an invoke form and
 * configuration editing. The page's scripts talk to this plugin's JSON resources under
 * {@code <plugin root>/api/<function>/...}, behind the console's login like the page itself.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + FunctionsPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Functions",
        ServletConstants.PLUGIN_CATEGORY + "=Stratus",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FunctionsPlugin.LABEL + "/res/stratus.css" })
public final class FunctionsPlugin extends AbstractServlet {

    static final String LABEL = "stratus-functions";
    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final int MAX_PAYLOAD = 6 * 1024 * 1024;

    private final transient FunctionRegistry registry;
    private final transient Invoker invoker;
    private final transient Monitoring monitoring;

    /* routes and triggers, from whichever of the gateway, storage and scheduler bundles are there */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            fieldOption = FieldOption.UPDATE)
    final transient List<FunctionLinks> links = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public FunctionsPlugin(@Reference FunctionRegistry registry, @Reference Invoker invoker,
            @Reference Monitoring monitoring) {
        this.registry = registry;
        this.invoker = invoker;
        this.monitoring = monitoring;
    }

    /** The part of the path after the label: "", "/hello", "/res/x.js", "/api/hello/logs". */
    private static String rest(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        return slash < 0 ? "" : path.substring(slash);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String rest = rest(request);
        if (rest.startsWith("/res/")) {
            spoolResource(request, response);
            return;
        }
        if (rest.startsWith("/api/")) {
            api(request, response, rest.substring("/api/".length()), false);
        }
        // anything else: the console renders the page through renderContent
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rest = rest(request);
        if (rest.startsWith("/api/")) {
            api(request, response, rest.substring("/api/".length()), true);
        } else {
            json(response, 404, error("No such resource: " + rest));
        }
    }

    // ------------------------------------------------------------------ JSON resources

    private void api(HttpServletRequest request, HttpServletResponse response, String path, boolean post)
            throws IOException {
        int slash = path.lastIndexOf('/');
        String name = slash < 0 ? "" : path.substring(0, slash);
        String resource = slash < 0 ? path : path.substring(slash + 1);
        Optional<FunctionInfo> function = registry.get(name);
        if (function.isEmpty()) {
            json(response, 404, error("Function not found: " + name));
            return;
        }
        String key = (post ? "POST " : "GET ") + resource;
        switch (key) {
            case "GET metrics" -> json(response, 200, metrics(name));
            case "GET logs" -> json(response, 200, logs(name, request.getParameter("since")));
            case "POST invoke" -> invoke(name, request, response);
            case "POST config" -> configure(name, request, response);
            default -> json(response, 404, error("No such resource: " + key));
        }
    }

    JsonObject metrics(String name) {
        Instant now = Instant.now();
        JsonObject json = new JsonObject();
        json.add("hour", window(name, now.minus(Duration.ofHours(1)), now, 60));
        json.add("day", window(name, now.minus(Duration.ofDays(1)), now, 900));
        return json;
    }

    private JsonObject window(String name, Instant start, Instant end, int period) {
        JsonObject window = new JsonObject();
        window.addProperty("from", start.toEpochMilli());
        window.addProperty("to", end.toEpochMilli());
        window.add("invocations", series(monitoring.metric(name, "Invocations", start, end, period), "sum"));
        window.add("errors", series(monitoring.metric(name, "Errors", start, end, period), "sum"));
        window.add("duration", series(monitoring.metric(name, "Duration", start, end, period), "average"));
        window.add("p99", series(monitoring.metric(name, "Duration", start, end, period), "p99"));
        return window;
    }

    private static JsonArray series(List<MetricPoint> points, String statistic) {
        JsonArray series = new JsonArray();
        for (MetricPoint p : points) {
            double value = switch (statistic) {
                case "sum" -> p.sum();
                case "p99" -> p.p99();
                default -> p.average();
            };
            if (Double.isNaN(value)) {
                continue;
            }
            JsonArray point = new JsonArray();
            point.add(p.timestamp().toEpochMilli());
            point.add(Math.round(value * 1000) / 1000.0);
            series.add(point);
        }
        return series;
    }

    private JsonObject logs(String name, String since) {
        long from;
        try {
            from = since == null ? System.currentTimeMillis() - Duration.ofHours(1).toMillis() : Long.parseLong(since);
        } catch (NumberFormatException e) {
            from = 0;
        }
        JsonArray lines = new JsonArray();
        for (LogLine line : monitoring.logs(name, from, 500)) {
            JsonObject json = new JsonObject();
            json.addProperty("timestamp", line.timestamp());
            json.addProperty("stream", line.stream());
            json.addProperty("message", line.message());
            json.addProperty("eventId", line.eventId());
            lines.add(json);
        }
        JsonObject json = new JsonObject();
        json.add("events", lines);
        return json;
    }

    private void invoke(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] payload = request.getInputStream().readNBytes(MAX_PAYLOAD + 1);
        if (payload.length > MAX_PAYLOAD) {
            json(response, 413, error("The payload is larger than 6 MB"));
            return;
        }
        try {
            InvocationResult result = invoker.invoke(new InvocationRequest(name, null, payload, null, true));
            JsonObject json = new JsonObject();
            json.addProperty("requestId", result.requestId());
            json.addProperty("functionError", result.functionError());
            json.addProperty("payload", new String(result.payload(), StandardCharsets.UTF_8));
            json.addProperty("log", result.logTail());
            json(response, 200, json);
        } catch (FunctionException e) {
            json(response, e.status(), error(e.code() + ": " + e.getMessage()));
        }
    }

    private void configure(String name, HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject body;
        try {
            JsonElement parsed = JsonParser.parseString(
                    new String(request.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new JsonParseException("not an object");
            }
            body = parsed.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            json(response, 400, error("The configuration must be a JSON object"));
            return;
        }
        try {
            Map<String, String> environment = null;
            if (body.has("environment") && !body.get("environment").isJsonNull()) {
                environment = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : body.getAsJsonObject("environment").entrySet()) {
                    environment.put(e.getKey(), e.getValue().getAsString());
                }
            }
            FunctionUpdate update = new FunctionUpdate(integer(body, "memorySize"), integer(body, "timeout"),
                    environment, null, body.has("description") ? body.get("description").getAsString() : null);
            FunctionInfo updated = registry.update(name, update);
            json(response, 200, function(updated));
        } catch (FunctionException e) {
            json(response, e.status(), error(e.code() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            json(response, 400, error("Bad configuration: " + e.getMessage()));
        }
    }

    private static Integer integer(JsonObject body, String member) {
        return body.has(member) && !body.get(member).isJsonNull() ? body.get(member).getAsInt() : null;
    }

    private static JsonObject function(FunctionInfo info) {
        JsonObject json = new JsonObject();
        json.addProperty("name", info.name());
        json.addProperty("state", info.state().name());
        json.addProperty("memorySize", info.spec().memorySize());
        json.addProperty("timeout", info.spec().timeout());
        json.addProperty("description", info.spec().description());
        json.add("environment", GSON.toJsonTree(new TreeMap<>(info.spec().environment())));
        return json;
    }

    private static JsonObject error(String message) {
        JsonObject json = new JsonObject();
        json.addProperty("message", message);
        return json;
    }

    private static void json(HttpServletResponse response, int status, JsonObject json) throws IOException {
        byte[] body = GSON.toJson(json).getBytes(StandardCharsets.UTF_8);
        setNoCache(response);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    // ------------------------------------------------------------------ pages

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rest = rest(request);
        String pluginRoot = (String) request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        if (pluginRoot == null) {
            pluginRoot = request.getContextPath() + request.getServletPath() + "/" + LABEL;
        }
        PrintWriter out = response.getWriter();
        String name = rest.length() > 1 ? rest.substring(1) : "";
        if (name.isEmpty()) {
            list(out, pluginRoot);
            return;
        }
        Optional<FunctionInfo> function = registry.get(name);
        if (function.isEmpty()) {
            out.println("<p class='statline'>No function " + Html.escape(name) + ". <a href='" + Html.escape(pluginRoot)
                    + "'>All functions</a></p>");
            return;
        }
        detail(out, pluginRoot, function.get());
    }

    private void list(PrintWriter out, String pluginRoot) {
        List<FunctionInfo> functions = registry.list();
        out.println("<p class='statline'>" + functions.size() + " functions</p>");
        out.println("<table class='tablesorter nicetable stratus-functions' id='functions'><thead><tr>"
                + "<th>Name</th><th>State</th><th>Memory (MB)</th><th>Timeout (s)</th><th>Role</th>"
                + "<th>Routes</th><th>Triggers</th>"
                + "<th>Reserved concurrency</th><th>Bundle</th><th>Description</th></tr></thead><tbody>");
        Map<String, List<String>> routes = links(FunctionLinks.Kind.ROUTES);
        Map<String, List<String>> triggers = links(FunctionLinks.Kind.TRIGGERS);
        for (FunctionInfo f : functions) {
            out.println("<tr><td><a href='" + Html.escape(pluginRoot + "/" + f.name()) + "'>" + Html.escape(f.name())
                    + "</a></td><td>" + Html.escape(f.state().name())
                    + (f.stateReason() == null ? "" : " <span class='stratus-reason'>" + Html.escape(f.stateReason()) + "</span>")
                    + "</td><td>" + f.spec().memorySize() + "</td><td>" + f.spec().timeout() + "</td><td>"
                    + Html.escape(f.spec().role()) + "</td><td class='stratus-routes'>"
                    + cell(routes.get(f.name())) + "</td><td class='stratus-triggers'>"
                    + cell(triggers.get(f.name())) + "</td><td>"
                    + (f.reservedConcurrency() == null ? "" : f.reservedConcurrency()) + "</td><td>"
                    + Html.escape(f.bundleSymbolicName()) + " [" + f.bundleId() + "]</td><td>"
                    + Html.escape(f.spec().description() == null ? "" : f.spec().description()) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    /* One column's links by function, merged over its sources; a failing source shows nothing. */
    private Map<String, List<String>> links(FunctionLinks.Kind kind) {
        Map<String, List<String>> merged = new TreeMap<>();
        for (FunctionLinks source : links) {
            if (source.kind() != kind) {
                continue;
            }
            try {
                source.byFunction().forEach((function, texts) -> merged
                        .computeIfAbsent(function, f -> new java.util.ArrayList<>()).addAll(texts));
            } catch (RuntimeException e) {
                // the source's bundle is going away: the list shows what the others know
            }
        }
        return merged;
    }

    private static String cell(List<String> texts) {
        if (texts == null) {
            return "";
        }
        StringBuilder cell = new StringBuilder();
        for (String text : texts) {
            cell.append(cell.length() == 0 ? "" : "<br>").append(Html.escape(text));
        }
        return cell.toString();
    }

    private void detail(PrintWriter out, String pluginRoot, FunctionInfo f) {
        String api = pluginRoot + "/api/" + f.name();
        StringBuilder environment = new StringBuilder();
        new TreeMap<>(f.spec().environment()).forEach((k, v) -> environment.append(k).append('=').append(v).append('\n'));
        out.println("<p class='statline'><a href='" + Html.escape(pluginRoot) + "'>Functions</a> / "
                + Html.escape(f.name()) + " — " + Html.escape(f.state().name()) + ", " + Html.escape(f.arn()) + "</p>");
        out.println("<div class='stratus-function' id='function' data-api='" + Html.escape(api) + "' data-name='"
                + Html.escape(f.name()) + "'>");
        out.println("<h3>Last hour</h3><div class='stratus-charts'>"
                + "<div><h4>Invocations and errors</h4><canvas id='chart-hour-count' width='460' height='180'></canvas></div>"
                + "<div><h4>Duration (ms, average and p99)</h4><canvas id='chart-hour-duration' width='460' height='180'></canvas></div></div>");
        out.println("<h3>Last day</h3><div class='stratus-charts'>"
                + "<div><h4>Invocations and errors</h4><canvas id='chart-day-count' width='460' height='180'></canvas></div>"
                + "<div><h4>Duration (ms, average and p99)</h4><canvas id='chart-day-duration' width='460' height='180'></canvas></div></div>");
        out.println("<h3>Invoke</h3><form id='invoke-form' onsubmit='return false'>"
                + "<textarea id='payload' rows='4' cols='80'>{}</textarea><br>"
                + "<button id='invoke' type='button'>Invoke</button></form>"
                + "<pre id='result' class='stratus-result'></pre>");
        out.println("<h3>Configuration</h3><form id='config-form' onsubmit='return false'><table class='nicetable'>"
                + "<tr><td>Memory (MB)</td><td><input id='memorySize' type='number' min='128' max='10240' value='"
                + f.spec().memorySize() + "'></td></tr>"
                + "<tr><td>Timeout (s)</td><td><input id='timeout' type='number' min='1' max='900' value='"
                + f.spec().timeout() + "'></td></tr>"
                + "<tr><td>Description</td><td><input id='description' size='60' value='"
                + Html.escape(f.spec().description() == null ? "" : f.spec().description()) + "'></td></tr>"
                + "<tr><td>Environment (KEY=value per line)</td><td><textarea id='environment' rows='4' cols='60'>"
                + Html.escape(environment.toString()) + "</textarea></td></tr></table>"
                + "<button id='save' type='button'>Save</button> <span id='config-status'></span></form>");
        out.println("<h3>Log <span class='stratus-hint'>(live, /aws/lambda/" + Html.escape(f.name()) + ")</span></h3>"
                + "<pre id='log' class='stratus-log'></pre>");
        out.println("</div>");
        out.println("<script src='" + Html.escape(pluginRoot) + "/res/stratus-chart.js'></script>");
        out.println("<script src='" + Html.escape(pluginRoot) + "/res/stratus-functions.js'></script>");
    }
}
