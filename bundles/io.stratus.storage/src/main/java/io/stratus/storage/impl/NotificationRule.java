package io.stratus.storage.impl;

import java.util.List;

/**
 * One rule that sends a bucket's events to a function.
 *
 * @param id       the configuration id (the event's {@code s3.configurationId})
 * @param function the function's name
 * @param arn      the function ARN as configured
 * @param events   event types, e.g. {@code s3:ObjectCreated:*}
 * @param prefix   key prefix filter, empty for none
 * @param suffix   key suffix filter, empty for none
 */
record NotificationRule(String id, String function, String arn, List<String> events, String prefix, String suffix) {

    static final List<String> EVENT_TYPES = List.of("s3:ObjectCreated:*", "s3:ObjectCreated:Put",
            "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
            "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated");

    NotificationRule {
        events = List.copyOf(events);
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    /** Whether an event (e.g. {@code ObjectCreated:Put}) on a key matches this rule. */
    boolean matches(String eventName, String key) {
        return key.startsWith(prefix) && key.endsWith(suffix) && events.stream().anyMatch(t -> covers(t, eventName));
    }

    /** Whether an event type (with {@code s3:}, maybe a wildcard) covers an event name (without). */
    static boolean covers(String type, String eventName) {
        String t = type.startsWith("s3:") ? type.substring(3) : type;
        if (t.endsWith(":*")) {
            return eventName.startsWith(t.substring(0, t.length() - 1));
        }
        return t.equals(eventName);
    }

    /** Whether two event types can name the same event. */
    static boolean eventTypesOverlap(String a, String b) {
        String x = a.substring(3);
        String y = b.substring(3);
        String cx = x.substring(0, x.indexOf(':'));
        String cy = y.substring(0, y.indexOf(':'));
        return cx.equals(cy) && (x.endsWith(":*") || y.endsWith(":*") || x.equals(y));
    }

    /**
     * AWS's ambiguity rule: two rules sharing an event type may not have overlapping prefixes and
     * overlapping suffixes at once.
     */
    boolean overlaps(NotificationRule other) {
        boolean sharedEvent = events.stream().anyMatch(a -> other.events.stream().anyMatch(b -> eventTypesOverlap(a, b)));
        boolean prefixes = prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
        boolean suffixes = suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix);
        return sharedEvent && prefixes && suffixes;
    }
}
