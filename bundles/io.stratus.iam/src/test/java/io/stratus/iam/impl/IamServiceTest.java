package io.stratus.iam.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.RequestAuthorizer.Decision;
import io.stratus.iam.api.IamDirectory;
import io.stratus.iam.impl.sigv4.TestRequest;

/**
 * IAM's core without OSGi: state that survives a restart, authorization of users and function
 * roles against their policies, the default function role, denials kept with their reason, and
 * presigned URLs that the verifier accepts.
 */
public class IamServiceTest {

    static final RootCredentials ROOT = new RootCredentials("AKIAROOTROOTROOTROOT", "rootsecretrootsecretrootsecretrootsecret");
    static final String TRUST_LAMBDA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path directory;
    private IamService iam;

    @Before
    public void start() throws Exception {
        directory = folder.getRoot().toPath().resolve("iam");
        iam = new IamService(directory, "000000000000", ROOT, 1 << 20);
    }

    private static TestRequest anyRequest() {
        return TestRequest.parse("GET / HTTP/1.1\nHost:localhost\n\n");
    }

    private Decision decide(AwsPrincipal principal, String action, String resource) {
        return iam.authorize(principal, new AccessRequest(action, resource), anyRequest());
    }

    private AwsPrincipal principalOf(Map<String, String> environment) throws AwsException {
        return iam.store().signingKey(environment.get("AWS_ACCESS_KEY_ID")).principal();
    }

    @Test
    public void stateSurvivesARestart() throws Exception {
        iam.store().createUser("ada", null);
        iam.store().putInlinePolicy(IamStore.Owner.USER, "ada", "p",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}");
        IamStore.NewKey key = iam.store().createAccessKey("ada");
        IamService restarted = new IamService(directory, "000000000000", ROOT, 1 << 20);
        assertEquals(List.of("ada"), restarted.users().stream().map(IamDirectory.User::name).toList());
        assertEquals("arn:aws:iam::000000000000:user/ada",
                restarted.store().signingKey(key.key().accessKeyId()).principal().arn());
        assertEquals(key.secret(), restarted.store().signingKey(key.key().accessKeyId()).secretAccessKey());
    }

    @Test
    public void theRootIsAlwaysAllowedAndUsersByTheirPolicies() throws Exception {
        AwsPrincipal root = new AwsPrincipal("000000000000", "arn:aws:iam::000000000000:root", "000000000000", ROOT.accessKeyId());
        assertTrue(decide(root, "iam:DeleteUser", "*").allowed());
        iam.store().createUser("reader", null);
        iam.store().putInlinePolicy(IamStore.Owner.USER, "reader", "read",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":\"iam:Get*\",\"Resource\":\"*\"}}");
        AwsPrincipal reader = iam.store().signingKey(iam.store().createAccessKey("reader").key().accessKeyId()).principal();
        assertTrue(decide(reader, "iam:GetUser", "arn:aws:iam::000000000000:user/x").allowed());
        Decision denied = decide(reader, "iam:DeleteUser", "arn:aws:iam::000000000000:user/x");
        assertFalse(denied.allowed());
        assertTrue(denied.reason(), denied.reason().contains("no identity-based policy allows the iam:DeleteUser action"));
        IamDirectory.Denial kept = iam.recentDenials().get(0);
        assertEquals(reader.arn(), kept.principalArn());
        assertEquals("iam:DeleteUser", kept.action());
    }

    @Test
    public void anInactiveKeySignsNothing() throws Exception {
        iam.store().createUser("idle", null);
        String id = iam.store().createAccessKey("idle").key().accessKeyId();
        iam.store().updateAccessKey("idle", id, "Inactive");
        assertEquals(null, iam.store().signingKey(id));
    }

    @Test
    public void aFunctionWithoutARoleMayOnlyWriteItsOwnLogs() throws Exception {
        Map<String, String> environment = iam.environment("hello", null);
        assertTrue(environment.get("AWS_ACCESS_KEY_ID").startsWith("ASIA"));
        AwsPrincipal function = principalOf(environment);
        assertEquals("arn:aws:sts::000000000000:assumed-role/stratus-lambda-basic-execution/hello", function.arn());
        assertTrue(decide(function, "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/hello:log-stream:2026/11/26/x").allowed());
        assertTrue(decide(function, "logs:CreateLogGroup", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/hello").allowed());
        assertFalse(decide(function, "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/other:log-stream:x").allowed());
        assertFalse(decide(function, "s3:GetObject", "arn:aws:s3:::any/key").allowed());
        assertFalse(decide(function, "logs:DeleteLogGroup", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/hello").allowed());
        // the runtime names the default role for functions that declare none
        Map<String, String> named = iam.environment("hello", "arn:aws:iam::000000000000:role/stratus-lambda-basic-execution");
        assertEquals(function.arn(), principalOf(named).arn());
    }

    @Test
    public void aFunctionActsWithItsRole() throws Exception {
        IamDirectory.Role role = iam.store().createRole("writer", null, TRUST_LAMBDA, null, null);
        iam.store().putInlinePolicy(IamStore.Owner.ROLE, "writer", "bucket-a",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::a/*\"}}");
        Map<String, String> environment = iam.environment("upload", role.arn());
        AwsPrincipal function = principalOf(environment);
        assertEquals("arn:aws:sts::000000000000:assumed-role/writer/upload", function.arn());
        assertTrue(decide(function, "s3:PutObject", "arn:aws:s3:::a/photo.jpg").allowed());
        assertFalse(decide(function, "s3:PutObject", "arn:aws:s3:::b/photo.jpg").allowed());
        // the next cold start reuses the credentials while most of their lifetime is left
        assertEquals(environment, iam.environment("upload", role.arn()));
    }

    @Test
    public void aTrustPolicyNamingTheCallerLetsItAssumeTheRoleWithoutAnIdentityPolicy() throws Exception {
        iam.store().createUser("alice", null);
        AwsPrincipal alice = iam.store().signingKey(iam.store().createAccessKey("alice").key().accessKeyId()).principal();
        String trustAlice = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"AWS\":\"" + alice.arn() + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        String named = iam.store().createRole("named", null, trustAlice, null, null).arn();
        String account = iam.store().createRole("account", null,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"000000000000\"},"
                        + "\"Action\":\"sts:AssumeRole\"}]}", null, null).arn();

        assertTrue("named in the trust policy", decide(alice, "sts:AssumeRole", named).allowed());
        assertFalse("trusting the account delegates to identity policies", decide(alice, "sts:AssumeRole", account).allowed());
        assertFalse("no such role", decide(alice, "sts:AssumeRole", "arn:aws:iam::000000000000:role/none").allowed());
        assertFalse("only sts:AssumeRole", decide(alice, "iam:GetRole", named).allowed());

        iam.store().putInlinePolicy(IamStore.Owner.USER, "alice", "no-roles",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}}");
        assertFalse("an explicit deny still wins", decide(alice, "sts:AssumeRole", named).allowed());
    }

    @Test
    public void aMissingOrUntrustingRoleGivesNoCredentials() throws Exception {
        assertEquals(Map.of(), iam.environment("f", "arn:aws:iam::000000000000:role/nowhere"));
        IamDirectory.Role role = iam.store().createRole("people-only", null,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"000000000000\"},\"Action\":\"sts:AssumeRole\"}]}",
                null, null);
        assertEquals(Map.of(), iam.environment("f", role.arn()));
    }

    @Test
    public void aPresignedUrlVerifiesAsTheRootForItsPathOnly() throws Exception {
        String url = iam.presign("GET", "http://localhost:4566/2015-03-31/functions/hello/code", "lambda", "us-east-1",
                Duration.ofMinutes(10));
        URI uri = URI.create(url);
        TestRequest request = TestRequest.parse("GET " + uri.getRawPath() + "?" + uri.getRawQuery() + " HTTP/1.1\nHost:localhost:4566\n\n");
        assertEquals("arn:aws:iam::000000000000:root", iam.authenticate(request, "lambda").arn());
        TestRequest other = TestRequest.parse("GET /2015-03-31/functions/other/code?" + uri.getRawQuery()
                + " HTTP/1.1\nHost:localhost:4566\n\n").protocol(AwsProtocol.REST_JSON);
        assertEquals("InvalidSignatureException", assertThrows(AwsException.class, () -> iam.authenticate(other, "lambda")).code());
        assertThrows(IllegalArgumentException.class,
                () -> iam.presign("GET", "http://localhost:4566/", "lambda", "us-east-1", Duration.ofDays(8)));
    }

    private static final String ALLOW_GET = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}";

    @Test
    public void aChangedPolicyCountsFromTheNextRequestOn() throws Exception {
        iam.store().createUser("cached", null);
        AwsPrincipal user = iam.store().signingKey(iam.store().createAccessKey("cached").key().accessKeyId()).principal();
        String object = "arn:aws:s3:::b/k";
        assertFalse(decide(user, "s3:GetObject", object).allowed());

        iam.store().putInlinePolicy(IamStore.Owner.USER, "cached", "get", ALLOW_GET);
        assertTrue(decide(user, "s3:GetObject", object).allowed());
        assertTrue(decide(user, "s3:GetObject", object).allowed());
        // replaced by a deny of the same name
        iam.store().putInlinePolicy(IamStore.Owner.USER, "cached", "get", ALLOW_GET.replace("Allow", "Deny"));
        assertFalse(decide(user, "s3:GetObject", object).allowed());
        iam.store().deleteInlinePolicy(IamStore.Owner.USER, "cached", "get");
        assertFalse(decide(user, "s3:GetObject", object).allowed());

        IamDirectory.ManagedPolicy managed = iam.store().createPolicy("getter", null, ALLOW_GET, null);
        assertFalse(decide(user, "s3:GetObject", object).allowed());
        iam.store().attach(IamStore.Owner.USER, "cached", managed.arn());
        assertTrue(decide(user, "s3:GetObject", object).allowed());
        iam.store().detach(IamStore.Owner.USER, "cached", managed.arn());
        assertFalse(decide(user, "s3:GetObject", object).allowed());
    }

    @Test
    public void aRemovedRolePolicyStopsItsSessionsAtOnce() throws Exception {
        IamDirectory.Role role = iam.store().createRole("reader", null, TRUST_LAMBDA, null, null);
        iam.store().putInlinePolicy(IamStore.Owner.ROLE, "reader", "get", ALLOW_GET);
        AwsPrincipal function = principalOf(iam.environment("f", role.arn()));
        assertTrue(decide(function, "s3:GetObject", "arn:aws:s3:::b/k").allowed());
        iam.store().deleteInlinePolicy(IamStore.Owner.ROLE, "reader", "get");
        assertFalse(decide(function, "s3:GetObject", "arn:aws:s3:::b/k").allowed());
    }

    @Test
    public void cachedPolicySetsAreBounded() {
        for (int i = 0; i < IamStore.MAX_POLICY_SETS + 10; i++) {
            iam.store().policiesOf(new AwsPrincipal("000000000000", "arn:aws:iam::000000000000:user/u" + i, "AIDA" + i, null));
            assertTrue(iam.store().cachedPolicySets() <= IamStore.MAX_POLICY_SETS);
        }
        assertTrue(iam.store().cachedPolicySets() > 0);
    }

    @Test
    public void aDeletedOrDeactivatedKeyIsRefusedOnTheNextRequest() throws Exception {
        iam.store().createUser("signer", null);
        IamStore.NewKey key = iam.store().createAccessKey("signer");
        String id = key.key().accessKeyId();
        java.util.function.Supplier<TestRequest> signed = () -> {
            URI uri = URI.create(io.stratus.iam.impl.sigv4.SigV4.presign("GET", "http://localhost:4566/2015-03-31/functions",
                    "lambda", "us-east-1", id, key.secret(), java.time.Instant.now(), 600));
            return TestRequest.parse("GET " + uri.getRawPath() + "?" + uri.getRawQuery()
                    + " HTTP/1.1\nHost:localhost:4566\n\n").protocol(AwsProtocol.REST_JSON);
        };
        assertEquals("arn:aws:iam::000000000000:user/signer", iam.authenticate(signed.get(), "lambda").arn());
        iam.store().updateAccessKey("signer", id, "Inactive");
        assertEquals("UnrecognizedClientException",
                assertThrows(AwsException.class, () -> iam.authenticate(signed.get(), "lambda")).code());
        iam.store().updateAccessKey("signer", id, "Active");
        assertEquals("arn:aws:iam::000000000000:user/signer", iam.authenticate(signed.get(), "lambda").arn());
        iam.store().deleteAccessKey("signer", id);
        assertEquals("UnrecognizedClientException",
                assertThrows(AwsException.class, () -> iam.authenticate(signed.get(), "lambda")).code());
    }

    @Test
    public void badInputsChangeNothing() throws Exception {
        assertEquals("ValidationError", assertThrows(AwsException.class, () -> iam.store().createUser("no spaces", null)).code());
        assertEquals("ValidationError", assertThrows(AwsException.class, () -> iam.store().createUser("ok", "no-slash")).code());
        assertEquals("MalformedPolicyDocument", assertThrows(AwsException.class,
                () -> iam.store().createRole("r", null, "{\"Version\":\"2012-10-17\",\"Statement\":[]}", null, null)).code());
        assertEquals("NoSuchEntity", assertThrows(AwsException.class, () -> iam.store().deleteUser("ghost")).code());
        assertTrue(iam.users().isEmpty());
        assertTrue(iam.roles().isEmpty());
    }
}
