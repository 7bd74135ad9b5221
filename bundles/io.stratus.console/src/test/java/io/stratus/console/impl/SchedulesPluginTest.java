package io.stratus.console.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import io.stratus.lambda.api.FunctionPolicies;
import io.stratus.runtime.api.Invoker;
import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;
import io.stratus.scheduler.impl.LocalScheduler;

/** The Schedules page against the platform's own scheduler in a temporary data directory. */
public class SchedulesPluginTest {

    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:report";

    @Rule
    public TemporaryFolder data = new TemporaryFolder();

    private LocalScheduler scheduler;
    private SchedulesPlugin plugin;

    @Before
    public void startScheduler() throws Exception {
        Path dir = data.getRoot().toPath();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> method.getName().equals("getProperty")
                        && "stratus.data".equals(args[0]) ? dir.toString() : null);
        LocalScheduler.Config config = (LocalScheduler.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { LocalScheduler.Config.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "maxSleepMillis" -> 50L;
                    case "deliveryThreads" -> 1;
                    case "annotationType" -> (Class<? extends Annotation>) LocalScheduler.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        // the rules below are due in days, not during the test: nothing is invoked
        Invoker invoker = (Invoker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Invoker.class },
                (proxy, method, args) -> {
                    throw new AssertionError("nothing should fire: " + method.getName());
                });
        // and no trigger is permitted: the page only reads and toggles rules
        FunctionPolicies policies = (function, qualifier, service, sourceArn, sourceAccount) ->
                new FunctionPolicies.Decision(false, "no permission in this test");
        scheduler = new LocalScheduler(context, invoker, policies, config);
        plugin = new SchedulesPlugin(scheduler);
        scheduler.putRule(new RuleDefinition("nightly-report", "cron(0 3 * * ? *)", null, "builds the <report>"));
        scheduler.putTargets("nightly-report", List.of(new Target("fn", FUNCTION, "{\"kind\":\"nightly\"}")));
        scheduler.putRule(new RuleDefinition("weekly", "rate(7 days)", RuleState.DISABLED, null));
    }

    @After
    public void stopScheduler() throws Exception {
        java.lang.reflect.Method close = LocalScheduler.class.getDeclaredMethod("close");
        close.setAccessible(true);
        close.invoke(scheduler);
    }

    private String page() {
        return SchedulesPlugin.render(scheduler.rules(null), "/c/r", null, null);
    }

    @Test
    public void everyRuleIsListedWithExpressionStateNextFireAndTargets() {
        String html = page();
        assertTrue(html, html.contains("2 rules, 1 enabled"));
        var nightly = scheduler.rule("nightly-report").orElseThrow();
        assertTrue(html, html.contains("<tr data-rule='nightly-report'><td title='" + nightly.arn()
                + "'>nightly-report</td><td><code>cron(0 3 * * ? *)</code></td><td class='stratus-state'>ENABLED</td><td>"
                + nightly.nextFire() + "</td>"));
        assertTrue(html, html.contains("<div class='stratus-target'>fn: " + FUNCTION
                + " <span class='stratus-hint'>input <code>{&quot;kind&quot;:&quot;nightly&quot;}</code></span></div>"));
        assertTrue("descriptions are escaped", html.contains("builds the &lt;report&gt;"));
        assertTrue(html, html.contains("<td class='stratus-state'>DISABLED</td><td></td>"));
        assertTrue(html, html.contains("action='/c/r/disable'><input type='hidden' name='rule' value='nightly-report'>"));
        assertTrue(html, html.contains("action='/c/r/enable'><input type='hidden' name='rule' value='weekly'>"));
    }

    @Test
    public void disablingARuleStopsItsNextFireAndEnablingGivesItBack() throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.doPost(ServletFixtures.request(SchedulesPlugin.LABEL, "/disable", Map.of("rule", "nightly-report"), null),
                response.proxy());
        assertEquals("/system/console/stratus-schedules?message=Rule+nightly-report+is+DISABLED", response.redirect);
        assertEquals(RuleState.DISABLED, scheduler.rule("nightly-report").orElseThrow().state());
        assertNull(scheduler.rule("nightly-report").orElseThrow().nextFire());

        String enabled = plugin.act("/enable", "nightly-report");
        var rule = scheduler.rule("nightly-report").orElseThrow();
        assertEquals(RuleState.ENABLED, rule.state());
        assertEquals("Rule nightly-report is ENABLED; it fires next at " + rule.nextFire(), enabled);
    }

    @Test
    public void aMissingRuleIsRefusedAsEventBridgeRefusesIt() throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.doPost(ServletFixtures.request(SchedulesPlugin.LABEL, "/enable", Map.of("rule", "no-such"), null),
                response.proxy());
        assertTrue(response.redirectParameter("error"), response.redirectParameter("error")
                .startsWith("ResourceNotFoundException: "));
        assertEquals("!ValidationException: the rule name is required", plugin.act("/disable", ""));
        assertEquals("!No such action: /delete", plugin.act("/delete", "weekly"));
        assertEquals(2, scheduler.rules(null).size());
        assertEquals(RuleState.DISABLED, scheduler.rule("weekly").orElseThrow().state());
    }

    @Test
    public void withoutTheSchedulerThePageSaysSoAndWritesChangeNothing() {
        assertTrue(SchedulesPlugin.render(null, "/c/r", null, null)
                .contains("The scheduler (io.stratus.scheduler.api.RuleService) is not running"));
        assertEquals("!The scheduler is not running: nothing was changed", new SchedulesPlugin(null).act("/enable", "weekly"));
    }
}
