package io.stratus.health.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: a module's current problems, shown on {@code /system/health}. Called per health
 * request; must answer quickly from state the module already keeps.
 */
@ConsumerType
public interface HealthContributor {

    /** Short name shown with the findings, e.g. {@code runtime}. */
    String name();

    /** Current findings; empty when all is well. */
    List<Finding> findings();

    /**
     * One problem.
     *
     * @param critical true when the platform cannot serve as it should (health answers 503);
     *                 false for a warning that leaves it serving (e.g. one function failed to deploy)
     * @param message  what is wrong and, where known, what to do
     */
    record Finding(boolean critical, String message) {
    }
}
