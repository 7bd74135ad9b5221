package io.stratus.scheduler.api;

/**
 * A request the scheduler refused, named as EventBridge names its errors so the API layer can pass
 * it on unchanged.
 */
public class SchedulerException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A parameter is missing or malformed, or the request conflicts with the rule's state. */
    public static final String VALIDATION = "ValidationException";
    /** The rule (or event bus) does not exist. */
    public static final String NOT_FOUND = "ResourceNotFoundException";
    /** A quota, e.g. targets per rule, would be exceeded. */
    public static final String LIMIT_EXCEEDED = "LimitExceededException";
    /** The rule belongs to a function bundle and changes only with it. */
    public static final String MANAGED_RULE = "ManagedRuleException";

    private final String code;

    public SchedulerException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** AWS error code, e.g. {@code ResourceNotFoundException}. */
    public String code() {
        return code;
    }
}
