package io.stratus.console.impl;

import java.io.IOException;
import java.util.List;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.SchedulerException;
import io.stratus.scheduler.api.Target;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Web Console page "Schedules": every scheduled rule with its expression, state, next and last fire
 * time and targets, and enabling or disabling a rule. Changes go through {@link RuleService}, which
 * refuses them as the EventBridge API does (a bundle's rule changes only with its bundle).
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + SchedulesPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Schedules",
        ServletConstants.PLUGIN_CATEGORY + "=Stratus",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FunctionsPlugin.LABEL + "/res/stratus.css" })
public final class SchedulesPlugin extends AbstractServlet {

    static final String LABEL = "stratus-schedules";
    private static final long serialVersionUID = 1L;

    /** Optional and dynamic so the console keeps working, and says so, while the scheduler is stopped. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile RuleService rules;

    public SchedulesPlugin() {
    }

    SchedulesPlugin(RuleService rules) {
        this.rules = rules;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!Pages.sameOrigin(request, response)) {
            return;
        }
        String outcome = act(Pages.rest(request), request.getParameter("rule"));
        String kind = outcome.startsWith("!") ? "error=" : "message=";
        response.sendRedirect(Pages.pluginRoot(request, LABEL) + "?" + kind
                + StoragePlugin.encode(outcome.startsWith("!") ? outcome.substring(1) : outcome));
    }

    /** Applies an action; the message to show, starting with '!' when it was refused. */
    String act(String action, String name) {
        RuleService current = rules;
        if (current == null) {
            return "!The scheduler is not running: nothing was changed";
        }
        RuleState state = switch (action) {
            case "/enable" -> RuleState.ENABLED;
            case "/disable" -> RuleState.DISABLED;
            default -> null;
        };
        if (state == null) {
            return "!No such action: " + action;
        }
        if (name == null || name.isEmpty()) {
            return "!ValidationException: the rule name is required";
        }
        try {
            Rule rule = current.setState(name, state);
            return "Rule " + rule.name() + " is " + rule.state()
                    + (rule.nextFire() == null ? "" : "; it fires next at " + rule.nextFire());
        } catch (SchedulerException e) {
            return "!" + e.code() + ": " + e.getMessage();
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        RuleService current = rules;
        response.getWriter().print(render(current == null ? null : current.rules(null), Pages.pluginRoot(request, LABEL),
                request.getParameter("message"), request.getParameter("error")));
    }

    /** @param rules null when the scheduler is not running */
    static String render(List<Rule> rules, String root, String message, String error) {
        StringBuilder out = new StringBuilder();
        Pages.notice(out, message, error);
        if (rules == null) {
            out.append("<p class='statline ui-state-error' id='unavailable'>The scheduler "
                    + "(io.stratus.scheduler.api.RuleService) is not running: no rules to show.</p>\n");
            return out.toString();
        }
        long enabled = rules.stream().filter(r -> r.state() == RuleState.ENABLED).count();
        out.append("<p class='statline'>").append(rules.size()).append(" rules, ").append(enabled)
                .append(" enabled (times in UTC)</p>\n");
        out.append("<table class='tablesorter nicetable stratus-rules' id='rules'><thead><tr><th>Name</th>")
                .append("<th>Expression</th><th>State</th><th>Next fire</th><th>Last fire</th><th>Targets</th>")
                .append("<th>Managed by</th><th>Description</th><th></th></tr></thead><tbody>\n");
        for (Rule r : rules) {
            out.append("<tr data-rule='").append(Html.escape(r.name())).append("'><td title='").append(Html.escape(r.arn()))
                    .append("'>").append(Html.escape(r.name())).append("</td><td><code>")
                    .append(Html.escape(r.scheduleExpression())).append("</code></td><td class='stratus-state'>")
                    .append(r.state()).append("</td><td>").append(r.nextFire() == null ? "" : r.nextFire())
                    .append("</td><td>").append(r.lastFire() == null ? "" : r.lastFire()).append("</td><td>");
            for (Target t : r.targets()) {
                out.append("<div class='stratus-target'>").append(Html.escape(t.id())).append(": ")
                        .append(Html.escape(t.arn()));
                if (t.input() != null) {
                    out.append(" <span class='stratus-hint'>input <code>").append(Html.escape(t.input()))
                            .append("</code></span>");
                }
                out.append("</div>");
            }
            out.append("</td><td>").append(Html.escape(r.managedBy() == null ? "" : r.managedBy())).append("</td><td>")
                    .append(Html.escape(r.description() == null ? "" : r.description())).append("</td><td>");
            boolean on = r.state() == RuleState.ENABLED;
            out.append("<form method='post' action='").append(Html.escape(root + (on ? "/disable" : "/enable")))
                    .append("'><input type='hidden' name='rule' value='").append(Html.escape(r.name()))
                    .append("'><button type='submit' class='stratus-toggle'>").append(on ? "Disable" : "Enable")
                    .append("</button></form></td></tr>\n");
        }
        out.append("</tbody></table>\n");
        out.append("<p class='stratus-hint'>Rules are created and given targets with the EventBridge API "
                + "(<code>aws events put-rule</code>, <code>put-targets</code>) or declared by function bundles; "
                + "a bundle's rule changes only with its bundle.</p>\n");
        return out.toString();
    }
}
