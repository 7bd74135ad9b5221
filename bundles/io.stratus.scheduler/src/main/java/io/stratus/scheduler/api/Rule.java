package io.stratus.scheduler.api;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one scheduled rule.
 *
 * @param name               the rule's name
 * @param arn                {@code arn:aws:events:<region>:<account>:rule/<name>}
 * @param scheduleExpression {@code cron(...)} or {@code rate(...)}
 * @param state              whether it fires
 * @param description        free text, or null
 * @param managedBy          for a rule a function bundle declares, {@code bundle/<symbolic name>}
 *                           (it comes and goes with the bundle and cannot be changed through the
 *                           API); null for rules created through the API
 * @param created            when the rule was created (a rate's ticks count from then)
 * @param targets            its targets, sorted by id
 * @param nextFire           when it fires next; null when disabled or when the expression has no
 *                           further time
 * @param lastFire           the scheduled time of its last firing on this node, or null
 */
public record Rule(String name, String arn, String scheduleExpression, RuleState state, String description,
        String managedBy, Instant created, List<Target> targets, Instant nextFire, Instant lastFire) {

    public Rule {
        targets = List.copyOf(targets);
    }

    /** Whether a function bundle declares the rule. */
    public boolean managed() {
        return managedBy != null;
    }
}
