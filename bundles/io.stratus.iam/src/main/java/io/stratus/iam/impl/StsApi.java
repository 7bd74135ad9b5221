package io.stratus.iam.impl;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.iam.api.IamDirectory;
import io.stratus.iam.impl.policy.Policy;

/** The STS API (query protocol, version 2011-06-15): GetCallerIdentity and AssumeRole. */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=sts",
        AwsService.PROTOCOL + "=query",
        AwsService.XML_NAMESPACE + "=" + StsApi.NAMESPACE })
public final class StsApi implements AwsService {

    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final int MIN_DURATION = 900;

    private final IamStore store;

    @Activate
    public StsApi(@Reference IamService iam) {
        this(iam.store());
    }

    StsApi(IamStore store) {
        this.store = store;
    }

    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException {
        String action = request.parameter("Action");
        if ("GetCallerIdentity".equals(action)) {
            return List.of(); // AWS answers it for anyone who can sign, whatever their policies say
        }
        if ("AssumeRole".equals(action)) {
            IamStore.require("roleArn", request.parameter("RoleArn"));
            return List.of(new AccessRequest("sts:AssumeRole", request.parameter("RoleArn")));
        }
        throw unknown(action);
    }

    private static AwsException unknown(String action) {
        return action == null ? new AwsException(400, "MissingAction", "Missing Action")
                : new AwsException(400, "InvalidAction", "Could not find operation " + action + " for version 2011-06-15");
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String action = request.parameter("Action");
        AwsPrincipal caller = request.principal();
        if ("GetCallerIdentity".equals(action)) {
            QueryAnswers.answer(request, response, NAMESPACE, action, xml -> xml.element("Arn", caller.arn())
                    .element("UserId", caller.userId()).element("Account", caller.accountId()));
        } else if ("AssumeRole".equals(action)) {
            assumeRole(request, response, caller);
        } else {
            throw unknown(action);
        }
    }

    private void assumeRole(AwsRequest request, AwsResponse response, AwsPrincipal caller) throws AwsException, IOException {
        String roleArn = request.parameter("RoleArn");
        IamStore.require("roleArn", roleArn);
        String sessionName = request.parameter("RoleSessionName");
        IamStore.require("roleSessionName", sessionName);
        IamDirectory.Role role = store.roleByArn(roleArn);
        String denied = "User: " + caller.arn() + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn;
        if (role == null) {
            throw IamErrors.accessDenied(denied);
        }
        int duration = 3600;
        String requested = request.parameter("DurationSeconds");
        if (requested != null) {
            try {
                duration = Integer.parseInt(requested);
            } catch (NumberFormatException e) {
                throw IamErrors.validation("1 validation error detected: Value '" + requested
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must be a number");
            }
            if (duration < MIN_DURATION || duration > 43200) {
                throw IamErrors.validation("1 validation error detected: Value '" + requested
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            }
            if (duration > role.maxSessionDuration()) {
                throw IamErrors.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
        }
        Policy trust = IamStore.parsePolicy(role.name(), role.assumeRolePolicyDocument(),
                io.stratus.iam.impl.policy.PolicyParser.Kind.TRUST);
        if (!TrustPolicies.allows(trust, caller, "sts:AssumeRole")) {
            throw IamErrors.accessDenied(denied);
        }
        IamStore.Credentials credentials = store.assumeRole(role, sessionName, Duration.ofSeconds(duration));
        QueryAnswers.answer(request, response, NAMESPACE, "AssumeRole", xml -> xml
                .start("Credentials")
                .element("AccessKeyId", credentials.accessKeyId())
                .element("SecretAccessKey", credentials.secret())
                .element("SessionToken", credentials.token())
                .element("Expiration", QueryAnswers.date(credentials.expires()))
                .end()
                .start("AssumedRoleUser")
                .element("AssumedRoleId", credentials.assumedRoleId())
                .element("Arn", credentials.assumedRoleArn())
                .end());
    }
}
