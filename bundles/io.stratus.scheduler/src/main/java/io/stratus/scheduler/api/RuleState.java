package io.stratus.scheduler.api;

/** Whether a rule fires, named as EventBridge names it. */
public enum RuleState {
    ENABLED, DISABLED
}
