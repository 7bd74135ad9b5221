package io.stratus.iam.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.RequestAuthenticator;
import io.stratus.aws.api.RequestAuthorizer;
import io.stratus.aws.api.RequestPresigner;
import io.stratus.iam.api.IamDirectory;
import io.stratus.iam.impl.policy.PolicyEvaluator;
import io.stratus.iam.impl.sigv4.SigV4;
import io.stratus.iam.impl.sigv4.SigV4Verifier;
import io.stratus.iam.impl.sigv4.SigningKeys;
import io.stratus.runtime.api.EnvironmentContributor;

/**
 * IAM's core: authenticates every request on the AWS endpoint (SigV4 against the root key, users'
 * access keys and STS sessions), authorizes what services state against the caller's policies,
 * presigns the platform's own links, and shows its state to readers.
 */
@Component(service = {RequestAuthenticator.class, RequestAuthorizer.class, RequestPresigner.class,
        IamDirectory.class, EnvironmentContributor.class, IamService.class})
@Designate(ocd = IamService.Config.class)
public final class IamService
        implements RequestAuthenticator, RequestAuthorizer, RequestPresigner, IamDirectory, EnvironmentContributor {
    private static final Logger LOG = LoggerFactory.getLogger(IamService.class);

    @ObjectClassDefinition(name = "Stratus IAM", description = "Authentication and authorization on the AWS endpoint")
    public @interface Config {
        @AttributeDefinition(name = "Largest hashed body",
                description = "Largest request body (bytes) whose SHA-256 is computed to check a signature; "
                        + "requests without x-amz-content-sha256 that are larger are answered 413")
        int maxHashedBodyBytes() default 8 * 1024 * 1024;
    }

    private final IamStore store;
    private final SigV4Verifier verifier;
    private final RootCredentials root;
    private final String account;
    private final AwsPrincipal rootPrincipal;

    /* A test or a cluster may register its own clock; the system clock otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Clock clock;

    @Activate
    public IamService(BundleContext context, Config config) throws IOException {
        this(Path.of(property(context, "stratus.data", "./data")).resolve("iam"),
                property(context, "stratus.account", "000000000000"),
                RootCredentials.find(context.getProperty(RootCredentials.FILE_PROPERTY)), config.maxHashedBodyBytes());
        if (root == null) {
            LOG.error("No root credentials: neither {} nor {}/{} is set; every signed request will be refused",
                    RootCredentials.FILE_PROPERTY, RootCredentials.KEY_ID, RootCredentials.SECRET);
        }
    }

    IamService(Path directory, String account, RootCredentials root, int maxHashedBodyBytes) throws IOException {
        this.account = account;
        this.root = root;
        this.rootPrincipal = new AwsPrincipal(account, "arn:aws:iam::" + account + ":root", account,
                root == null ? null : root.accessKeyId());
        this.store = new IamStore(directory, account, this::currentClock, new SecureRandom());
        store.load();
        this.verifier = new SigV4Verifier(this::signingKey, Clock::systemUTC, this::currentClock, maxHashedBodyBytes);
    }

    /** For tests: a fixed clock instead of the OSGi one. */
    void clock(Clock clock) {
        this.clock = clock;
    }

    Clock currentClock() {
        Clock c = clock;
        return c == null ? Clock.systemUTC() : c;
    }

    IamStore store() {
        return store;
    }

    String account() {
        return account;
    }

    private SigningKeys.Key signingKey(String accessKeyId) {
        if (root != null && root.accessKeyId().equals(accessKeyId)) {
            return new SigningKeys.Key(root.accessKeyId(), root.secretAccessKey(), null, null,
                    new AwsPrincipal(account, rootPrincipal.arn(), account, root.accessKeyId()));
        }
        return store.signingKey(accessKeyId);
    }

    // ---- RequestAuthenticator

    @Override
    public AwsPrincipal authenticate(AwsRequest request, String service) throws AwsException, IOException {
        return verifier.verify(request, service);
    }

    // ---- RequestAuthorizer

    @Override
    public Decision authorize(AwsPrincipal principal, AccessRequest access, AwsRequest request) {
        if (principal.isRoot()) {
            return Decision.allow("the account root is always allowed");
        }
        PolicyEvaluator.Result result = PolicyEvaluator.evaluate(store.policiesOf(principal), access.action(),
                access.resource(), context(principal, access, request));
        if (result.allowed()) {
            return Decision.allow(result.reason());
        }
        if (result.outcome() == PolicyEvaluator.Outcome.IMPLICIT_DENY && "sts:AssumeRole".equalsIgnoreCase(access.action())
                && store.trustGrantsByName(access.resource(), principal)) {
            // the role's trust policy, a resource-based policy in the same account, names the caller
            return Decision.allow("the trust policy of " + access.resource() + " names " + principal.arn());
        }
        store.denied(new Denial(currentClock().instant(), principal.arn(), access.action(), access.resource(),
                result.reason(), request.requestId()));
        return Decision.deny(result.reason());
    }

    /** The request context: the global condition keys AWS sets, then the service's own. */
    Map<String, List<String>> context(AwsPrincipal principal, AccessRequest access, AwsRequest request) {
        // keys as the evaluator looks them up: in lower case
        Map<String, List<String>> context = new HashMap<>(32);
        Instant now = currentClock().instant();
        String arn = principal.arn();
        AssumedRole assumed = AssumedRole.of(arn);
        if (assumed != null) {
            put(context, "aws:principalarn", assumed.roleArn(principal.accountId()));
            put(context, "aws:principaltype", "AssumedRole");
        } else {
            put(context, "aws:principalarn", arn);
            put(context, "aws:principaltype", "User");
            put(context, "aws:username", arn.substring(arn.lastIndexOf('/') + 1));
        }
        put(context, "aws:userid", principal.userId());
        put(context, "aws:principalaccount", principal.accountId());
        put(context, "aws:currenttime", now.atOffset(ZoneOffset.UTC).toString());
        put(context, "aws:epochtime", Long.toString(now.getEpochSecond()));
        put(context, "aws:securetransport", "false");
        put(context, "aws:sourceip", request.sourceIp());
        put(context, "aws:requestedregion", request.region());
        access.conditions().forEach((key, values) -> context.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return context;
    }

    private static void put(Map<String, List<String>> context, String key, String value) {
        if (value != null) {
            context.put(key.toLowerCase(Locale.ROOT), List.of(value));
        }
    }

    // ---- RequestPresigner

    @Override
    public String presign(String method, String url, String service, String region, Duration expires) {
        if (root == null) {
            throw new IllegalStateException("no root credentials to presign with");
        }
        long seconds = expires.toSeconds();
        if (seconds < 1 || seconds > 604_800) {
            throw new IllegalArgumentException("a presigned URL lasts 1 s to 7 days, not " + expires);
        }
        // the wall clock, as the verifier checks signing times against it
        return SigV4.presign(method, url, service, region, root.accessKeyId(), root.secretAccessKey(), Instant.now(),
                seconds);
    }

    // ---- EnvironmentContributor

    /** How long a function's credentials last; they are renewed at a cold start past half of it. */
    static final Duration FUNCTION_CREDENTIALS = Duration.ofHours(12);

    /**
     * The temporary credentials of the function's role, or of the default role (its own logs only)
     * when it has none or the runtime's default, {@code role/stratus-lambda-basic-execution}, which
     * does not exist as an IAM role unless someone creates it. A role that does not exist or does not trust {@code lambda.amazonaws.com}
     * gives no credentials: the function may then do nothing on the AWS endpoint.
     */
    @Override
    public Map<String, String> environment(String function, String role) {
        IamDirectory.Role found = null;
        if (role != null && !role.isBlank()) {
            found = store.roleByArn(role);
            if (found == null && role.equals("arn:aws:iam::" + account + ":role/" + IamStore.DEFAULT_FUNCTION_ROLE)) {
                // the runtime names this role for functions that declare none
                return credentials(store.functionCredentials(function, null, FUNCTION_CREDENTIALS));
            }
            if (found == null) {
                LOG.warn("Function {} has role {}, which does not exist: it runs without credentials", function, role);
                return Map.of();
            }
            try {
                if (!TrustPolicies.allowsService(IamStore.parsePolicy(found.name(), found.assumeRolePolicyDocument(),
                        io.stratus.iam.impl.policy.PolicyParser.Kind.TRUST), "lambda.amazonaws.com", "sts:AssumeRole")) {
                    LOG.warn("Role {} does not trust lambda.amazonaws.com: function {} runs without credentials", role,
                            function);
                    return Map.of();
                }
            } catch (AwsException e) {
                LOG.warn("Role {} has an unreadable trust policy: function {} runs without credentials", role, function);
                return Map.of();
            }
        }
        return credentials(store.functionCredentials(function, found, FUNCTION_CREDENTIALS));
    }

    private static Map<String, String> credentials(IamStore.Credentials credentials) {
        return Map.of("AWS_ACCESS_KEY_ID", credentials.accessKeyId(), "AWS_SECRET_ACCESS_KEY", credentials.secret(),
                "AWS_SESSION_TOKEN", credentials.token());
    }

    // ---- IamDirectory

    @Override
    public List<User> users() {
        return store.users();
    }

    @Override
    public List<Role> roles() {
        return store.roles();
    }

    @Override
    public List<ManagedPolicy> policies() {
        return store.policies();
    }

    @Override
    public List<AccessKey> accessKeys(String userName) {
        return store.accessKeys(userName);
    }

    @Override
    public List<Denial> recentDenials() {
        return store.recentDenials();
    }

    private static String property(BundleContext context, String key, String fallback) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
