package io.stratus.storage.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.osgi.util.tracker.BundleTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.function.api.BucketNotificationNamespace;
import io.stratus.function.api.FunctionNamespace;

/**
 * Bucket notifications declared by active function bundles ({@code @BucketNotification}); they come
 * and go with their bundle.
 */
final class DeclaredNotifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeclaredNotifications.class);

    /** A declared rule and the bucket it is for. */
    record Declared(String bucket, NotificationRule rule) {
    }

    private final Map<Long, List<Declared>> byBundle = new ConcurrentHashMap<>();
    private final BundleTracker<List<Declared>> tracker;

    DeclaredNotifications(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new BundleTrackerCustomizer<>() {
            @Override
            public List<Declared> addingBundle(Bundle bundle, BundleEvent event) {
                List<Declared> declared = read(bundle);
                if (declared.isEmpty()) {
                    return null;
                }
                byBundle.put(bundle.getBundleId(), declared);
                LOG.info("Bundle {} sends events of {} to functions", bundle.getSymbolicName(),
                        declared.stream().map(Declared::bucket).distinct().toList());
                return declared;
            }

            @Override
            public void modifiedBundle(Bundle bundle, BundleEvent event, List<Declared> declared) {
            }

            @Override
            public void removedBundle(Bundle bundle, BundleEvent event, List<Declared> declared) {
                byBundle.remove(bundle.getBundleId());
            }
        });
        tracker.open();
    }

    /** The declared rules for a bucket. */
    List<NotificationRule> rules(String bucket) {
        List<NotificationRule> rules = new ArrayList<>();
        for (List<Declared> declared : byBundle.values()) {
            for (Declared d : declared) {
                if (d.bucket().equals(bucket)) {
                    rules.add(d.rule());
                }
            }
        }
        return rules;
    }

    /** Every declared rule, for listing. */
    List<Declared> all() {
        List<Declared> all = new ArrayList<>();
        byBundle.values().forEach(all::addAll);
        return all;
    }

    static List<Declared> read(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        List<BundleCapability> notifications = revision.getDeclaredCapabilities(BucketNotificationNamespace.NAMESPACE);
        if (notifications.isEmpty()) {
            return List.of();
        }
        List<BundleCapability> functions = revision.getDeclaredCapabilities(FunctionNamespace.NAMESPACE);
        List<Declared> declared = new ArrayList<>();
        for (BundleCapability capability : notifications) {
            Map<String, Object> attributes = capability.getAttributes();
            String bucket = string(attributes.get(BucketNotificationNamespace.NAMESPACE));
            String handler = string(attributes.get(BucketNotificationNamespace.HANDLER_CLASS));
            String function = null;
            for (BundleCapability f : functions) {
                if (handler != null && handler.equals(string(f.getAttributes().get(FunctionNamespace.HANDLER_CLASS)))) {
                    function = string(f.getAttributes().get(FunctionNamespace.NAMESPACE));
                }
            }
            List<String> events = strings(attributes.get(BucketNotificationNamespace.EVENTS));
            if (events.isEmpty()) {
                events = List.of(BucketNotificationNamespace.DEFAULT_EVENT);
            }
            String problem = bucket == null || bucket.isBlank() ? "no bucket"
                    : function == null ? "no @Function on " + handler
                    : events.stream().filter(e -> !NotificationRule.EVENT_TYPES.contains(e)).findFirst()
                            .map(e -> "unknown event type " + e).orElse(null);
            if (problem != null) {
                LOG.error("Ignoring a bucket notification of bundle {}: {}", bundle.getSymbolicName(), problem);
                continue;
            }
            String id = string(attributes.get(BucketNotificationNamespace.ID));
            if (id == null || id.isBlank()) {
                id = bundle.getSymbolicName() + ":" + function;
            }
            declared.add(new Declared(bucket, new NotificationRule(id, function, "declared by " + bundle.getSymbolicName(),
                    events, string(attributes.get(BucketNotificationNamespace.PREFIX)),
                    string(attributes.get(BucketNotificationNamespace.SUFFIX)))));
        }
        return declared;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static List<String> strings(Object value) {
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toList();
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    @Override
    public void close() {
        tracker.close();
    }
}
