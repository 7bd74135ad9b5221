package io.stratus.function.api;

/**
 * Names of the OSGi capability a function bundle provides for each scheduled rule it declares. The
 * {@link Schedule} annotation generates it at build time; the scheduler follows the bundle and
 * keeps the rule while the bundle is active.
 */
public final class ScheduleNamespace {
    /** Capability namespace; its value attribute of the same name is the rule name. */
    public static final String NAMESPACE = "io.stratus.schedule";
    /** {@code cron(...)} or {@code rate(...)}, as EventBridge's ScheduleExpression. */
    public static final String EXPRESSION = "expression";
    /** Fully qualified name of the annotated handler class (finds the function it declares). */
    public static final String HANDLER_CLASS = "handler.class";
    /** Name of the function the rule runs; when absent, the function the annotated class declares. */
    public static final String FUNCTION = "function";
    /** Constant JSON event sent instead of the Scheduled Event; when absent, the Scheduled Event. */
    public static final String INPUT = "input";
    /** Free text shown by DescribeRule. */
    public static final String DESCRIPTION = "description";
    /** Whether the rule fires: {@code "false"} (as bnd writes it) or Boolean false disables it; absent means true. */
    public static final String ENABLED = "enabled";

    private ScheduleNamespace() {
    }
}
