package io.stratus.scheduler.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.function.api.ScheduleNamespace;
import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;

/**
 * Follows active bundles that declare {@code io.stratus.schedule} capabilities (the
 * {@code @Schedule} annotation): their rules exist while the bundle is active.
 */
final class DeclaredSchedules implements BundleTrackerCustomizer<Long> {

    static final int STATES = Bundle.ACTIVE;

    private static final Logger LOG = LoggerFactory.getLogger(DeclaredSchedules.class);

    private final LocalScheduler scheduler;

    DeclaredSchedules(LocalScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Long addingBundle(Bundle bundle, BundleEvent event) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return null;
        }
        List<BundleCapability> schedules = revision.getDeclaredCapabilities(ScheduleNamespace.NAMESPACE);
        if (schedules.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> functions = revision.getDeclaredCapabilities(FunctionNamespace.NAMESPACE).stream()
                .map(BundleCapability::getAttributes).toList();
        String owner = "bundle/" + bundle.getSymbolicName();
        List<StoredRule> rules = new ArrayList<>();
        for (BundleCapability capability : schedules) {
            StoredRule rule = rule(capability.getAttributes(), functions, owner, bundle.getLastModified());
            if (rule != null) {
                rules.add(rule);
            }
        }
        scheduler.declare(bundle.getBundleId(), rules);
        return bundle.getBundleId();
    }

    /** The rule a capability declares, or null (logged) when it names no function of the bundle. */
    StoredRule rule(Map<String, Object> attributes, List<Map<String, Object>> functions, String owner,
            long created) {
        String name = string(attributes.get(ScheduleNamespace.NAMESPACE));
        String function = string(attributes.get(ScheduleNamespace.FUNCTION));
        if (function == null || function.isEmpty()) {
            String handler = string(attributes.get(ScheduleNamespace.HANDLER_CLASS));
            function = functions.stream().filter(f -> handler != null && handler.equals(f.get(FunctionNamespace.HANDLER_CLASS)))
                    .map(f -> string(f.get(FunctionNamespace.NAMESPACE))).findFirst().orElse(null);
            if (function == null) {
                LOG.error("Rule {} declared by {} is left out: {} declares no function; name one with function=",
                        name, owner, handler);
                return null;
            }
        }
        String input = string(attributes.get(ScheduleNamespace.INPUT));
        String description = string(attributes.get(ScheduleNamespace.DESCRIPTION));
        Object enabled = attributes.get(ScheduleNamespace.ENABLED);
        RuleState state = Boolean.FALSE.equals(enabled) || "false".equals(string(enabled)) ? RuleState.DISABLED
                : RuleState.ENABLED;
        Target target = new Target(function, scheduler.functionArn(function),
                input == null || input.isEmpty() ? null : input);
        return new StoredRule(name, string(attributes.get(ScheduleNamespace.EXPRESSION)), state,
                description == null || description.isEmpty() ? null : description, created, List.of(target), owner);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Long bundleId) {
        // the manifest of an active bundle does not change; an update stops and restarts it
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Long bundleId) {
        scheduler.withdraw(bundleId);
    }
}
