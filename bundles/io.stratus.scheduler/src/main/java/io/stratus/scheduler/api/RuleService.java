package io.stratus.scheduler.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The scheduled rules of this platform and their targets. Implemented by the scheduler; used by the
 * EventBridge API and the console. Every change is durable when the method returns, validated as
 * EventBridge validates it, and refused as a whole (nothing changed) when it throws. Rules fire in
 * UTC on the platform's clock; each due tick runs every target of an enabled rule once,
 * asynchronously; ticks missed while the platform was stopped are not replayed.
 */
@ProviderType
public interface RuleService {

    /** Most targets one rule may have (EventBridge's quota). */
    int MAX_TARGETS_PER_RULE = 5;

    /**
     * Creates a rule, or replaces an existing rule's expression, state and description (its targets
     * stay).
     *
     * @throws SchedulerException ValidationException (name, expression, description),
     *                            ManagedRuleException (a bundle's rule)
     */
    Rule putRule(RuleDefinition definition) throws SchedulerException;

    /** One rule by name. */
    Optional<Rule> rule(String name);

    /** Rules whose names start with {@code namePrefix} (null or empty: all), sorted by name. */
    List<Rule> rules(String namePrefix);

    /**
     * Deletes a rule; deleting a rule that does not exist succeeds, as in EventBridge.
     *
     * @throws SchedulerException ValidationException while the rule has targets,
     *                            ManagedRuleException (a bundle's rule)
     */
    void deleteRule(String name) throws SchedulerException;

    /**
     * Enables or disables a rule.
     *
     * @throws SchedulerException ResourceNotFoundException, ManagedRuleException
     */
    Rule setState(String name, RuleState state) throws SchedulerException;

    /**
     * Adds targets, or replaces those with the same id. Targets that cannot be applied are
     * returned; the others are applied.
     *
     * @throws SchedulerException ResourceNotFoundException, LimitExceededException (more than
     *                            {@link #MAX_TARGETS_PER_RULE}), ManagedRuleException
     */
    List<TargetFailure> putTargets(String rule, List<Target> targets) throws SchedulerException;

    /**
     * Removes targets by id; ids the rule does not have are ignored, as in EventBridge.
     *
     * @throws SchedulerException ResourceNotFoundException, ManagedRuleException
     */
    List<TargetFailure> removeTargets(String rule, List<String> ids) throws SchedulerException;

    /** Names of the rules with a target of this ARN, sorted. */
    List<String> ruleNamesByTarget(String targetArn);
}
