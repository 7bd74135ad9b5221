package io.stratus.scheduler.impl;

import java.util.List;

import io.stratus.scheduler.api.RuleState;
import io.stratus.scheduler.api.Target;

/**
 * A rule as the scheduler keeps it: what the API set, persisted as one JSON file, or what a bundle
 * declares (then {@code managedBy} is set and nothing is written).
 *
 * @param created epoch milliseconds; a rate's ticks count from here
 */
record StoredRule(String name, String expression, RuleState state, String description, long created,
        List<Target> targets, String managedBy) {

    StoredRule {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    StoredRule withTargets(List<Target> next) {
        return new StoredRule(name, expression, state, description, created, next, managedBy);
    }

    StoredRule withState(RuleState next) {
        return new StoredRule(name, expression, next, description, created, targets, managedBy);
    }
}
