package io.stratus.storage.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.codec.AwsXml;

/** A bucket's notification configuration: parsed from and written as S3's XML, kept as JSON. */
final class NotificationConfigurations {

    static final String SETTING = "notification";
    private static final Gson GSON = new Gson();
    private static final String MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema";

    private NotificationConfigurations() {
    }

    static String toJson(List<NotificationRule> rules) {
        return GSON.toJson(rules);
    }

    static List<NotificationRule> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<NotificationRule> rules = GSON.fromJson(json, new TypeToken<List<NotificationRule>>() { }.getType());
        return rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * Parses {@code <NotificationConfiguration>}; every rule must name an existing function.
     *
     * @param functionExists tells whether a function name is deployed
     */
    static List<NotificationRule> parse(byte[] body, String region, String account, Predicate<String> functionExists)
            throws AwsException {
        Document document = AwsXml.parse(body, "MalformedXML", MALFORMED);
        Element root = document.getDocumentElement();
        if (!"NotificationConfiguration".equals(localName(root))) {
            throw malformed();
        }
        List<NotificationRule> rules = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element element)) {
                continue;
            }
            switch (localName(element)) {
                case "CloudFunctionConfiguration", "LambdaFunctionConfiguration" -> {
                    NotificationRule rule = rule(element, region, account, functionExists);
                    if (!ids.add(rule.id())) {
                        throw invalid("Configuration id " + rule.id() + " is used by more than one rule", "Id", rule.id());
                    }
                    rules.add(rule);
                }
                case "TopicConfiguration", "QueueConfiguration" -> throw invalid(
                        "Unable to validate the following destination configurations: this endpoint delivers bucket "
                                + "notifications to Lambda functions only",
                        localName(element), AwsXml.childText(element, localName(element).startsWith("Topic") ? "Topic" : "Queue"));
                case "EventBridgeConfiguration" -> throw invalid(
                        "Unable to validate the following destination configurations: EventBridge delivery is not available here",
                        "EventBridgeConfiguration", "");
                default -> throw malformed();
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            for (int j = i + 1; j < rules.size(); j++) {
                if (rules.get(i).overlaps(rules.get(j))) {
                    throw new AwsException(400, "InvalidArgument",
                            "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the "
                                    + "prefixes are overlapping for the same event type.",
                            true, java.util.Map.of("ArgumentName", "Event", "ArgumentValue", rules.get(j).id()));
                }
            }
        }
        return rules;
    }

    private static NotificationRule rule(Element element, String region, String account,
            Predicate<String> functionExists) throws AwsException {
        String id = AwsXml.childText(element, "Id");
        if (id == null || id.isBlank()) {
            id = UUID.randomUUID().toString();
        }
        String arn = AwsXml.childText(element, "CloudFunction");
        if (arn == null) {
            arn = AwsXml.childText(element, "LambdaFunctionArn");
        }
        if (arn == null || arn.isBlank()) {
            throw malformed();
        }
        arn = arn.trim();
        String function = functionName(arn);
        if (function == null || !functionExists.test(function)) {
            throw invalid("Unable to validate the following destination configurations", arn,
                    "The destination function does not exist or is not deployed");
        }
        List<String> events = new ArrayList<>();
        String prefix = null;
        String suffix = null;
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element child)) {
                continue;
            }
            switch (localName(child)) {
                case "Event" -> {
                    String event = child.getTextContent().trim();
                    if (!NotificationRule.EVENT_TYPES.contains(event)) {
                        throw invalid("The event is not supported for notifications", "Event", event);
                    }
                    if (!events.contains(event)) {
                        events.add(event);
                    }
                }
                case "Filter" -> {
                    Element key = AwsXml.child(child, "S3Key");
                    if (key == null) {
                        throw malformed();
                    }
                    for (Node r = key.getFirstChild(); r != null; r = r.getNextSibling()) {
                        if (!(r instanceof Element filterRule)) {
                            continue;
                        }
                        if (!"FilterRule".equals(localName(filterRule))) {
                            throw malformed();
                        }
                        String name = AwsXml.childText(filterRule, "Name");
                        String value = AwsXml.childText(filterRule, "Value");
                        if (name == null || value == null) {
                            throw malformed();
                        }
                        switch (name.trim().toLowerCase(Locale.ROOT)) {
                            case "prefix" -> {
                                if (prefix != null) {
                                    throw invalid("Cannot specify more than one prefix rule in a filter.", "FilterRule", name);
                                }
                                prefix = value;
                            }
                            case "suffix" -> {
                                if (suffix != null) {
                                    throw invalid("Cannot specify more than one suffix rule in a filter.", "FilterRule", name);
                                }
                                suffix = value;
                            }
                            default -> throw invalid("filter rule name must be either prefix or suffix", "FilterRule", name);
                        }
                    }
                }
                case "Id", "CloudFunction", "LambdaFunctionArn", "InvocationRole" -> {
                    // read above; the invocation role is an S3 legacy field with no meaning here
                }
                default -> throw malformed();
            }
        }
        if (events.isEmpty()) {
            throw malformed();
        }
        return new NotificationRule(id.trim(), function, arn, events, prefix, suffix);
    }

    /** The function name of a Lambda ARN (a qualifier is dropped), or null when it is not one. */
    static String functionName(String arn) {
        String[] parts = arn.split(":");
        if (parts.length < 7 || parts.length > 8 || !parts[0].equals("arn") || !parts[2].equals("lambda")
                || !parts[5].equals("function") || !parts[6].matches("[a-zA-Z0-9_-]{1,64}")) {
            return null;
        }
        return parts[6];
    }

    static byte[] toXml(List<NotificationRule> rules) {
        AwsXml.Writer xml = AwsXml.document().start("NotificationConfiguration").attribute("xmlns", S3Api.NAMESPACE);
        for (NotificationRule rule : rules) {
            xml.start("CloudFunctionConfiguration").element("Id", rule.id()).element("CloudFunction", rule.arn());
            for (String event : rule.events()) {
                xml.element("Event", event);
            }
            if (!rule.prefix().isEmpty() || !rule.suffix().isEmpty()) {
                xml.start("Filter").start("S3Key");
                if (!rule.prefix().isEmpty()) {
                    xml.start("FilterRule").element("Name", "Prefix").element("Value", rule.prefix()).end();
                }
                if (!rule.suffix().isEmpty()) {
                    xml.start("FilterRule").element("Name", "Suffix").element("Value", rule.suffix()).end();
                }
                xml.end().end();
            }
            xml.end();
        }
        return xml.toBytes();
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static AwsException malformed() {
        return new AwsException(400, "MalformedXML", MALFORMED);
    }

    private static AwsException invalid(String message, String name, String value) {
        return new AwsException(400, "InvalidArgument", message, true,
                java.util.Map.of("ArgumentName", name == null ? "" : name, "ArgumentValue", value == null ? "" : value));
    }
}
