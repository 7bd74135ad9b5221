package io.stratus.iam.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.durable.DurableFiles;
import io.stratus.iam.api.IamDirectory;
import io.stratus.iam.impl.policy.MalformedPolicyException;
import io.stratus.iam.impl.policy.Policy;
import io.stratus.iam.impl.policy.PolicyParser;
import io.stratus.iam.impl.sigv4.SigningKeys;

/**
 * Users, access keys, roles, policies and temporary credentials, kept in one JSON document under
 * {@code <data>/iam/} and rewritten durably on every change (IAM changes are rare; reads are
 * served from memory). Every change is validated first and leaves nothing behind when refused.
 */
final class IamStore implements IamDirectory {

    static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");
    static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    static final int MAX_KEYS_PER_USER = 2;
    static final int MAX_DENIALS = 200;

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Path file;
    private final String account;
    private final Supplier<Clock> clock;
    private final SecureRandom random;
    private final Object lock = new Object();
    private IamState state = new IamState();
    /** Parsed policies by name and text, so a request never parses a document twice (bounded: emptied when full). */
    private final Map<String, Policy> parsed = new ConcurrentHashMap<>();
    static final int MAX_PARSED_POLICIES = 4096;
    /**
     * Each principal's policies by ARN, as {@link #policiesOf} last found them. Guarded by the lock
     * and emptied on every change of the state, so a changed, detached or deleted policy counts from
     * the next request on (bounded: emptied when full).
     */
    private final Map<String, List<Policy>> policySets = new java.util.HashMap<>();
    static final int MAX_POLICY_SETS = 4096;
    private final Deque<Denial> denials = new ArrayDeque<>();
    /**
     * Credentials of functions' execution roles, by access key id and by function and role. Kept in
     * memory only: the execution environments holding them do not outlive the process.
     */
    private final Map<String, IamState.Session> functionSessions = new ConcurrentHashMap<>();
    private final Map<String, IamState.Session> functionSessionByRole = new ConcurrentHashMap<>();

    /** The role of functions that declare none: it may write the function's own logs, nothing else. */
    static final String DEFAULT_FUNCTION_ROLE = "stratus-lambda-basic-execution";

    IamStore(Path directory, String account, Supplier<Clock> clock, SecureRandom random) {
        this.file = directory.resolve("iam.json");
        this.account = account;
        this.clock = clock;
        this.random = random;
    }

    /** Reads the stored state (an absent file is an empty account). */
    void load() throws IOException {
        DurableFiles.recover(file.getParent());
        if (!Files.exists(file)) {
            return;
        }
        try {
            IamState loaded = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), IamState.class);
            synchronized (lock) {
                state = loaded == null ? new IamState() : loaded;
                policySets.clear();
            }
        } catch (JsonParseException e) {
            throw new IOException(file + " is not a valid IAM state document: " + e.getMessage(), e);
        }
    }

    String account() {
        return account;
    }

    private Instant now() {
        return clock.get().instant();
    }

    private String timestamp() {
        return now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Writes the state; called under the lock after every change. */
    private void save() {
        // first: the change is made in memory whether or not the write succeeds
        policySets.clear();
        try {
            DurableFiles.write(file, GSON.toJson(state).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(UPPER_ALNUM.charAt(random.nextInt(UPPER_ALNUM.length())));
        }
        return id.toString();
    }

    private String newAccessKeyId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 16; i++) {
            id.append(UPPER_ALNUM.charAt(random.nextInt(UPPER_ALNUM.length())));
        }
        return id.toString();
    }

    private String newSecret(int length) {
        StringBuilder secret = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            secret.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return secret.toString();
    }

    // ---- validation

    static void require(String name, String value) throws AwsException {
        if (value == null || value.isEmpty()) {
            throw IamErrors.validation("1 validation error detected: Value null at '" + name
                    + "' failed to satisfy constraint: Member must not be null");
        }
    }

    static void matches(String name, String value, Pattern pattern) throws AwsException {
        require(name, value);
        if (!pattern.matcher(value).matches()) {
            throw IamErrors.validation("1 validation error detected: Value '" + value + "' at '" + name
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + pattern);
        }
    }

    static String path(String path) throws AwsException {
        if (path == null) {
            return "/";
        }
        matches("path", path, PATH);
        return path;
    }

    static Policy parsePolicy(String name, String document, PolicyParser.Kind kind) throws AwsException {
        require("policyDocument", document);
        try {
            return PolicyParser.parse(name, document, kind);
        } catch (MalformedPolicyException e) {
            throw IamErrors.malformedPolicy(e.getMessage());
        }
    }

    // ---- users

    User createUser(String name, String path) throws AwsException {
        matches("userName", name, USER_NAME);
        String p = path(path);
        synchronized (lock) {
            if (findUser(name) != null) {
                throw IamErrors.alreadyExists("User with name " + name + " already exists.");
            }
            IamState.User user = new IamState.User();
            user.name = name;
            user.path = p;
            user.id = newId("AIDA");
            user.arn = "arn:aws:iam::" + account + ":user" + p + name;
            user.created = timestamp();
            state.users.put(name, user);
            save();
            return view(user);
        }
    }

    /** Case-insensitive, as IAM names are unique regardless of case. */
    private IamState.User findUser(String name) {
        IamState.User exact = state.users.get(name);
        if (exact != null) {
            return exact;
        }
        for (IamState.User user : state.users.values()) {
            if (user.name.equalsIgnoreCase(name)) {
                return user;
            }
        }
        return null;
    }

    private IamState.User user(String name) throws AwsException {
        matches("userName", name, USER_NAME);
        IamState.User user = findUser(name);
        if (user == null) {
            throw IamErrors.noSuchEntity("The user with name " + name + " cannot be found.");
        }
        return user;
    }

    User getUser(String name) throws AwsException {
        synchronized (lock) {
            return view(user(name));
        }
    }

    /** The user behind an ARN, or null. */
    User userByArn(String arn) {
        synchronized (lock) {
            for (IamState.User user : state.users.values()) {
                if (user.arn.equals(arn)) {
                    return view(user);
                }
            }
            return null;
        }
    }

    void deleteUser(String name) throws AwsException {
        synchronized (lock) {
            IamState.User user = user(name);
            boolean hasKeys = state.accessKeys.values().stream().anyMatch(k -> k.userName.equals(user.name));
            if (hasKeys || !user.inlinePolicies.isEmpty() || !user.attachedPolicies.isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must "
                        + (hasKeys ? "delete access keys" : !user.inlinePolicies.isEmpty() ? "delete policies"
                                : "detach all policies")
                        + " first.");
            }
            state.users.remove(user.name);
            save();
        }
    }

    @Override
    public List<User> users() {
        synchronized (lock) {
            return state.users.values().stream().map(IamStore::view).toList();
        }
    }

    private static User view(IamState.User user) {
        return new User(user.name, user.path, user.id, user.arn, Instant.parse(user.created),
                Map.copyOf(new LinkedHashMap<>(user.inlinePolicies)), List.copyOf(user.attachedPolicies));
    }

    // ---- access keys

    /** A new key; the only time its secret is shown. */
    record NewKey(AccessKey key, String secret) {
    }

    NewKey createAccessKey(String userName) throws AwsException {
        synchronized (lock) {
            IamState.User user = user(userName);
            long count = state.accessKeys.values().stream().filter(k -> k.userName.equals(user.name)).count();
            if (count >= MAX_KEYS_PER_USER) {
                throw IamErrors.limitExceeded("Cannot exceed quota for AccessKeysPerUser: " + MAX_KEYS_PER_USER);
            }
            IamState.AccessKey key = new IamState.AccessKey();
            key.id = newAccessKeyId("AKIA");
            key.secret = newSecret(40);
            key.userName = user.name;
            key.status = "Active";
            key.created = timestamp();
            state.accessKeys.put(key.id, key);
            save();
            return new NewKey(view(key), key.secret);
        }
    }

    @Override
    public List<AccessKey> accessKeys(String userName) {
        synchronized (lock) {
            return state.accessKeys.values().stream().filter(k -> k.userName.equalsIgnoreCase(userName))
                    .map(IamStore::view).toList();
        }
    }

    List<AccessKey> listAccessKeys(String userName) throws AwsException {
        synchronized (lock) {
            IamState.User user = user(userName);
            return accessKeys(user.name);
        }
    }

    private IamState.AccessKey key(String userName, String keyId) throws AwsException {
        require("accessKeyId", keyId);
        IamState.User user = user(userName);
        IamState.AccessKey key = state.accessKeys.get(keyId);
        if (key == null || !key.userName.equals(user.name)) {
            throw IamErrors.noSuchEntity("The Access Key with id " + keyId + " cannot be found.");
        }
        return key;
    }

    void updateAccessKey(String userName, String keyId, String status) throws AwsException {
        if (!"Active".equals(status) && !"Inactive".equals(status)) {
            throw IamErrors.validation("1 validation error detected: Value '" + status
                    + "' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]");
        }
        synchronized (lock) {
            key(userName, keyId).status = status;
            save();
        }
    }

    void deleteAccessKey(String userName, String keyId) throws AwsException {
        synchronized (lock) {
            state.accessKeys.remove(key(userName, keyId).id);
            save();
        }
    }

    private static AccessKey view(IamState.AccessKey key) {
        return new AccessKey(key.id, key.userName, key.status, Instant.parse(key.created));
    }

    /** The signing key of an active user key or unexpired session, or null. */
    SigningKeys.Key signingKey(String accessKeyId) {
        synchronized (lock) {
            IamState.AccessKey key = state.accessKeys.get(accessKeyId);
            if (key != null) {
                IamState.User user = state.users.get(key.userName);
                if (user == null || !"Active".equals(key.status)) {
                    return null;
                }
                return new SigningKeys.Key(key.id, key.secret, null, null,
                        new AwsPrincipal(account, user.arn, user.id, key.id));
            }
            IamState.Session session = state.sessions.get(accessKeyId);
            if (session == null) {
                session = functionSessions.get(accessKeyId);
            }
            if (session != null) {
                return new SigningKeys.Key(session.accessKeyId, session.secret, session.token,
                        Instant.ofEpochMilli(session.expiresEpochMillis),
                        new AwsPrincipal(account, session.arn, session.roleId + ":" + session.sessionName,
                                session.accessKeyId));
            }
            return null;
        }
    }

    // ---- roles

    Role createRole(String name, String path, String trustPolicy, String description, Integer maxSessionDuration)
            throws AwsException {
        matches("roleName", name, ROLE_NAME);
        String p = path(path);
        parsePolicy(name, trustPolicy, PolicyParser.Kind.TRUST);
        if (description != null && description.length() > 1000) {
            throw IamErrors.validation("1 validation error detected: Value at 'description' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 1000");
        }
        int duration = maxSessionDuration == null ? 3600 : maxSessionDuration;
        if (duration < 3600 || duration > 43200) {
            throw IamErrors.validation("1 validation error detected: Value '" + duration
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200");
        }
        synchronized (lock) {
            if (findRole(name) != null) {
                throw IamErrors.alreadyExists("Role with name " + name + " already exists.");
            }
            IamState.Role role = new IamState.Role();
            role.name = name;
            role.path = p;
            role.id = newId("AROA");
            role.arn = "arn:aws:iam::" + account + ":role" + p + name;
            role.created = timestamp();
            role.description = description;
            role.assumeRolePolicy = trustPolicy;
            role.maxSessionDuration = duration;
            state.roles.put(name, role);
            save();
            return view(role);
        }
    }

    private IamState.Role findRole(String name) {
        IamState.Role exact = state.roles.get(name);
        if (exact != null) {
            return exact;
        }
        for (IamState.Role role : state.roles.values()) {
            if (role.name.equalsIgnoreCase(name)) {
                return role;
            }
        }
        return null;
    }

    private IamState.Role role(String name) throws AwsException {
        matches("roleName", name, ROLE_NAME);
        IamState.Role role = findRole(name);
        if (role == null) {
            throw IamErrors.noSuchEntity("The role with name " + name + " cannot be found.");
        }
        return role;
    }

    Role getRole(String name) throws AwsException {
        synchronized (lock) {
            return view(role(name));
        }
    }

    /**
     * Whether the role {@code roleArn}'s trust policy grants {@code caller} by name the right to
     * assume it (see {@link TrustPolicies#grantsByName}); false for an unknown role.
     */
    boolean trustGrantsByName(String roleArn, AwsPrincipal caller) {
        Role role = roleByArn(roleArn);
        if (role == null) {
            return false;
        }
        try {
            return TrustPolicies.grantsByName(parsePolicy(role.name(), role.assumeRolePolicyDocument(),
                    PolicyParser.Kind.TRUST), caller, "sts:AssumeRole");
        } catch (AwsException e) {
            return false;
        }
    }

    /** The role an ARN names, or null. */
    Role roleByArn(String arn) {
        synchronized (lock) {
            for (IamState.Role role : state.roles.values()) {
                if (role.arn.equals(arn)) {
                    return view(role);
                }
            }
            return null;
        }
    }

    void deleteRole(String name) throws AwsException {
        synchronized (lock) {
            IamState.Role role = role(name);
            if (!role.inlinePolicies.isEmpty() || !role.attachedPolicies.isEmpty()) {
                throw IamErrors.deleteConflict("Cannot delete entity, must "
                        + (role.inlinePolicies.isEmpty() ? "detach all policies" : "delete policies") + " first.");
            }
            state.roles.remove(role.name);
            state.sessions.values().removeIf(s -> s.roleName.equals(role.name));
            save();
        }
    }

    @Override
    public List<Role> roles() {
        synchronized (lock) {
            return state.roles.values().stream().map(IamStore::view).toList();
        }
    }

    private static Role view(IamState.Role role) {
        return new Role(role.name, role.path, role.id, role.arn, Instant.parse(role.created), role.description,
                role.assumeRolePolicy, role.maxSessionDuration, Map.copyOf(new LinkedHashMap<>(role.inlinePolicies)),
                List.copyOf(role.attachedPolicies));
    }

    // ---- inline policies

    /** Whose inline policies: a user or a role. */
    enum Owner {
        USER, ROLE
    }

    private Map<String, String> inline(Owner owner, String name) throws AwsException {
        return owner == Owner.USER ? user(name).inlinePolicies : role(name).inlinePolicies;
    }

    void putInlinePolicy(Owner owner, String ownerName, String policyName, String document) throws AwsException {
        matches("policyName", policyName, POLICY_NAME);
        parsePolicy(policyName, document, PolicyParser.Kind.IDENTITY);
        synchronized (lock) {
            inline(owner, ownerName).put(policyName, document);
            save();
        }
    }

    String getInlinePolicy(Owner owner, String ownerName, String policyName) throws AwsException {
        matches("policyName", policyName, POLICY_NAME);
        synchronized (lock) {
            String document = inline(owner, ownerName).get(policyName);
            if (document == null) {
                throw IamErrors.noSuchEntity("The " + (owner == Owner.USER ? "user" : "role") + " policy with name "
                        + policyName + " cannot be found.");
            }
            return document;
        }
    }

    List<String> listInlinePolicies(Owner owner, String ownerName) throws AwsException {
        synchronized (lock) {
            return List.copyOf(inline(owner, ownerName).keySet());
        }
    }

    void deleteInlinePolicy(Owner owner, String ownerName, String policyName) throws AwsException {
        matches("policyName", policyName, POLICY_NAME);
        synchronized (lock) {
            if (inline(owner, ownerName).remove(policyName) == null) {
                throw IamErrors.noSuchEntity("The " + (owner == Owner.USER ? "user" : "role") + " policy with name "
                        + policyName + " cannot be found.");
            }
            save();
        }
    }

    // ---- managed policies

    ManagedPolicy createPolicy(String name, String path, String document, String description) throws AwsException {
        matches("policyName", name, POLICY_NAME);
        String p = path(path);
        parsePolicy(name, document, PolicyParser.Kind.IDENTITY);
        synchronized (lock) {
            String arn = "arn:aws:iam::" + account + ":policy" + p + name;
            if (state.policies.values().stream().anyMatch(m -> m.name.equalsIgnoreCase(name))) {
                throw IamErrors.alreadyExists("A policy called " + name + " already exists. Duplicate names are not allowed.");
            }
            IamState.ManagedPolicy policy = new IamState.ManagedPolicy();
            policy.name = name;
            policy.path = p;
            policy.id = newId("ANPA");
            policy.arn = arn;
            policy.description = description;
            policy.created = timestamp();
            policy.updated = policy.created;
            policy.document = document;
            state.policies.put(arn, policy);
            save();
            return view(policy);
        }
    }

    private IamState.ManagedPolicy policy(String arn) throws AwsException {
        require("policyArn", arn);
        if (!arn.startsWith("arn:")) {
            throw IamErrors.invalidInput("ARN " + arn + " is not valid.");
        }
        IamState.ManagedPolicy policy = ManagedPolicies.ALL.get(arn);
        if (policy == null) {
            policy = state.policies.get(arn);
        }
        if (policy == null) {
            throw IamErrors.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
        }
        return policy;
    }

    ManagedPolicy getPolicy(String arn) throws AwsException {
        synchronized (lock) {
            return view(policy(arn));
        }
    }

    void deletePolicy(String arn) throws AwsException {
        synchronized (lock) {
            IamState.ManagedPolicy policy = policy(arn);
            if (ManagedPolicies.ALL.containsKey(arn)) {
                throw IamErrors.invalidInput("AWS managed policies cannot be deleted.");
            }
            if (attachments(arn) > 0) {
                throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
            }
            state.policies.remove(policy.arn);
            save();
        }
    }

    @Override
    public List<ManagedPolicy> policies() {
        synchronized (lock) {
            List<ManagedPolicy> all = new ArrayList<>();
            ManagedPolicies.ALL.values().forEach(p -> all.add(view(p)));
            state.policies.values().forEach(p -> all.add(view(p)));
            return all;
        }
    }

    private int attachments(String arn) {
        int count = 0;
        for (IamState.User user : state.users.values()) {
            count += user.attachedPolicies.contains(arn) ? 1 : 0;
        }
        for (IamState.Role role : state.roles.values()) {
            count += role.attachedPolicies.contains(arn) ? 1 : 0;
        }
        return count;
    }

    private ManagedPolicy view(IamState.ManagedPolicy policy) {
        return new ManagedPolicy(policy.name, policy.path, policy.id, policy.arn, policy.description,
                Instant.parse(policy.created), Instant.parse(policy.updated), policy.document, attachments(policy.arn),
                ManagedPolicies.ALL.containsKey(policy.arn));
    }

    void attach(Owner owner, String ownerName, String policyArn) throws AwsException {
        synchronized (lock) {
            List<String> attached = owner == Owner.USER ? user(ownerName).attachedPolicies : role(ownerName).attachedPolicies;
            policy(policyArn);
            if (!attached.contains(policyArn)) {
                attached.add(policyArn);
                save();
            }
        }
    }

    void detach(Owner owner, String ownerName, String policyArn) throws AwsException {
        synchronized (lock) {
            List<String> attached = owner == Owner.USER ? user(ownerName).attachedPolicies : role(ownerName).attachedPolicies;
            if (!attached.remove(policyArn)) {
                throw IamErrors.noSuchEntity("Policy " + policyArn + " was not found.");
            }
            save();
        }
    }

    List<ManagedPolicy> attached(Owner owner, String ownerName) throws AwsException {
        synchronized (lock) {
            List<String> attached = owner == Owner.USER ? user(ownerName).attachedPolicies : role(ownerName).attachedPolicies;
            List<ManagedPolicy> policies = new ArrayList<>();
            for (String arn : attached) {
                policies.add(view(policy(arn)));
            }
            return policies;
        }
    }

    // ---- sessions (STS)

    /** Temporary credentials and who they act as. */
    record Credentials(String accessKeyId, String secret, String token, Instant expires, String assumedRoleArn,
            String assumedRoleId) {
    }

    Credentials assumeRole(Role role, String sessionName, Duration duration) throws AwsException {
        matches("roleSessionName", sessionName, SESSION_NAME);
        synchronized (lock) {
            Instant now = now();
            state.sessions.values().removeIf(s -> s.expiresEpochMillis <= now.toEpochMilli());
            IamState.Session session = new IamState.Session();
            session.accessKeyId = newAccessKeyId("ASIA");
            session.secret = newSecret(40);
            session.token = newSecret(356).replace('/', '_').replace('+', '-');
            session.expiresEpochMillis = now.plus(duration).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
            session.roleName = role.name();
            session.roleId = role.id();
            session.sessionName = sessionName;
            session.arn = AssumedRole.arn(account, role.name(), sessionName);
            state.sessions.put(session.accessKeyId, session);
            save();
            return new Credentials(session.accessKeyId, session.secret, session.token,
                    Instant.ofEpochMilli(session.expiresEpochMillis), session.arn, session.roleId + ":" + sessionName);
        }
    }

    /**
     * Credentials a function acts with: a session of its role (or of the default role when
     * {@code role} is null) named after the function, reused while more than half its lifetime is left.
     */
    Credentials functionCredentials(String function, Role role, Duration lifetime) {
        String roleName = role == null ? DEFAULT_FUNCTION_ROLE : role.name();
        String roleId = role == null ? "AROASTRATUSFUNCTIONDEFAULT" : role.id();
        String cacheKey = roleName + "\n" + function;
        Instant now = now();
        IamState.Session current = functionSessionByRole.get(cacheKey);
        if (current != null && current.expiresEpochMillis - now.toEpochMilli() > lifetime.toMillis() / 2) {
            return credentials(current);
        }
        functionSessions.values().removeIf(s -> s.expiresEpochMillis <= now.toEpochMilli());
        IamState.Session session = new IamState.Session();
        synchronized (lock) {
            session.accessKeyId = newAccessKeyId("ASIA");
            session.secret = newSecret(40);
            session.token = newSecret(356).replace('/', '_').replace('+', '-');
        }
        session.expiresEpochMillis = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        session.roleName = roleName;
        session.roleId = roleId;
        // a session name is at most 64 characters, a function name too
        session.sessionName = function;
        session.arn = AssumedRole.arn(account, roleName, function);
        functionSessions.put(session.accessKeyId, session);
        functionSessionByRole.put(cacheKey, session);
        return credentials(session);
    }

    private static Credentials credentials(IamState.Session session) {
        return new Credentials(session.accessKeyId, session.secret, session.token,
                Instant.ofEpochMilli(session.expiresEpochMillis), session.arn, session.roleId + ":" + session.sessionName);
    }

    /** The default role's one policy for a function: its own log group and streams. */
    private Policy defaultFunctionPolicy(String function) {
        String group = "arn:aws:logs:*:" + account + ":log-group:/aws/lambda/" + function;
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OwnLogs\",\"Effect\":\"Allow\","
                + "\"Action\":[\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],"
                + "\"Resource\":[\"" + group + "\",\"" + group + ":*\"]}]}";
        return cached(DEFAULT_FUNCTION_ROLE + " for " + function, document);
    }

    // ---- policies that apply to a caller

    /**
     * The identity-based policies of a principal: a user's or an assumed role's inline and attached
     * policies, parsed (each document once).
     */
    List<Policy> policiesOf(AwsPrincipal principal) {
        synchronized (lock) {
            String arn = principal.arn();
            List<Policy> known = policySets.get(arn);
            if (known == null) {
                known = findPoliciesOf(arn);
                if (policySets.size() >= MAX_POLICY_SETS) {
                    policySets.clear();
                }
                policySets.put(arn, known);
            }
            return known;
        }
    }

    /** How many principals' policy sets are cached (for tests). */
    int cachedPolicySets() {
        synchronized (lock) {
            return policySets.size();
        }
    }

    /** Called under the lock. */
    private List<Policy> findPoliciesOf(String arn) {
        Map<String, String> inline = null;
        List<String> attached = null;
        String owner = null;
        AssumedRole assumed = AssumedRole.of(arn);
        if (assumed != null) {
            if (assumed.role().equals(DEFAULT_FUNCTION_ROLE)) {
                return List.of(defaultFunctionPolicy(assumed.session()));
            }
            IamState.Role role = state.roles.get(assumed.role());
            if (role != null) {
                inline = role.inlinePolicies;
                attached = role.attachedPolicies;
                owner = role.arn;
            }
        } else {
            for (IamState.User user : state.users.values()) {
                if (user.arn.equals(arn)) {
                    inline = user.inlinePolicies;
                    attached = user.attachedPolicies;
                    owner = user.arn;
                }
            }
        }
        if (inline == null) {
            return List.of();
        }
        List<Policy> policies = new ArrayList<>();
        for (Map.Entry<String, String> entry : inline.entrySet()) {
            policies.add(cached(owner + " inline policy " + entry.getKey(), entry.getValue()));
        }
        for (String policyArn : attached) {
            IamState.ManagedPolicy managed = ManagedPolicies.ALL.getOrDefault(policyArn, state.policies.get(policyArn));
            if (managed != null) {
                policies.add(cached(policyArn, managed.document));
            }
        }
        return List.copyOf(policies);
    }

    private Policy cached(String name, String document) {
        if (parsed.size() >= MAX_PARSED_POLICIES) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(name + "\n" + document, k -> {
            try {
                return PolicyParser.parse(name, document, PolicyParser.Kind.IDENTITY);
            } catch (MalformedPolicyException e) {
                // stored documents were validated when written; one that no longer parses allows nothing
                return new Policy(name, false, List.of());
            }
        });
    }

    // ---- denials

    void denied(Denial denial) {
        synchronized (denials) {
            denials.addFirst(denial);
            while (denials.size() > MAX_DENIALS) {
                denials.removeLast();
            }
        }
    }

    @Override
    public List<Denial> recentDenials() {
        synchronized (denials) {
            return List.copyOf(denials);
        }
    }
}
