package io.stratus.console.impl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.iam.api.IamDirectory;

public class IamPluginTest {

    private static final Instant T = Instant.parse("2026-11-26T02:00:00Z");

    /** IAM's state as the directory reports it. */
    private static final IamDirectory DIRECTORY = new IamDirectory() {
        @Override
        public List<User> users() {
            return List.of(new User("alice", "/", "AIDA1", "arn:aws:iam::000000000000:user/alice", T,
                    Map.of("read-<all>", "{\"Statement\":[]}"), List.of("arn:aws:iam::000000000000:policy/ops")));
        }

        @Override
        public List<Role> roles() {
            return List.of(new Role("worker", "/", "AROA1", "arn:aws:iam::000000000000:role/worker", T, "runs jobs",
                    "{\"Principal\":{\"Service\":\"lambda.amazonaws.com\"}}", 3600, Map.of(),
                    List.of("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")));
        }

        @Override
        public List<ManagedPolicy> policies() {
            return List.of(new ManagedPolicy("ops", "/", "ANPA1", "arn:aws:iam::000000000000:policy/ops", null, T, T,
                    "{\"Effect\":\"Allow\"}", 1, false));
        }

        @Override
        public List<AccessKey> accessKeys(String userName) {
            return "alice".equals(userName) ? List.of(new AccessKey("AKIAALICE", "alice", "Inactive", T)) : List.of();
        }

        @Override
        public List<Denial> recentDenials() {
            return List.of(new Denial(T, "arn:aws:iam::000000000000:user/alice", "s3:GetObject",
                    "arn:aws:s3:::photos/a.txt", "no identity-based policy allows the s3:GetObject action", "req-1"));
        }
    };

    @Test
    public void denialsAreListedWithTheirReason() {
        String html = IamPlugin.render(DIRECTORY);
        assertTrue(html, html.contains("1 users, 1 roles, 1 managed policies, 1 recent denials"));
        assertTrue(html, html.contains("<tr><td>2026-11-26T02:00:00Z</td><td>arn:aws:iam::000000000000:user/alice</td>"
                + "<td>s3:GetObject</td><td>arn:aws:s3:::photos/a.txt</td><td class='stratus-reason'>no identity-based "
                + "policy allows the s3:GetObject action</td><td>req-1</td></tr>"));
    }

    @Test
    public void usersShowTheirKeysAndPoliciesEscaped() {
        String html = IamPlugin.render(DIRECTORY);
        assertTrue(html, html.contains("<div>AKIAALICE (Inactive)</div>"));
        assertTrue(html, html.contains("<div>arn:aws:iam::000000000000:policy/ops</div>"));
        assertTrue(html, html.contains("<summary>read-&lt;all&gt;</summary><pre class='stratus-policy'>"
                + "{&quot;Statement&quot;:[]}</pre>"));
        assertFalse(html.contains("read-<all>"));
    }

    @Test
    public void rolesShowTrustAndAttachedPoliciesAndPoliciesTheirKind() {
        String html = IamPlugin.render(DIRECTORY);
        assertTrue(html, html.contains("<td>worker</td><td>arn:aws:iam::000000000000:role/worker</td><td>"
                + "2026-11-26T02:00:00Z</td><td>3600</td><td><pre class='stratus-policy'>{&quot;Principal&quot;"));
        assertTrue(html, html.contains("<div>arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole</div>"));
        assertTrue(html, html.contains("<td>Customer managed</td><td>1</td>"));
    }

    @Test
    public void withoutIamThePageSaysSo() {
        assertTrue(IamPlugin.render(null).contains("IAM (io.stratus.iam.api.IamDirectory) is not running"));
    }
}
