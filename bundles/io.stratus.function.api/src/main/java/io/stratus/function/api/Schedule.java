package io.stratus.function.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares a scheduled rule (EventBridge) that runs a function of this bundle. bnd turns each use
 * into an {@code io.stratus.schedule} capability in the bundle manifest; the scheduler adds the rule
 * when the bundle starts and removes it when the bundle stops. By default the rule runs the function
 * the annotated class declares with {@link Function}, with the Scheduled Event as its input.
 *
 * <pre>
 * &#64;Function(name = "nightly-report")
 * &#64;Schedule(name = "nightly-report", expression = "cron(0 12 * * ? *)")
 * public class NightlyReport implements RequestHandler&lt;ScheduledEvent, String&gt; { ... }
 * </pre>
 */
@Retention(CLASS)
@Target(TYPE)
@Repeatable(Schedule.List.class)
@Capability(namespace = ScheduleNamespace.NAMESPACE, attribute = ScheduleNamespace.HANDLER_CLASS + "=${@class}")
public @interface Schedule {
    /** Rule name: 1-64 letters, digits, dots, hyphens and underscores. */
    @Attribute(ScheduleNamespace.NAMESPACE)
    String name();

    /** {@code cron(Minutes Hours Day-of-month Month Day-of-week Year)} or {@code rate(N unit)}, in UTC. */
    @Attribute(ScheduleNamespace.EXPRESSION)
    String expression();

    /** The function to run; empty means the function the annotated class declares. */
    @Attribute(ScheduleNamespace.FUNCTION)
    String function() default "";

    /** Constant JSON input; empty means the Scheduled Event. */
    @Attribute(ScheduleNamespace.INPUT)
    String input() default "";

    /** Free text shown by DescribeRule. */
    @Attribute(ScheduleNamespace.DESCRIPTION)
    String description() default "";

    /** Whether the rule fires. */
    @Attribute(ScheduleNamespace.ENABLED)
    boolean enabled() default true;

    /** Several schedules on one class. */
    @Retention(CLASS)
    @Target(TYPE)
    @interface List {
        Schedule[] value();
    }
}
