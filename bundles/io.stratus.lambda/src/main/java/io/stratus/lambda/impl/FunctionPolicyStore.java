package io.stratus.lambda.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsException;
import io.stratus.durable.DurableFiles;
import io.stratus.iam.api.ResourcePolicies;
import io.stratus.lambda.api.FunctionPolicies;

/**
 * Functions' resource-based policies, one per function and qualifier, kept in
 * {@code <data>/lambda/policies.json} (rewritten durably on each change) and evaluated by IAM.
 */
@Component(service = { FunctionPolicies.class, FunctionPolicyStore.class })
public final class FunctionPolicyStore implements FunctionPolicies {

    static final String INVOKE = "lambda:InvokeFunction";

    /** A policy as GetPolicy answers it. */
    record StoredPolicy(String document, String revisionId) {
    }

    private final Path file;
    private final ResourcePolicies iam;
    private final String region;
    private final String account;
    /* guarded by this: key (name or name:qualifier) -> RevisionId and statements by Sid */
    private final Map<String, Entry> policies = new TreeMap<>();

    private static final class Entry {
        String revisionId;
        final Map<String, JsonObject> statements = new LinkedHashMap<>();
    }

    @Activate
    public FunctionPolicyStore(BundleContext context, @Reference ResourcePolicies iam) throws IOException {
        this(Path.of(property(context, "stratus.data", "./data")).resolve("lambda").resolve("policies.json"), iam,
                property(context, "stratus.region", "us-east-1"), property(context, "stratus.account", "000000000000"));
    }

    FunctionPolicyStore(Path file, ResourcePolicies iam, String region, String account) throws IOException {
        this.file = file;
        this.iam = iam;
        this.region = region;
        this.account = account;
        load();
    }

    private static String property(BundleContext context, String name, String fallback) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** The ARN a policy's statements name: the function's, with the qualifier when there is one. */
    String resourceArn(String function, String qualifier) {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + function
                + (qualifier == null ? "" : ":" + qualifier);
    }

    /**
     * Adds a statement (built by the caller with {@link #resourceArn}) under its Sid.
     *
     * @return the statement added
     * @throws AwsException ResourceConflictException for a Sid in use, PreconditionFailedException for a
     *                      stale RevisionId, InvalidParameterValueException when IAM refuses the result
     */
    synchronized JsonObject add(String function, String qualifier, String sid, JsonObject statement, String revisionId)
            throws AwsException {
        String key = key(function, qualifier);
        Entry entry = policies.get(key);
        checkRevision(entry, revisionId);
        if (entry != null && entry.statements.containsKey(sid)) {
            throw new AwsException(409, "ResourceConflictException", "The statement id (" + sid + ") provided already "
                    + "exists. Please provide a new statement id, or remove the existing statement.", true,
                    Map.of("Type", "User"));
        }
        Entry next = copy(entry);
        next.statements.put(sid, statement);
        next.revisionId = UUID.randomUUID().toString();
        try {
            iam.validate(document(next));
        } catch (IllegalArgumentException e) {
            throw new AwsException(400, LambdaApi.INVALID_PARAMETER, "The policy is not valid: " + e.getMessage());
        }
        policies.put(key, next);
        save();
        return statement;
    }

    /** @throws AwsException ResourceNotFoundException when the statement is not there */
    synchronized void remove(String function, String qualifier, String sid, String revisionId) throws AwsException {
        String key = key(function, qualifier);
        Entry entry = policies.get(key);
        checkRevision(entry, revisionId);
        if (entry == null || !entry.statements.containsKey(sid)) {
            throw new AwsException(404, LambdaApi.NOT_FOUND, "Statement " + sid + " is not found in resource policy.",
                    true, Map.of("Type", "User"));
        }
        Entry next = copy(entry);
        next.statements.remove(sid);
        next.revisionId = UUID.randomUUID().toString();
        if (next.statements.isEmpty()) {
            policies.remove(key);
        } else {
            policies.put(key, next);
        }
        save();
    }

    synchronized Optional<StoredPolicy> get(String function, String qualifier) {
        Entry entry = policies.get(key(function, qualifier));
        return entry == null ? Optional.empty() : Optional.of(new StoredPolicy(document(entry), entry.revisionId));
    }

    /** Forgets every policy of a deleted function (its versions' and aliases' too), as Lambda does. */
    synchronized void removeAll(String function) {
        if (policies.keySet().removeIf(key -> key.equals(function) || key.startsWith(function + ":"))) {
            save();
        }
    }

    @Override
    public Decision mayInvoke(String function, String qualifier, String service, String sourceArn,
            String sourceAccount) {
        Optional<StoredPolicy> policy = get(function, qualifier);
        if (policy.isEmpty()) {
            return new Decision(false, "function " + resourceArn(function, qualifier) + " has no resource-based policy");
        }
        Map<String, String> context = new java.util.HashMap<>();
        context.put("aws:SourceArn", sourceArn);
        if (sourceAccount != null) {
            context.put("aws:SourceAccount", sourceAccount);
        }
        ResourcePolicies.Decision decision = iam.evaluate(policy.get().document(), service, INVOKE,
                resourceArn(function, qualifier), context);
        return new Decision(decision.allowed(), decision.reason());
    }

    private static void checkRevision(Entry entry, String revisionId) throws AwsException {
        if (revisionId != null && (entry == null || !revisionId.equals(entry.revisionId))) {
            throw new AwsException(412, "PreconditionFailedException", "The RevisionId provided does not match the "
                    + "latest RevisionId for the Lambda function or alias. Call the GetFunction or the GetAlias API "
                    + "to retrieve the latest RevisionId for your resource.", true, Map.of("Type", "User"));
        }
    }

    private static Entry copy(Entry entry) {
        Entry next = new Entry();
        if (entry != null) {
            next.statements.putAll(entry.statements);
        }
        return next;
    }

    private static String key(String function, String qualifier) {
        return qualifier == null ? function : function + ":" + qualifier;
    }

    private static String document(Entry entry) {
        JsonObject policy = new JsonObject();
        policy.addProperty("Version", "2012-10-17");
        policy.addProperty("Id", "default");
        JsonArray statements = new JsonArray();
        entry.statements.values().forEach(statements::add);
        policy.add("Statement", statements);
        return policy.toString();
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JsonObject all = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        for (Map.Entry<String, JsonElement> stored : all.entrySet()) {
            JsonObject value = stored.getValue().getAsJsonObject();
            Entry entry = new Entry();
            entry.revisionId = value.get("RevisionId").getAsString();
            for (JsonElement statement : value.getAsJsonArray("Statement")) {
                JsonObject object = statement.getAsJsonObject();
                entry.statements.put(object.get("Sid").getAsString(), object);
            }
            policies.put(stored.getKey(), entry);
        }
    }

    private void save() {
        JsonObject all = new JsonObject();
        policies.forEach((key, entry) -> {
            JsonObject value = new JsonObject();
            value.addProperty("RevisionId", entry.revisionId);
            JsonArray statements = new JsonArray();
            entry.statements.values().forEach(statements::add);
            value.add("Statement", statements);
            all.add(key, value);
        });
        try {
            DurableFiles.write(file, all.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
