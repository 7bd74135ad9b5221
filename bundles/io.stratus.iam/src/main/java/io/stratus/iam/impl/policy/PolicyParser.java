package io.stratus.iam.impl.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads IAM policy documents as the IAM JSON policy grammar defines them and refuses anything
 * else with a message saying what is wrong.
 */
public final class PolicyParser {

    /**
     * Identity policies (user, role, managed) need Resource and may not name a Principal; trust
     * policies the reverse; resource-based policies (a function's) need both.
     */
    public enum Kind {
        IDENTITY, TRUST, RESOURCE
    }

    static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
            "Resource", "NotResource", "Condition");
    static final int MAX_DOCUMENT_CHARS = 131_072;

    private PolicyParser() {
    }

    public static Policy parse(String name, String document, Kind kind) throws MalformedPolicyException {
        if (document == null || document.isBlank()) {
            throw new MalformedPolicyException("Syntax errors in policy: the document is empty.");
        }
        if (document.length() > MAX_DOCUMENT_CHARS) {
            throw new MalformedPolicyException("Policy document is too large.");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(document);
        } catch (JsonParseException e) {
            throw new MalformedPolicyException("Syntax errors in policy: not JSON.");
        }
        if (!root.isJsonObject()) {
            throw new MalformedPolicyException("Syntax errors in policy: the document must be a JSON object.");
        }
        JsonObject object = root.getAsJsonObject();
        for (String member : object.keySet()) {
            if (!TOP_LEVEL.contains(member)) {
                throw new MalformedPolicyException("Syntax errors in policy: unknown element " + member + ".");
            }
        }
        String version = text(object, "Version");
        if (version != null && !version.equals("2012-10-17") && !version.equals("2008-10-17")) {
            throw new MalformedPolicyException("The policy must contain a valid version string");
        }
        JsonElement statements = object.get("Statement");
        if (statements == null || statements.isJsonNull()) {
            throw new MalformedPolicyException("Syntax errors in policy: missing required field Statement.");
        }
        List<Policy.Statement> parsed = new ArrayList<>();
        if (statements.isJsonObject()) {
            parsed.add(statement(statements.getAsJsonObject(), kind));
        } else if (statements.isJsonArray()) {
            for (JsonElement statement : statements.getAsJsonArray()) {
                if (!statement.isJsonObject()) {
                    throw new MalformedPolicyException("Syntax errors in policy: each Statement must be an object.");
                }
                parsed.add(statement(statement.getAsJsonObject(), kind));
            }
        } else {
            throw new MalformedPolicyException("Syntax errors in policy: Statement must be an object or an array.");
        }
        if (parsed.isEmpty()) {
            throw new MalformedPolicyException("Syntax errors in policy: Statement is empty.");
        }
        return new Policy(name, "2012-10-17".equals(version), List.copyOf(parsed));
    }

    private static Policy.Statement statement(JsonObject statement, Kind kind) throws MalformedPolicyException {
        for (String member : statement.keySet()) {
            if (!STATEMENT.contains(member)) {
                throw new MalformedPolicyException("Syntax errors in policy: unknown statement element " + member + ".");
            }
        }
        String sid = text(statement, "Sid");
        // resource-based policies take Lambda's StatementId characters
        if (sid != null && !sid.matches(kind == Kind.RESOURCE ? "[A-Za-z0-9._-]*" : "[A-Za-z0-9]*")) {
            throw new MalformedPolicyException("Statement IDs (SID) must be alpha-numeric.");
        }
        String effect = text(statement, "Effect");
        if (effect == null) {
            throw new MalformedPolicyException("Missing required field Effect");
        }
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new MalformedPolicyException("Invalid effect: " + effect);
        }
        List<String> actions = strings(statement, "Action");
        List<String> notActions = strings(statement, "NotAction");
        if (actions == null == (notActions == null)) {
            throw new MalformedPolicyException(actions == null ? "Missing required field Action"
                    : "Statement may have Action or NotAction, not both");
        }
        for (String action : actions != null ? actions : notActions) {
            if (!action.equals("*") && !action.matches("[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+")) {
                throw new MalformedPolicyException("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Invalid action: " + action);
            }
        }
        List<String> resources = strings(statement, "Resource");
        List<String> notResources = strings(statement, "NotResource");
        if (resources != null && notResources != null) {
            throw new MalformedPolicyException("Statement may have Resource or NotResource, not both");
        }
        for (String resource : resources != null ? resources : notResources != null ? notResources : List.<String>of()) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw new MalformedPolicyException("Resource " + resource + " must be in ARN format or \"*\".");
            }
        }
        boolean hasPrincipal = statement.has("Principal") || statement.has("NotPrincipal");
        List<String> principals = new ArrayList<>();
        boolean anyPrincipal = false;
        if (kind == Kind.IDENTITY) {
            if (hasPrincipal) {
                throw new MalformedPolicyException("Policy document should not specify a principal.");
            }
            if (resources == null && notResources == null) {
                throw new MalformedPolicyException("Missing required field Resource");
            }
        } else {
            if (statement.has("NotPrincipal") || !statement.has("Principal")) {
                throw new MalformedPolicyException("Missing required field Principal");
            }
            JsonElement principal = statement.get("Principal");
            if (principal.isJsonPrimitive() && "*".equals(principal.getAsString())) {
                anyPrincipal = true;
            } else if (principal.isJsonObject()) {
                for (Map.Entry<String, JsonElement> entry : principal.getAsJsonObject().entrySet()) {
                    if (!Set.of("AWS", "Service", "Federated", "CanonicalUser").contains(entry.getKey())) {
                        throw new MalformedPolicyException("Invalid principal in policy: " + entry.getKey());
                    }
                    for (String value : values(entry.getValue(), "Principal")) {
                        principals.add(entry.getKey() + ":" + value);
                        anyPrincipal |= entry.getKey().equals("AWS") && value.equals("*");
                    }
                }
            } else {
                throw new MalformedPolicyException("Invalid principal in policy");
            }
            if (kind == Kind.TRUST && (resources != null || notResources != null)) {
                throw new MalformedPolicyException("Has prohibited field Resource");
            }
            if (kind == Kind.RESOURCE && resources == null && notResources == null) {
                throw new MalformedPolicyException("Missing required field Resource");
            }
        }
        List<Policy.Condition> conditions = new ArrayList<>();
        JsonElement condition = statement.get("Condition");
        if (condition != null) {
            if (!condition.isJsonObject()) {
                throw new MalformedPolicyException("Syntax errors in policy: Condition must be an object.");
            }
            for (Map.Entry<String, JsonElement> operator : condition.getAsJsonObject().entrySet()) {
                if (!Conditions.known(operator.getKey())) {
                    throw new MalformedPolicyException("Invalid Condition type : " + operator.getKey());
                }
                if (!operator.getValue().isJsonObject()) {
                    throw new MalformedPolicyException("Syntax errors in policy: the block of " + operator.getKey()
                            + " must be an object.");
                }
                for (Map.Entry<String, JsonElement> key : operator.getValue().getAsJsonObject().entrySet()) {
                    // keys are case-insensitive; lower case is how the request context holds them
                    conditions.add(new Policy.Condition(operator.getKey(), key.getKey().toLowerCase(Locale.ROOT),
                            values(key.getValue(), "Condition " + operator.getKey())));
                }
            }
        }
        return new Policy.Statement(sid, effect.equals("Allow"), List.copyOf(principals), anyPrincipal,
                actions == null ? null : List.copyOf(actions), notActions == null ? null : List.copyOf(notActions),
                resources == null ? null : List.copyOf(resources),
                notResources == null ? null : List.copyOf(notResources), List.copyOf(conditions));
    }

    private static String text(JsonObject object, String member) throws MalformedPolicyException {
        JsonElement value = object.get(member);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new MalformedPolicyException("Syntax errors in policy: " + member + " must be a string.");
        }
        return value.getAsString();
    }

    private static List<String> strings(JsonObject object, String member) throws MalformedPolicyException {
        JsonElement value = object.get(member);
        if (value == null) {
            return null;
        }
        List<String> values = values(value, member);
        for (String text : values) {
            if (text.isEmpty()) {
                throw new MalformedPolicyException("Syntax errors in policy: empty " + member + ".");
            }
        }
        return values;
    }

    /** A string, number or boolean, or an array of them, as text. */
    private static List<String> values(JsonElement value, String member) throws MalformedPolicyException {
        List<String> values = new ArrayList<>();
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            if (array.isEmpty()) {
                throw new MalformedPolicyException("Syntax errors in policy: " + member + " is an empty array.");
            }
            for (JsonElement element : array) {
                values.add(scalar(element, member));
            }
        } else {
            values.add(scalar(value, member));
        }
        return values;
    }

    private static String scalar(JsonElement element, String member) throws MalformedPolicyException {
        if (element.isJsonPrimitive()) {
            JsonPrimitive primitive = element.getAsJsonPrimitive();
            return primitive.isBoolean() ? String.valueOf(primitive.getAsBoolean()).toLowerCase(Locale.ROOT)
                    : primitive.getAsString();
        }
        throw new MalformedPolicyException("Syntax errors in policy: " + member + " values must be strings.");
    }
}
