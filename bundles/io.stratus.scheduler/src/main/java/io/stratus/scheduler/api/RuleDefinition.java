package io.stratus.scheduler.api;

/**
 * What PutRule sets: a new rule, or the replacement of an existing rule's settings (its targets
 * stay).
 *
 * @param name               1-64 of {@code [.\-_A-Za-z0-9]}
 * @param scheduleExpression {@code cron(...)} or {@code rate(...)}
 * @param state              null means {@link RuleState#ENABLED}
 * @param description        up to 512 characters, or null
 */
public record RuleDefinition(String name, String scheduleExpression, RuleState state, String description) {
}
