package io.stratus.scheduler.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.codec.AwsJson;
import io.stratus.aws.codec.JsonBody;
import io.stratus.scheduler.api.Rule;
import io.stratus.scheduler.api.RuleDefinition;
import io.stratus.scheduler.api.RuleService;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.SchedulerException;
import io.stratus.scheduler.api.Target;
import io.stratus.scheduler.api.TargetFailure;

/**
 * The EventBridge API (JSON 1.1, {@code X-Amz-Target: AWSEvents.<operation>}) for scheduled rules
 * on the default event bus, over the {@link RuleService}: PutRule, DescribeRule, ListRules,
 * DeleteRule, EnableRule, DisableRule, PutTargets, RemoveTargets, ListTargetsByRule and
 * ListRuleNamesByTarget, answered in the shapes of the EventBridge API Reference.
 */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=events",
        AwsService.PROTOCOL + "=json-1.1",
        AwsService.TARGET_PREFIX + "=AWSEvents" })
public final class EventBridgeApi implements AwsService {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_REQUEST_BODY = 1024 * 1024;
    static final int MAX_LIMIT = 100;
    static final String DEFAULT_BUS = "default";

    private final RuleService rules;
    private final String region;
    private final String account;

    @Activate
    public EventBridgeApi(@Reference RuleService rules, org.osgi.framework.BundleContext context) {
        this(rules, property(context.getProperty("stratus.region"), "us-east-1"),
                property(context.getProperty("stratus.account"), "000000000000"));
    }

    EventBridgeApi(RuleService rules, String region, String account) {
        this.rules = rules;
        this.region = region;
        this.account = account;
    }

    private static String property(String value, String defaultValue) {
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /* operations on one rule, named by the member Name or Rule; the others act on no particular rule */
    private static final Set<String> ON_RULE = Set.of("PutRule", "DescribeRule", "DeleteRule", "EnableRule",
            "DisableRule");
    private static final Set<String> ON_RULE_BY_RULE_MEMBER = Set.of("PutTargets", "RemoveTargets",
            "ListTargetsByRule");
    private static final Set<String> ON_NO_RULE = Set.of("ListRules", "ListRuleNamesByTarget");

    /**
     * Each operation's IAM action as the Service Authorization Reference names it: the rule
     * operations on the rule's ARN ({@code arn:aws:events:region:account:rule/name}), ListRules and
     * ListRuleNamesByTarget on {@code *}. A malformed body or rule name is answered as handle() would.
     */
    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        String operation = request.target();
        if (operation == null || !"POST".equals(request.method())) {
            throw new AwsException(400, "UnknownOperationException", "Unknown operation: send POST with X-Amz-Target "
                    + "AWSEvents.<operation>");
        }
        if (ON_NO_RULE.contains(operation)) {
            return List.of(new AccessRequest("events:" + operation, "*"));
        }
        String member = ON_RULE.contains(operation) ? "Name" : ON_RULE_BY_RULE_MEMBER.contains(operation) ? "Rule" : null;
        if (member == null) {
            // no action can be named: everyone gets the error handle() would answer
            throw new AwsException(400, "UnknownOperationException", "Unknown operation " + operation);
        }
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsProtocol.JSON_1_1);
        String name = required(body, member);
        try {
            LocalScheduler.checkName(name, Character.toLowerCase(member.charAt(0)) + member.substring(1));
        } catch (SchedulerException e) {
            throw new AwsException(400, e.code(), e.getMessage());
        }
        // the ARN PutRule returns, so that a policy may name it as it was answered
        return List.of(new AccessRequest("events:" + operation, "arn:aws:events:" + region + ":" + account + ":rule/" + name));
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String operation = request.target();
        if (operation == null || !"POST".equals(request.method())) {
            throw new AwsException(400, "UnknownOperationException", "Unknown operation: send POST with X-Amz-Target "
                    + "AWSEvents.<operation>");
        }
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsProtocol.JSON_1_1);
        try {
            JsonObject answer = switch (operation) {
                case "PutRule" -> putRule(body);
                case "DescribeRule" -> describeRule(body);
                case "ListRules" -> listRules(body);
                case "DeleteRule" -> deleteRule(body);
                case "EnableRule" -> setState(body, RuleState.ENABLED);
                case "DisableRule" -> setState(body, RuleState.DISABLED);
                case "PutTargets" -> putTargets(body);
                case "RemoveTargets" -> removeTargets(body);
                case "ListTargetsByRule" -> listTargetsByRule(body);
                case "ListRuleNamesByTarget" -> listRuleNamesByTarget(body);
                default -> throw new AwsException(400, "UnknownOperationException",
                        "Unknown operation " + operation + "; this endpoint serves scheduled rules: PutRule, "
                                + "DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule, PutTargets, "
                                + "RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget");
            };
            response.status(200);
            response.body(CONTENT_TYPE, AwsJson.toBytes(answer));
        } catch (SchedulerException e) {
            throw new AwsException(400, e.code(), e.getMessage());
        }
    }

    // ---- operations

    private JsonObject putRule(JsonBody body) throws AwsException, SchedulerException {
        String name = required(body, "Name");
        eventBus(body);
        if (body.has("EventPattern")) {
            body.string("EventPattern");
            throw new AwsException(400, SchedulerException.VALIDATION, "Parameter EventPattern is not valid here: "
                    + "this endpoint serves scheduled rules only; give a ScheduleExpression.");
        }
        if (body.has("RoleArn")) {
            body.string("RoleArn");
        }
        String state = body.string("State");
        RuleState ruleState = null;
        if (state != null) {
            ruleState = enumValue(state, "state");
        }
        Rule rule = rules.putRule(new RuleDefinition(name, body.string("ScheduleExpression"), ruleState,
                body.string("Description")));
        JsonObject answer = new JsonObject();
        answer.addProperty("RuleArn", rule.arn());
        return answer;
    }

    private JsonObject describeRule(JsonBody body) throws AwsException, SchedulerException {
        String name = required(body, "Name");
        eventBus(body);
        LocalScheduler.checkName(name, "name");
        Rule rule = rules.rule(name).orElseThrow(() -> notFound(name));
        JsonObject answer = ruleDocument(rule);
        answer.addProperty("CreatedBy", account);
        return answer;
    }

    private JsonObject listRules(JsonBody body) throws AwsException, SchedulerException {
        String prefix = body.string("NamePrefix");
        if (prefix != null) {
            LocalScheduler.checkName(prefix, "namePrefix");
        }
        eventBus(body);
        List<Rule> all = rules.rules(prefix);
        JsonArray list = new JsonArray();
        String next = page(body, all, Rule::name, rule -> list.add(ruleDocument(rule)));
        JsonObject answer = new JsonObject();
        answer.add("Rules", list);
        if (next != null) {
            answer.addProperty("NextToken", next);
        }
        return answer;
    }

    private JsonObject deleteRule(JsonBody body) throws AwsException, SchedulerException {
        String name = required(body, "Name");
        eventBus(body);
        body.bool("Force");
        rules.deleteRule(name);
        return new JsonObject();
    }

    private JsonObject setState(JsonBody body, RuleState state) throws AwsException, SchedulerException {
        String name = required(body, "Name");
        eventBus(body);
        rules.setState(name, state);
        return new JsonObject();
    }

    private JsonObject putTargets(JsonBody body) throws AwsException, SchedulerException {
        String rule = required(body, "Rule");
        eventBus(body);
        JsonArray members = array(body, "Targets");
        List<Target> targets = new ArrayList<>();
        List<TargetFailure> unsupported = new ArrayList<>();
        for (JsonElement element : members) {
            if (!element.isJsonObject()) {
                throw serialization("Targets", "a list of objects");
            }
            JsonBody target = AwsJson.parseObject(AwsJson.toBytes(element), AwsProtocol.JSON_1_1);
            String id = required(target, "Id");
            String arn = required(target, "Arn");
            String input = target.string("Input");
            String other = unsupportedMember(target);
            if (other != null) {
                unsupported.add(new TargetFailure(id, SchedulerException.VALIDATION, "Target " + id + ": " + other
                        + " is not supported; targets take Id, Arn and Input."));
            }
            targets.add(new Target(id, arn, input));
        }
        if (members.size() > MAX_LIMIT) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value at "
                    + "'targets' failed to satisfy constraint: Member must have length less than or equal to " + MAX_LIMIT);
        }
        List<String> refused = unsupported.stream().map(TargetFailure::targetId).toList();
        List<Target> accepted = targets.stream().filter(t -> !refused.contains(t.id())).toList();
        List<TargetFailure> failures = new ArrayList<>(unsupported);
        if (accepted.isEmpty()) {
            LocalScheduler.checkName(rule, "rule");
            rules.rule(rule).orElseThrow(() -> notFound(rule));
        } else {
            failures.addAll(rules.putTargets(rule, accepted));
        }
        return failures(failures);
    }

    /* Target members EventBridge has but Stratus does not apply: refused per target rather than ignored. */
    private static String unsupportedMember(JsonBody target) {
        for (String member : List.of("InputPath", "InputTransformer", "RoleArn", "KinesisParameters",
                "RunCommandParameters", "EcsParameters", "BatchParameters", "SqsParameters", "HttpParameters",
                "RedshiftDataParameters", "SageMakerPipelineParameters", "DeadLetterConfig", "RetryPolicy",
                "AppSyncParameters")) {
            if (target.has(member)) {
                return member;
            }
        }
        return null;
    }

    private JsonObject removeTargets(JsonBody body) throws AwsException, SchedulerException {
        String rule = required(body, "Rule");
        eventBus(body);
        body.bool("Force");
        JsonArray members = array(body, "Ids");
        List<String> ids = new ArrayList<>();
        for (JsonElement element : members) {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw serialization("Ids", "a list of strings");
            }
            ids.add(element.getAsString());
        }
        if (ids.size() > MAX_LIMIT) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value at "
                    + "'ids' failed to satisfy constraint: Member must have length less than or equal to " + MAX_LIMIT);
        }
        return failures(rules.removeTargets(rule, ids));
    }

    private JsonObject listTargetsByRule(JsonBody body) throws AwsException, SchedulerException {
        String name = required(body, "Rule");
        eventBus(body);
        LocalScheduler.checkName(name, "rule");
        Rule rule = rules.rule(name).orElseThrow(() -> notFound(name));
        JsonArray list = new JsonArray();
        String next = page(body, rule.targets(), Target::id, target -> {
            JsonObject member = new JsonObject();
            member.addProperty("Id", target.id());
            member.addProperty("Arn", target.arn());
            if (target.input() != null) {
                member.addProperty("Input", target.input());
            }
            list.add(member);
        });
        JsonObject answer = new JsonObject();
        answer.add("Targets", list);
        if (next != null) {
            answer.addProperty("NextToken", next);
        }
        return answer;
    }

    private JsonObject listRuleNamesByTarget(JsonBody body) throws AwsException {
        String arn = required(body, "TargetArn");
        if (arn.length() > 1600) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value at "
                    + "'targetArn' failed to satisfy constraint: Member must have length less than or equal to 1600");
        }
        eventBus(body);
        JsonArray list = new JsonArray();
        String next = page(body, rules.ruleNamesByTarget(arn), Function.identity(), list::add);
        JsonObject answer = new JsonObject();
        answer.add("RuleNames", list);
        if (next != null) {
            answer.addProperty("NextToken", next);
        }
        return answer;
    }

    // ---- documents and members

    private static JsonObject ruleDocument(Rule rule) {
        JsonObject json = new JsonObject();
        json.addProperty("Name", rule.name());
        json.addProperty("Arn", rule.arn());
        json.addProperty("State", rule.state().name());
        if (rule.description() != null) {
            json.addProperty("Description", rule.description());
        }
        json.addProperty("ScheduleExpression", rule.scheduleExpression());
        if (rule.managedBy() != null) {
            json.addProperty("ManagedBy", rule.managedBy());
        }
        json.addProperty("EventBusName", DEFAULT_BUS);
        return json;
    }

    private static JsonObject failures(List<TargetFailure> failures) {
        JsonObject answer = new JsonObject();
        answer.addProperty("FailedEntryCount", failures.size());
        JsonArray entries = new JsonArray();
        for (TargetFailure failure : failures) {
            JsonObject entry = new JsonObject();
            entry.addProperty("TargetId", failure.targetId());
            entry.addProperty("ErrorCode", failure.errorCode());
            entry.addProperty("ErrorMessage", failure.errorMessage());
            entries.add(entry);
        }
        answer.add("FailedEntries", entries);
        return answer;
    }

    /**
     * Adds one page of {@code items} (sorted by {@code key}) to the answer; returns the NextToken
     * when more follow. A token is the base64 of the last key returned.
     */
    private static <T> String page(JsonBody body, List<T> items, Function<T, String> key,
            java.util.function.Consumer<T> add) throws AwsException {
        Integer limit = body.integer("Limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value '" + limit
                    + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and " + MAX_LIMIT);
        }
        int size = limit == null ? MAX_LIMIT : limit;
        String token = body.string("NextToken");
        String after = null;
        if (token != null) {
            try {
                after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                after = null;
            }
            if (after == null || after.isEmpty()) {
                throw new AwsException(400, SchedulerException.VALIDATION, "The NextToken provided is invalid.");
            }
        }
        int added = 0;
        String last = null;
        for (T item : items) {
            String k = key.apply(item);
            if (after != null && k.compareTo(after) <= 0) {
                continue;
            }
            if (added == size) {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(last.getBytes(StandardCharsets.UTF_8));
            }
            add.accept(item);
            added++;
            last = k;
        }
        return null;
    }

    private AwsException notFound(String rule) {
        return new AwsException(400, SchedulerException.NOT_FOUND, "Rule " + rule + " does not exist on EventBus "
                + DEFAULT_BUS + ".");
    }

    /* Only the default event bus exists, by name or ARN. */
    private void eventBus(JsonBody body) throws AwsException {
        String bus = body.string("EventBusName");
        if (bus == null || bus.equals(DEFAULT_BUS)
                || bus.equals("arn:aws:events:" + region + ":" + account + ":event-bus/" + DEFAULT_BUS)) {
            return;
        }
        throw new AwsException(400, SchedulerException.NOT_FOUND, "Event bus " + bus + " does not exist.");
    }

    private static String required(JsonBody body, String member) throws AwsException {
        String value = body.string(member);
        if (value == null) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static JsonArray array(JsonBody body, String member) throws AwsException {
        JsonElement value = body.json().get(member);
        if (value == null || value.isJsonNull()) {
            throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!value.isJsonArray()) {
            throw serialization(member, "a list");
        }
        return value.getAsJsonArray();
    }

    private static AwsException serialization(String member, String expected) {
        return new AwsException(400, AwsJson.SERIALIZATION,
                "Could not parse request body into json: member '" + member + "' must be " + expected);
    }

    private static RuleState enumValue(String state, String member) throws AwsException {
        for (RuleState value : RuleState.values()) {
            if (value.name().equals(state)) {
                return value;
            }
        }
        throw new AwsException(400, SchedulerException.VALIDATION, "1 validation error detected: Value '" + state
                + "' at '" + member + "' failed to satisfy constraint: Member must satisfy enum value set: "
                + "[ENABLED, DISABLED]");
    }
}
