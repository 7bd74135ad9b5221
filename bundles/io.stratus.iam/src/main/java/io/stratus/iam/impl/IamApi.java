package io.stratus.iam.impl;

import java.io.IOException;
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
import io.stratus.aws.codec.AwsXml;
import io.stratus.iam.api.IamDirectory;
import io.stratus.iam.impl.IamStore.Owner;

/**
 * The IAM API (query protocol, {@code Action=} with version 2010-05-08): users, access keys,
 * roles, inline and managed policies, answered as the IAM API Reference shows.
 */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=iam",
        AwsService.PROTOCOL + "=query",
        AwsService.XML_NAMESPACE + "=" + IamApi.NAMESPACE })
public final class IamApi implements AwsService {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final IamStore store;

    @Activate
    public IamApi(@Reference IamService iam) {
        this(iam.store());
    }

    IamApi(IamStore store) {
        this.store = store;
    }

    private String action(AwsRequest request) throws AwsException {
        String action = request.parameter("Action");
        if (action == null || action.isEmpty()) {
            throw new AwsException(400, "MissingAction", "Missing Action");
        }
        return action;
    }

    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException {
        String action = action(request);
        String account = store.account();
        String user = "arn:aws:iam::" + account + ":user/";
        String role = "arn:aws:iam::" + account + ":role/";
        String resource = switch (action) {
            case "CreateUser", "GetUser", "DeleteUser", "PutUserPolicy", "GetUserPolicy", "ListUserPolicies",
                    "DeleteUserPolicy", "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies",
                    "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey" ->
                user + (action.equals("CreateUser") ? pathPart(request) : "") + nameOrSelf(request);
            case "CreateRole", "GetRole", "DeleteRole", "PutRolePolicy", "GetRolePolicy", "ListRolePolicies",
                    "DeleteRolePolicy", "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies" ->
                role + (action.equals("CreateRole") ? pathPart(request) : "") + request.parameter("RoleName");
            case "CreatePolicy" -> "arn:aws:iam::" + account + ":policy" + (request.parameter("Path") == null ? "/"
                    : request.parameter("Path")) + request.parameter("PolicyName");
            case "GetPolicy", "GetPolicyVersion", "DeletePolicy" -> String.valueOf(request.parameter("PolicyArn"));
            case "ListUsers" -> user;
            case "ListRoles" -> role;
            case "ListPolicies" -> "arn:aws:iam::" + account + ":policy/";
            default -> throw new AwsException(400, "InvalidAction", "Could not find operation " + action
                    + " for version 2010-05-08");
        };
        return List.of(new AccessRequest("iam:" + action, resource));
    }

    /** The Path parameter as it appears after {@code user/} or {@code role/} in an ARN. */
    private static String pathPart(AwsRequest request) {
        String path = request.parameter("Path");
        return path == null || !path.startsWith("/") ? "" : path.substring(1);
    }

    /** A user operation's user: UserName, else the calling user itself (as IAM does for access keys). */
    private static String nameOrSelf(AwsRequest request) {
        String name = request.parameter("UserName");
        if (name != null) {
            return name;
        }
        AwsPrincipal principal = request.principal();
        String arn = principal == null ? "" : principal.arn();
        int user = arn.indexOf(":user/");
        return user < 0 ? "" : arn.substring(arn.lastIndexOf('/') + 1);
    }

    private static String userNameOrSelf(AwsRequest request) throws AwsException {
        String name = nameOrSelf(request);
        if (name.isEmpty()) {
            throw IamErrors.validation("Must specify userName when calling with non-User credentials");
        }
        return name;
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String action = action(request);
        switch (action) {
            case "CreateUser" -> {
                IamDirectory.User user = store.createUser(request.parameter("UserName"), request.parameter("Path"));
                answer(request, response, action, xml -> user(xml.start("User"), user).end());
            }
            case "GetUser" -> {
                String name = request.parameter("UserName");
                IamDirectory.User user;
                if (name == null) {
                    user = store.userByArn(request.principal().arn());
                    if (user == null) {
                        throw IamErrors.validation("Must specify userName when calling with non-User credentials");
                    }
                } else {
                    user = store.getUser(name);
                }
                IamDirectory.User found = user;
                answer(request, response, action, xml -> user(xml.start("User"), found).end());
            }
            case "ListUsers" -> {
                String prefix = request.parameter("PathPrefix");
                List<IamDirectory.User> users = store.users().stream()
                        .filter(u -> prefix == null || u.path().startsWith(prefix)).toList();
                QueryAnswers.Page<IamDirectory.User> page = QueryAnswers.Page.of(users, request);
                answer(request, response, action, xml -> {
                    xml.start("Users");
                    for (IamDirectory.User user : page.items()) {
                        user(xml.start("member"), user).end();
                    }
                    xml.end();
                    page.writeTail(xml);
                });
            }
            case "DeleteUser" -> {
                store.deleteUser(request.parameter("UserName"));
                answer(request, response, action, null);
            }
            case "CreateAccessKey" -> {
                IamStore.NewKey key = store.createAccessKey(userNameOrSelf(request));
                answer(request, response, action, xml -> xml.start("AccessKey")
                        .element("UserName", key.key().userName())
                        .element("AccessKeyId", key.key().accessKeyId())
                        .element("Status", key.key().status())
                        .element("SecretAccessKey", key.secret())
                        .element("CreateDate", QueryAnswers.date(key.key().created())).end());
            }
            case "ListAccessKeys" -> {
                String userName = userNameOrSelf(request);
                QueryAnswers.Page<IamDirectory.AccessKey> page = QueryAnswers.Page.of(store.listAccessKeys(userName),
                        request);
                answer(request, response, action, xml -> {
                    xml.start("AccessKeyMetadata");
                    for (IamDirectory.AccessKey key : page.items()) {
                        xml.start("member").element("UserName", key.userName())
                                .element("AccessKeyId", key.accessKeyId()).element("Status", key.status())
                                .element("CreateDate", QueryAnswers.date(key.created())).end();
                    }
                    xml.end();
                    page.writeTail(xml);
                    xml.element("UserName", userName);
                });
            }
            case "UpdateAccessKey" -> {
                store.updateAccessKey(userNameOrSelf(request), request.parameter("AccessKeyId"), request.parameter("Status"));
                answer(request, response, action, null);
            }
            case "DeleteAccessKey" -> {
                store.deleteAccessKey(userNameOrSelf(request), request.parameter("AccessKeyId"));
                answer(request, response, action, null);
            }
            case "CreateRole" -> {
                IamDirectory.Role role = store.createRole(request.parameter("RoleName"), request.parameter("Path"),
                        request.parameter("AssumeRolePolicyDocument"), request.parameter("Description"),
                        integer(request, "MaxSessionDuration"));
                answer(request, response, action, xml -> role(xml.start("Role"), role).end());
            }
            case "GetRole" -> {
                IamDirectory.Role role = store.getRole(request.parameter("RoleName"));
                answer(request, response, action, xml -> role(xml.start("Role"), role).end());
            }
            case "ListRoles" -> {
                String prefix = request.parameter("PathPrefix");
                List<IamDirectory.Role> roles = store.roles().stream()
                        .filter(r -> prefix == null || r.path().startsWith(prefix)).toList();
                QueryAnswers.Page<IamDirectory.Role> page = QueryAnswers.Page.of(roles, request);
                answer(request, response, action, xml -> {
                    xml.start("Roles");
                    for (IamDirectory.Role role : page.items()) {
                        role(xml.start("member"), role).end();
                    }
                    xml.end();
                    page.writeTail(xml);
                });
            }
            case "DeleteRole" -> {
                store.deleteRole(request.parameter("RoleName"));
                answer(request, response, action, null);
            }
            case "PutUserPolicy", "PutRolePolicy" -> {
                Owner owner = action.equals("PutUserPolicy") ? Owner.USER : Owner.ROLE;
                store.putInlinePolicy(owner, ownerName(request, owner), request.parameter("PolicyName"),
                        request.parameter("PolicyDocument"));
                answer(request, response, action, null);
            }
            case "GetUserPolicy", "GetRolePolicy" -> {
                Owner owner = action.equals("GetUserPolicy") ? Owner.USER : Owner.ROLE;
                String ownerName = ownerName(request, owner);
                String policyName = request.parameter("PolicyName");
                String document = store.getInlinePolicy(owner, ownerName, policyName);
                answer(request, response, action, xml -> xml.element(owner == Owner.USER ? "UserName" : "RoleName", ownerName)
                        .element("PolicyName", policyName)
                        .element("PolicyDocument", QueryAnswers.encodeDocument(document)));
            }
            case "ListUserPolicies", "ListRolePolicies" -> {
                Owner owner = action.equals("ListUserPolicies") ? Owner.USER : Owner.ROLE;
                QueryAnswers.Page<String> page = QueryAnswers.Page.of(
                        store.listInlinePolicies(owner, ownerName(request, owner)), request);
                answer(request, response, action, xml -> {
                    xml.start("PolicyNames");
                    page.items().forEach(name -> xml.element("member", name));
                    xml.end();
                    page.writeTail(xml);
                });
            }
            case "DeleteUserPolicy", "DeleteRolePolicy" -> {
                Owner owner = action.equals("DeleteUserPolicy") ? Owner.USER : Owner.ROLE;
                store.deleteInlinePolicy(owner, ownerName(request, owner), request.parameter("PolicyName"));
                answer(request, response, action, null);
            }
            case "CreatePolicy" -> {
                IamDirectory.ManagedPolicy policy = store.createPolicy(request.parameter("PolicyName"),
                        request.parameter("Path"), request.parameter("PolicyDocument"), request.parameter("Description"));
                answer(request, response, action, xml -> policy(xml.start("Policy"), policy).end());
            }
            case "GetPolicy" -> {
                IamDirectory.ManagedPolicy policy = store.getPolicy(request.parameter("PolicyArn"));
                answer(request, response, action, xml -> policy(xml.start("Policy"), policy).end());
            }
            case "GetPolicyVersion" -> {
                IamDirectory.ManagedPolicy policy = store.getPolicy(request.parameter("PolicyArn"));
                String version = request.parameter("VersionId");
                if (!"v1".equals(version)) {
                    throw IamErrors.noSuchEntity("Policy " + policy.arn() + " version " + version + " does not exist.");
                }
                answer(request, response, action, xml -> xml.start("PolicyVersion")
                        .element("Document", QueryAnswers.encodeDocument(policy.document()))
                        .element("VersionId", "v1").element("IsDefaultVersion", true)
                        .element("CreateDate", QueryAnswers.date(policy.created())).end());
            }
            case "ListPolicies" -> {
                String scope = request.parameter("Scope") == null ? "All" : request.parameter("Scope");
                if (!List.of("All", "AWS", "Local").contains(scope)) {
                    throw IamErrors.validation("1 validation error detected: Value '" + scope
                            + "' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
                }
                boolean onlyAttached = "true".equalsIgnoreCase(request.parameter("OnlyAttached"));
                String prefix = request.parameter("PathPrefix");
                List<IamDirectory.ManagedPolicy> policies = store.policies().stream()
                        .filter(p -> scope.equals("All") || p.awsManaged() == scope.equals("AWS"))
                        .filter(p -> !onlyAttached || p.attachmentCount() > 0)
                        .filter(p -> prefix == null || p.path().startsWith(prefix)).toList();
                QueryAnswers.Page<IamDirectory.ManagedPolicy> page = QueryAnswers.Page.of(policies, request);
                answer(request, response, action, xml -> {
                    xml.start("Policies");
                    for (IamDirectory.ManagedPolicy policy : page.items()) {
                        policy(xml.start("member"), policy).end();
                    }
                    xml.end();
                    page.writeTail(xml);
                });
            }
            case "DeletePolicy" -> {
                store.deletePolicy(request.parameter("PolicyArn"));
                answer(request, response, action, null);
            }
            case "AttachUserPolicy", "AttachRolePolicy" -> {
                Owner owner = action.equals("AttachUserPolicy") ? Owner.USER : Owner.ROLE;
                store.attach(owner, ownerName(request, owner), request.parameter("PolicyArn"));
                answer(request, response, action, null);
            }
            case "DetachUserPolicy", "DetachRolePolicy" -> {
                Owner owner = action.equals("DetachUserPolicy") ? Owner.USER : Owner.ROLE;
                store.detach(owner, ownerName(request, owner), request.parameter("PolicyArn"));
                answer(request, response, action, null);
            }
            case "ListAttachedUserPolicies", "ListAttachedRolePolicies" -> {
                Owner owner = action.equals("ListAttachedUserPolicies") ? Owner.USER : Owner.ROLE;
                QueryAnswers.Page<IamDirectory.ManagedPolicy> page = QueryAnswers.Page.of(
                        store.attached(owner, ownerName(request, owner)), request);
                answer(request, response, action, xml -> {
                    xml.start("AttachedPolicies");
                    for (IamDirectory.ManagedPolicy policy : page.items()) {
                        xml.start("member").element("PolicyName", policy.name()).element("PolicyArn", policy.arn()).end();
                    }
                    xml.end();
                    page.writeTail(xml);
                });
            }
            default -> throw new AwsException(400, "InvalidAction", "Could not find operation " + action
                    + " for version 2010-05-08");
        }
    }

    private static String ownerName(AwsRequest request, Owner owner) throws AwsException {
        String name = request.parameter(owner == Owner.USER ? "UserName" : "RoleName");
        IamStore.require(owner == Owner.USER ? "userName" : "roleName", name);
        return name;
    }

    private static Integer integer(AwsRequest request, String name) throws AwsException {
        String value = request.parameter(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw IamErrors.validation("1 validation error detected: Value '" + value + "' at '" + name
                    + "' failed to satisfy constraint: Member must be a number");
        }
    }

    private static void answer(AwsRequest request, AwsResponse response, String action, QueryAnswers.Result result)
            throws AwsException, IOException {
        QueryAnswers.answer(request, response, NAMESPACE, action, result);
    }

    static AwsXml.Writer user(AwsXml.Writer xml, IamDirectory.User user) {
        return xml.element("Path", user.path()).element("UserName", user.name()).element("UserId", user.id())
                .element("Arn", user.arn()).element("CreateDate", QueryAnswers.date(user.created()));
    }

    static AwsXml.Writer role(AwsXml.Writer xml, IamDirectory.Role role) {
        return xml.element("Path", role.path()).element("RoleName", role.name()).element("RoleId", role.id())
                .element("Arn", role.arn()).element("CreateDate", QueryAnswers.date(role.created()))
                .element("AssumeRolePolicyDocument", QueryAnswers.encodeDocument(role.assumeRolePolicyDocument()))
                .element("Description", role.description()).element("MaxSessionDuration", role.maxSessionDuration());
    }

    static AwsXml.Writer policy(AwsXml.Writer xml, IamDirectory.ManagedPolicy policy) {
        return xml.element("PolicyName", policy.name()).element("PolicyId", policy.id()).element("Arn", policy.arn())
                .element("Path", policy.path()).element("DefaultVersionId", "v1")
                .element("AttachmentCount", policy.attachmentCount()).element("PermissionsBoundaryUsageCount", 0)
                .element("IsAttachable", true).element("Description", policy.description())
                .element("CreateDate", QueryAnswers.date(policy.created()))
                .element("UpdateDate", QueryAnswers.date(policy.updated()));
    }

}
