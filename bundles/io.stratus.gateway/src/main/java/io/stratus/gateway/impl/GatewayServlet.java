package io.stratus.gateway.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.function.api.HttpRouteNamespace;
import io.stratus.gateway.api.GatewayRoutes;
import io.stratus.gateway.api.HttpRouteInfo;
import io.stratus.gateway.impl.GatewayRequest.Header;
import io.stratus.gateway.impl.ProxyResponses.HttpAnswer;
import io.stratus.gateway.impl.ProxyResponses.MalformedResponse;
import io.stratus.health.api.HealthContributor;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The gateway: every request on the gateway port that no platform page claims (it is the default
 * servlet, so {@code /system/*} always stays with the platform) is matched against the route table,
 * turned into an API Gateway proxy event, run through the {@link Invoker}, and the function's answer
 * written back as API Gateway would. Errors are answered as API Gateway answers them and logged with
 * their reason.
 *
 * <p>Routes come from the {@code io.stratus.http.route} capabilities of active bundles (a
 * {@link BundleTracker}) and from route configurations ({@link RouteConfiguration}); each change builds a new immutable
 * {@link RouteTable}, so requests never lock and never look a service up.
 */
@Component(service = {Servlet.class, GatewayRoutes.class, HealthContributor.class}, immediate = true,
        configurationPid = GatewayServlet.PID)
@HttpWhiteboardServletPattern("/")
@HttpWhiteboardTarget("(!(stratus.endpoint=aws))")
@Designate(ocd = GatewayServlet.Config.class)
public class GatewayServlet extends HttpServlet implements GatewayRoutes, HealthContributor {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GatewayServlet.class);

    static final String PID = "io.stratus.gateway";

    /** API Gateway's payload limit, which is Lambda's synchronous one. */
    static final int MAX_BODY = Invoker.MAX_SYNC_PAYLOAD;
    /* a larger body is still read (and dropped) up to here, so the client sees the 413 rather than a reset */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    static final String TIMEOUT_ERROR_TYPE = "Sandbox.Timedout";
    private static final byte[] NO_BODY = new byte[0];
    private static final List<String> PREFLIGHT_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");

    @ObjectClassDefinition(name = "Stratus HTTP gateway", description = "API Gateway proxy events from HTTP requests on the gateway port")
    public @interface Config {
        @AttributeDefinition(name = "API id", description = "requestContext.apiId of the events")
        String apiId() default "stratus";

        @AttributeDefinition(name = "Stage", description = "requestContext.stage of the events")
        String stage() default "$default";

        @AttributeDefinition(name = "Binary media types",
                description = "Request bodies of these content types (wildcards allowed, e.g. image/*) reach functions base64-encoded; so does any body that is not UTF-8")
        String[] binaryMediaTypes() default {"image/*", "audio/*", "video/*", "application/octet-stream",
            "application/pdf", "application/zip", "application/gzip", "font/*"};
    }

    private record Settings(String accountId, String apiId, String stage, BinaryMediaTypes binaryMediaTypes) {
    }

    private final transient Invoker invoker;
    private final transient FunctionRegistry registry;
    private final String accountId;
    private final transient Map<String, RouteDeclarations.Result> configurations = new ConcurrentHashMap<>();
    private final transient Map<String, Long> configurationOrder = new ConcurrentHashMap<>();
    private final transient AtomicLong configurationCount = new AtomicLong();
    private final transient ServiceRegistration<ManagedServiceFactory> configurationFactory;
    private final transient Map<String, PayloadFormat> inferredFormats = new ConcurrentHashMap<>();
    private final transient BundleTracker<RouteDeclarations.Result> bundles;
    private transient volatile Settings settings;
    private transient volatile RouteTable table = RouteTable.EMPTY;
    private transient Set<String> reported = Set.of();

    @Activate
    public GatewayServlet(BundleContext context, Config config, @Reference Invoker invoker,
            @Reference FunctionRegistry registry) {
        this.invoker = invoker;
        this.registry = registry;
        String account = context.getProperty("stratus.account");
        this.accountId = account == null || account.isBlank() ? "000000000000" : account;
        this.settings = settings(config);
        this.bundles = new BundleTracker<>(context, Bundle.ACTIVE, new RouteBundles());
        bundles.open();
        rebuild();
        this.configurationFactory = context.registerService(ManagedServiceFactory.class, new RouteConfigurations(),
                FrameworkUtil.asDictionary(Map.of(Constants.SERVICE_PID, RouteConfiguration.PID)));
    }

    @Modified
    void modified(Config config) {
        settings = settings(config);
    }

    @Deactivate
    void deactivate() {
        configurationFactory.unregister();
        bundles.close();
    }

    private Settings settings(Config config) {
        return new Settings(accountId, config.apiId(), config.stage(),
                new BinaryMediaTypes(List.of(config.binaryMediaTypes())));
    }

    /* factory configurations io.stratus.gateway.route, one route set each */
    private final class RouteConfigurations implements ManagedServiceFactory {
        @Override
        public String getName() {
            return "Stratus HTTP routes";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            Map<String, Object> values = new HashMap<>();
            for (String key : Collections.list(properties.keys())) {
                values.put(key, properties.get(key));
            }
            long order = configurationOrder.computeIfAbsent(pid, p -> configurationCount.incrementAndGet());
            configurations.put(pid, RouteConfiguration.read(pid, order, values));
            rebuild();
        }

        @Override
        public void deleted(String pid) {
            configurations.remove(pid);
            configurationOrder.remove(pid);
            rebuild();
        }
    }

    /* the bundles that declare routes or functions; functions matter because their input types decide formats */
    private final class RouteBundles implements BundleTrackerCustomizer<RouteDeclarations.Result> {
        @Override
        public RouteDeclarations.Result addingBundle(Bundle bundle, BundleEvent event) {
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision == null) {
                return null;
            }
            List<Map<String, Object>> routes = attributes(revision, HttpRouteNamespace.NAMESPACE);
            List<Map<String, Object>> functions = attributes(revision, FunctionNamespace.NAMESPACE);
            if (routes.isEmpty() && functions.isEmpty()) {
                return null;
            }
            RouteDeclarations.Result result = RouteDeclarations.fromBundle(bundle.getBundleId(),
                    bundle.getSymbolicName(), routes, functions);
            rebuildAfter(bundle, result);
            return result;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, RouteDeclarations.Result result) {
            // state changes within ACTIVE change nothing declared
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, RouteDeclarations.Result result) {
            rebuildAfter(bundle, null);
        }

        private void rebuildAfter(Bundle bundle, RouteDeclarations.Result adding) {
            rebuild(bundle, adding);
        }
    }

    private static List<Map<String, Object>> attributes(BundleRevision revision, String namespace) {
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (BundleCapability capability : revision.getDeclaredCapabilities(namespace)) {
            attributes.add(capability.getAttributes());
        }
        return attributes;
    }

    private void rebuild() {
        rebuild(null, null);
    }

    /*
     * Builds the next table from every source. The tracker calls this while adding a bundle (its result
     * is not in the tracked map yet, hence passed along) and after removing one.
     */
    private synchronized void rebuild(Bundle adding, RouteDeclarations.Result added) {
        List<Route> routes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<Bundle, RouteDeclarations.Result> tracked = bundles.getTracked();
        if (adding != null && added != null) {
            tracked.put(adding, added);
        }
        for (RouteDeclarations.Result result : tracked.values()) {
            routes.addAll(result.routes());
            problems.addAll(result.problems());
        }
        for (RouteDeclarations.Result configuration : configurations.values()) {
            routes.addAll(configuration.routes());
            problems.addAll(configuration.problems());
        }
        RouteTable next = RouteTable.build(routes, problems);
        List<HttpRouteInfo> before = table.infos();
        table = next;
        inferredFormats.clear();
        log(before, next);
    }

    private void log(List<HttpRouteInfo> before, RouteTable next) {
        Set<String> previous = new HashSet<>();
        for (HttpRouteInfo route : before) {
            if (route.status() == HttpRouteInfo.Status.SERVING) {
                previous.add(route.routeKey() + " -> " + route.function());
            }
        }
        Set<String> now = new HashSet<>();
        for (HttpRouteInfo route : next.infos()) {
            if (route.status() == HttpRouteInfo.Status.SERVING) {
                String line = route.routeKey() + " -> " + route.function();
                now.add(line);
                if (!previous.contains(line)) {
                    LOG.info("Route {} added ({})", line, route.source());
                }
            }
        }
        for (String line : previous) {
            if (!now.contains(line)) {
                LOG.info("Route {} removed", line);
            }
        }
        Set<String> problems = new HashSet<>(next.problems());
        for (String problem : next.problems()) {
            if (!reported.contains(problem)) {
                LOG.warn("Gateway: {}", problem);
            }
        }
        reported = problems;
    }

    // ---- GatewayRoutes, HealthContributor ----

    @Override
    public List<HttpRouteInfo> routes() {
        return table.infos();
    }

    @Override
    public List<String> problems() {
        return table.problems();
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (String problem : table.problems()) {
            // a bad route breaks one function's HTTP access, not the platform
            findings.add(new Finding(false, problem));
        }
        return findings;
    }

    // ---- requests ----

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = requestId();
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String rawPath = request.getRequestURI();
        if (rawPath.equals("/system") || rawPath.startsWith("/system/")) {
            LOG.info("{} {}: 404, /system/ is reserved for the platform and nothing there answers this path",
                    method, rawPath);
            error(response, 404, "Not Found", requestId);
            return;
        }
        byte[] body = body(request);
        if (body == null) {
            LOG.warn("{} {}: 413, request body over {} bytes", method, rawPath, MAX_BODY);
            error(response, 413, "Request Entity Too Large", requestId);
            return;
        }
        RouteTable routes = table;
        String[] segments = RoutePattern.segments(rawPath);

        String origin = request.getHeader("Origin");
        String preflightMethod = request.getHeader("Access-Control-Request-Method");
        if (method.equals("OPTIONS") && origin != null && preflightMethod != null) {
            CorsPolicy cors = corsFor(routes, preflightMethod.strip().toUpperCase(Locale.ROOT), rawPath, segments);
            if (cors != null) {
                preflight(response, cors, origin, preflightMethod.strip(),
                        request.getHeader("Access-Control-Request-Headers"), requestId);
                return;
            }
        }
        RouteTable.Match match = match(routes, method, rawPath, segments);
        if (match == null) {
            LOG.info("{} {}: 404, no route matches", method, rawPath);
            error(response, 404, "Not Found", requestId);
            return;
        }
        Route route = match.route();
        Settings current = settings;
        PayloadFormat format = route.format() != null ? route.format() : inferredFormat(route.function());
        GatewayRequest gatewayRequest = new GatewayRequest(method, rawPath, request.getQueryString(),
                headers(request), body, request.getRemoteAddr(), request.getProtocol());
        byte[] event = ProxyEvents.write(format, gatewayRequest, match, new ProxyEvents.Context(current.accountId(),
                current.apiId(), current.stage(), requestId, System.currentTimeMillis(), current.binaryMediaTypes()));

        InvocationResult result;
        try {
            result = invoker.invoke(InvocationRequest.of(route.function(), event));
        } catch (FunctionException e) {
            refused(response, method, rawPath, route, e, requestId);
            return;
        }
        if (result.failed()) {
            failed(response, method, rawPath, route, result, requestId);
            return;
        }
        HttpAnswer answer;
        try {
            answer = ProxyResponses.read(format, result.payload());
        } catch (MalformedResponse e) {
            LOG.warn("{} {}: 502, malformed Lambda proxy response from function {} (payload format {}, request {}): {}",
                    method, rawPath, route.function(), format.version, result.requestId(), e.getMessage());
            error(response, 502, "Internal server error", requestId);
            return;
        }
        write(response, answer, method.equals("HEAD"), route.cors() == null ? null : route.cors().allowedOrigin(origin),
                route.cors(), requestId);
    }

    /* a HEAD request falls back to the GET route of its path, as HTTP servers do */
    private static RouteTable.Match match(RouteTable routes, String method, String rawPath, String[] segments) {
        RouteTable.Match match = routes.match(method, rawPath, segments);
        if (match == null && method.equals("HEAD")) {
            match = routes.match("GET", rawPath, segments);
        }
        return match;
    }

    /*
     * The CORS settings a preflight is judged by: those of the route the announced method would reach,
     * else of any route with CORS on the path (its allowed methods then decide).
     */
    private static CorsPolicy corsFor(RouteTable routes, String method, String rawPath, String[] segments) {
        RouteTable.Match target = match(routes, method, rawPath, segments);
        if (target != null && target.route().cors() != null) {
            return target.route().cors();
        }
        for (String other : PREFLIGHT_METHODS) {
            RouteTable.Match match = routes.match(other, rawPath, segments);
            if (match != null && match.route().cors() != null) {
                return match.route().cors();
            }
        }
        return null;
    }

    private PayloadFormat inferredFormat(String function) {
        PayloadFormat known = inferredFormats.get(function);
        if (known != null) {
            return known;
        }
        Optional<FunctionInfo> info = registry.get(function);
        if (info.isEmpty()) {
            // not deployed (yet): the invocation will say so; nothing to remember
            return PayloadFormat.V2;
        }
        PayloadFormat format = PayloadFormat.inferred(info.get().handlerInputType());
        inferredFormats.put(function, format);
        return format;
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        InputStream in = request.getInputStream();
        if (declared > MAX_BODY) {
            drain(in);
            return null;
        }
        if (declared == 0 || declared < 0 && request.getHeader("Transfer-Encoding") == null
                && request.getProtocol().startsWith("HTTP/1")) {
            // an HTTP/1.x request has a body only with Content-Length or Transfer-Encoding
            return NO_BODY;
        }
        if (declared > 0) {
            return in.readNBytes((int) declared);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > MAX_BODY) {
                drain(in);
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        long skipped = 0;
        byte[] buffer = new byte[65536];
        int n;
        while (skipped < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
            skipped += n;
        }
    }

    private static List<Header> headers(HttpServletRequest request) {
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new Header(name, value));
            }
        }
        return headers;
    }

    private static void refused(HttpServletResponse response, String method, String path, Route route,
            FunctionException e, String requestId) throws IOException {
        switch (e.code()) {
            case "TooManyRequestsException" -> {
                LOG.warn("{} {}: 429, function {} throttled ({}): {}", method, path, route.function(), e.reason(),
                        e.getMessage());
                error(response, 429, "Too Many Requests", requestId);
            }
            case "RequestTooLargeException" -> {
                LOG.warn("{} {}: 413, the event for function {} is over the invocation limit: {}", method, path,
                        route.function(), e.getMessage());
                error(response, 413, "Request Entity Too Large", requestId);
            }
            default -> {
                LOG.warn("{} {}: 502, function {} of route {} could not be invoked: {} {}", method, path,
                        route.function(), route.pattern().routeKey(), e.code(), e.getMessage());
                error(response, 502, "Internal server error", requestId);
            }
        }
    }

    private static void failed(HttpServletResponse response, String method, String path, Route route,
            InvocationResult result, String requestId) throws IOException {
        String errorType = "";
        String errorMessage = "";
        try {
            JsonElement document = JsonParser.parseString(new String(result.payload(), StandardCharsets.UTF_8));
            if (document.isJsonObject()) {
                JsonObject error = document.getAsJsonObject();
                errorType = error.has("errorType") ? error.get("errorType").getAsString() : "";
                errorMessage = error.has("errorMessage") ? error.get("errorMessage").getAsString() : "";
            }
        } catch (RuntimeException e) {
            errorMessage = "unreadable error document";
        }
        if (TIMEOUT_ERROR_TYPE.equals(errorType)) {
            LOG.warn("{} {}: 504, function {} timed out (request {}): {}", method, path, route.function(),
                    result.requestId(), errorMessage);
            error(response, 504, "Endpoint request timed out", requestId);
        } else {
            LOG.warn("{} {}: 502, function {} failed (request {}): {} {}", method, path, route.function(),
                    result.requestId(), errorType, errorMessage);
            error(response, 502, "Internal server error", requestId);
        }
    }

    private static void preflight(HttpServletResponse response, CorsPolicy cors, String origin, String method,
            String requestedHeaders, String requestId) {
        response.setStatus(204);
        response.setHeader("apigw-requestid", requestId);
        response.addHeader("Vary", "Origin");
        String allowed = cors.allowedOrigin(origin);
        if (allowed == null || !cors.allowsMethod(method) || !cors.allowsHeaders(requestedHeaders)) {
            // answered without CORS headers: the browser refuses the actual request
            LOG.info("OPTIONS preflight from {} for {} (headers {}) not allowed by the route's CORS", origin, method,
                    requestedHeaders);
            return;
        }
        response.setHeader("Access-Control-Allow-Origin", allowed);
        response.setHeader("Access-Control-Allow-Methods", cors.allowMethodsHeader(method));
        String headers = cors.allowHeadersHeader(requestedHeaders);
        if (headers != null) {
            response.setHeader("Access-Control-Allow-Headers", headers);
        }
        if (cors.maxAge() >= 0) {
            response.setHeader("Access-Control-Max-Age", Integer.toString(cors.maxAge()));
        }
        if (cors.allowCredentials()) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    private static void write(HttpServletResponse response, HttpAnswer answer, boolean head, String allowedOrigin,
            CorsPolicy cors, String requestId) throws IOException {
        response.setStatus(answer.status());
        boolean typed = false;
        for (Header header : answer.headers()) {
            String name = header.name();
            if (name.equalsIgnoreCase("Content-Type")) {
                response.setContentType(header.value());
                typed = true;
            } else if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Connection")) {
                response.addHeader(name, header.value());
            }
        }
        for (String cookie : answer.cookies()) {
            response.addHeader("Set-Cookie", cookie);
        }
        if (!typed) {
            response.setContentType(ProxyResponses.JSON);
        }
        response.setHeader("apigw-requestid", requestId);
        if (allowedOrigin != null) {
            // the route's CORS settings win over what the function set, as with HTTP APIs
            response.setHeader("Access-Control-Allow-Origin", allowedOrigin);
            response.addHeader("Vary", "Origin");
            if (!cors.exposeHeaders().isEmpty()) {
                response.setHeader("Access-Control-Expose-Headers", String.join(",", cors.exposeHeaders()));
            }
            if (cors.allowCredentials()) {
                response.setHeader("Access-Control-Allow-Credentials", "true");
            }
        }
        response.setContentLength(answer.body().length);
        if (!head) {
            OutputStream out = response.getOutputStream();
            out.write(answer.body());
        }
    }

    private static void error(HttpServletResponse response, int status, String message, String requestId)
            throws IOException {
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(ProxyResponses.JSON);
        response.setHeader("apigw-requestid", requestId);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /* a random UUID without SecureRandom, which would serialise concurrent requests */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
