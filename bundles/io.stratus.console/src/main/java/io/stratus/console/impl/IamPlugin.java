package io.stratus.console.impl;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.stratus.iam.api.IamDirectory;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Web Console page "IAM", read-only: users with their access keys and policies, roles with their
 * trust and permission policies, managed policies, and the recent authorization denials with the
 * reason. Changes are made with the IAM API, where they are validated and signed for.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + IamPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=IAM",
        ServletConstants.PLUGIN_CATEGORY + "=Stratus",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FunctionsPlugin.LABEL + "/res/stratus.css" })
public final class IamPlugin extends AbstractServlet {

    static final String LABEL = "stratus-iam";
    private static final long serialVersionUID = 1L;

    /** Optional and dynamic so the console keeps working, and says so, while IAM is stopped. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile IamDirectory directory;

    public IamPlugin() {
    }

    IamPlugin(IamDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter().print(render(directory));
    }

    /** @param directory null when IAM is not running */
    static String render(IamDirectory directory) {
        StringBuilder out = new StringBuilder();
        if (directory == null) {
            out.append("<p class='statline ui-state-error' id='unavailable'>IAM (io.stratus.iam.api.IamDirectory) "
                    + "is not running: no users, roles or policies to show.</p>\n");
            return out.toString();
        }
        List<IamDirectory.User> users = directory.users();
        List<IamDirectory.Role> roles = directory.roles();
        List<IamDirectory.ManagedPolicy> policies = directory.policies();
        List<IamDirectory.Denial> denials = directory.recentDenials();
        out.append("<p class='statline'>").append(users.size()).append(" users, ").append(roles.size())
                .append(" roles, ").append(policies.size()).append(" managed policies, ").append(denials.size())
                .append(" recent denials (read-only; change them with the IAM API)</p>\n");

        out.append("<h3>Recent denials</h3><table class='nicetable stratus-denials' id='denials'><thead><tr>")
                .append("<th>Time (UTC)</th><th>Principal</th><th>Action</th><th>Resource</th><th>Reason</th>")
                .append("<th>Request id</th></tr></thead><tbody>\n");
        for (IamDirectory.Denial d : denials) {
            out.append("<tr><td>").append(d.time()).append("</td><td>").append(Html.escape(d.principalArn()))
                    .append("</td><td>").append(Html.escape(d.action())).append("</td><td>").append(Html.escape(d.resource()))
                    .append("</td><td class='stratus-reason'>").append(Html.escape(d.reason())).append("</td><td>")
                    .append(Html.escape(d.requestId())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h3>Users</h3><table class='tablesorter nicetable stratus-users' id='users'><thead><tr>")
                .append("<th>Name</th><th>ARN</th><th>Created</th><th>Access keys</th><th>Attached policies</th>")
                .append("<th>Inline policies</th></tr></thead><tbody>\n");
        for (IamDirectory.User u : users) {
            out.append("<tr><td>").append(Html.escape(u.name())).append("</td><td>").append(Html.escape(u.arn()))
                    .append("</td><td>").append(u.created()).append("</td><td>");
            for (IamDirectory.AccessKey k : directory.accessKeys(u.name())) {
                out.append("<div>").append(Html.escape(k.accessKeyId())).append(" (").append(Html.escape(k.status()))
                        .append(")</div>");
            }
            out.append("</td><td>");
            lines(out, u.attachedPolicies());
            out.append("</td><td>");
            documents(out, u.inlinePolicies());
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h3>Roles</h3><table class='tablesorter nicetable stratus-roles' id='roles'><thead><tr>")
                .append("<th>Name</th><th>ARN</th><th>Created</th><th>Max session (s)</th><th>Trust policy</th>")
                .append("<th>Attached policies</th><th>Inline policies</th><th>Description</th></tr></thead><tbody>\n");
        for (IamDirectory.Role r : roles) {
            out.append("<tr><td>").append(Html.escape(r.name())).append("</td><td>").append(Html.escape(r.arn()))
                    .append("</td><td>").append(r.created()).append("</td><td>").append(r.maxSessionDuration())
                    .append("</td><td>");
            document(out, r.assumeRolePolicyDocument());
            out.append("</td><td>");
            lines(out, r.attachedPolicies());
            out.append("</td><td>");
            documents(out, r.inlinePolicies());
            out.append("</td><td>").append(Html.escape(r.description() == null ? "" : r.description()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");

        out.append("<h3>Managed policies</h3><table class='tablesorter nicetable stratus-policies' id='policies'>")
                .append("<thead><tr><th>Name</th><th>ARN</th><th>Type</th><th>Attachments</th><th>Updated</th>")
                .append("<th>Document</th></tr></thead><tbody>\n");
        for (IamDirectory.ManagedPolicy p : policies) {
            out.append("<tr><td>").append(Html.escape(p.name())).append("</td><td>").append(Html.escape(p.arn()))
                    .append("</td><td>").append(p.awsManaged() ? "AWS managed" : "Customer managed").append("</td><td>")
                    .append(p.attachmentCount()).append("</td><td>").append(p.updated() == null ? "" : p.updated())
                    .append("</td><td>");
            document(out, p.document());
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        return out.toString();
    }

    private static void lines(StringBuilder out, List<String> values) {
        for (String value : values) {
            out.append("<div>").append(Html.escape(value)).append("</div>");
        }
    }

    private static void documents(StringBuilder out, Map<String, String> named) {
        new TreeMap<>(named).forEach((name, text) -> {
            out.append("<details><summary>").append(Html.escape(name)).append("</summary>");
            document(out, text);
            out.append("</details>");
        });
    }

    private static void document(StringBuilder out, String text) {
        if (text != null) {
            out.append("<pre class='stratus-policy'>").append(Html.escape(text)).append("</pre>");
        }
    }
}
