package io.stratus.console.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.gateway.api.GatewayRoutes;
import io.stratus.gateway.api.HttpRouteInfo;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;
import io.stratus.storage.api.BucketNotifications;
import io.stratus.storage.api.NotificationInfo;

/** The Functions list: state, memory, timeout, role, and the routes and triggers leading to each function. */
public class FunctionsPluginTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:";

    private static <T> T answering(Class<T> type, String method, Object answer) {
        return type.cast(Proxy.newProxyInstance(FunctionsPluginTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> {
                    if (m.getName().equals(method)) {
                        return answer;
                    }
                    throw new UnsupportedOperationException(m.getName());
                }));
    }

    private static FunctionInfo function(String name, String role) {
        return new FunctionInfo(new FunctionSpec(name, "x.Handler", 256, 7, Map.of(), role, null), ARN + name,
                FunctionState.Active, null, null, 12, "fn.bundle", "1.0.0", "sha", 1, Instant.EPOCH, null, null);
    }

    private static final GatewayRoutes ROUTES = answering(GatewayRoutes.class, "routes", List.of(
            new HttpRouteInfo("GET /hello", "hello", "2.0", "bundle fn.bundle [12]", HttpRouteInfo.Status.SERVING,
                    List.of()),
            new HttpRouteInfo("POST /hello", "hello", "", "bundle fn.bundle [12]", HttpRouteInfo.Status.SERVING,
                    List.of()),
            new HttpRouteInfo("GET /old", "hello", "", "bundle fn.bundle [12]", HttpRouteInfo.Status.OVERRIDDEN,
                    List.of())));
    private static final BucketNotifications BUCKETS = answering(BucketNotifications.class, "notifications", List.of(
            new NotificationInfo("incoming", "thumbs", "resize", List.of("s3:ObjectCreated:*"), "", ".jpg", true)));
    private static final RuleService RULES = answering(RuleService.class, "rules", List.of(
            new Rule("nightly", "arn:aws:events:us-east-1:000000000000:rule/nightly", "cron(0 2 * * ? *)",
                    RuleState.ENABLED, null, null, Instant.EPOCH,
                    List.of(new Target("1", ARN + "resize", null), new Target("2", ARN + "hello:live", null)), null,
                    null),
            new Rule("paused", "arn:aws:events:us-east-1:000000000000:rule/paused", "rate(5 minutes)",
                    RuleState.DISABLED, null, null, Instant.EPOCH, List.of(new Target("a", ARN + "resize", null)), null,
                    null)));

    private static String list(FunctionsPlugin plugin) throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.renderContent(ServletFixtures.request(FunctionsPlugin.LABEL, "", Map.of(), null), response.proxy());
        return response.text.toString();
    }

    private static FunctionsPlugin plugin() {
        FunctionRegistry registry = answering(FunctionRegistry.class, "list",
                List.of(function("hello", "arn:aws:iam::000000000000:role/web"), function("resize", null)));
        return new FunctionsPlugin(registry, null, null);
    }

    /* The cells of a function's row, in column order. */
    private static List<String> row(String page, String function) {
        int start = page.indexOf("<tr><td><a href='/system/console/" + FunctionsPlugin.LABEL + "/" + function + "'>");
        assertTrue(page, start >= 0);
        String row = page.substring(start, page.indexOf("</tr>", start));
        return List.of(row.replaceAll("^<tr><td>", "").replaceAll("</td>$", "").split("</td><td[^>]*>"));
    }

    @Test
    public void theListShowsStateMemoryTimeoutRoleRoutesAndTriggers() throws Exception {
        FunctionsPlugin plugin = plugin();
        plugin.links.add(new GatewayLinks(ROUTES));
        plugin.links.add(new BucketLinks(BUCKETS));
        plugin.links.add(new ScheduleLinks(RULES));
        String page = list(plugin);
        assertTrue(page, page.contains("<th>Role</th><th>Routes</th><th>Triggers</th>"));
        List<String> hello = row(page, "hello");
        assertEquals("Active", hello.get(1));
        assertEquals("256", hello.get(2));
        assertEquals("7", hello.get(3));
        assertEquals("arn:aws:iam::000000000000:role/web", hello.get(4));
        assertEquals("GET /hello<br>POST /hello<br>GET /old (overridden)", hello.get(5));
        assertEquals("an alias target counts for its function", "Schedule nightly (cron(0 2 * * ? *))", hello.get(6));
        List<String> resize = row(page, "resize");
        assertEquals("", resize.get(5));
        assertEquals("S3 incoming (s3:ObjectCreated:*, suffix .jpg)<br>Schedule nightly (cron(0 2 * * ? *))"
                + "<br>Schedule paused (rate(5 minutes), DISABLED)", resize.get(6));
    }

    @Test
    public void withoutTheGatewayStorageAndSchedulerTheColumnsAreEmpty() throws Exception {
        List<String> hello = row(list(plugin()), "hello");
        assertEquals("", hello.get(5));
        assertEquals("", hello.get(6));
        assertEquals("fn.bundle [12]", hello.get(8));
    }

    @Test
    public void aFailingSourceLeavesTheOthersShowing() throws Exception {
        FunctionsPlugin plugin = plugin();
        plugin.links.add(new GatewayLinks(answering(GatewayRoutes.class, "none", null)));
        plugin.links.add(new BucketLinks(BUCKETS));
        String page = list(plugin);
        assertEquals("", row(page, "hello").get(5));
        assertEquals("S3 incoming (s3:ObjectCreated:*, suffix .jpg)", row(page, "resize").get(6));
        assertFalse(page, page.contains("Exception"));
    }

    @Test
    public void linksAreEscaped() throws Exception {
        FunctionsPlugin plugin = plugin();
        plugin.links.add(new GatewayLinks(answering(GatewayRoutes.class, "routes", List.of(new HttpRouteInfo(
                "GET /<script>", "hello", "", "x", HttpRouteInfo.Status.SERVING, List.of())))));
        assertEquals("GET /&lt;script&gt;", row(list(plugin), "hello").get(5));
    }

    @Test
    public void functionNamesComeFromArnsWithOrWithoutQualifier() {
        assertEquals("f", FunctionLinks.functionName(ARN + "f"));
        assertEquals("f", FunctionLinks.functionName(ARN + "f:3"));
        assertEquals("plain", FunctionLinks.functionName("plain"));
    }
}
