package io.stratus.health.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * Decides whether the platform is up, from a snapshot of its bundles, their components and the
 * contributors' findings. Pure: everything it looks at is passed in, so every rule can be tested
 * without a framework.
 */
final class HealthEvaluation {

    /** A platform bundle as seen at evaluation time; {@code state} is ACTIVE, RESOLVED, ... */
    record BundleView(String symbolicName, String state, boolean fragment) {
    }

    /**
     * A DS component of a platform bundle. A factory component has no configuration until someone
     * asks the factory for an instance, so it is not required to have one.
     */
    record ComponentView(String name, String bundle, boolean enabled, boolean factory,
            List<ComponentConfigurationDTO> configurations) {
    }

    /** A finding as reported by the contributor named {@code source}. */
    record Finding(String source, boolean critical, String message) {
    }

    /** What {@code /system/health} answers; serialized as is. */
    record Report(String status, List<String> problems, List<Finding> findings) {
        boolean up() {
            return UP.equals(status);
        }
    }

    static final String UP = "UP";
    static final String DOWN = "DOWN";

    private HealthEvaluation() {
    }

    static Report evaluate(List<BundleView> bundles, List<ComponentView> components, List<Finding> findings) {
        List<String> problems = new ArrayList<>();
        for (BundleView bundle : bundles) {
            String expected = bundle.fragment() ? "RESOLVED" : "ACTIVE";
            if (!expected.equals(bundle.state())) {
                problems.add("bundle " + bundle.symbolicName() + " is " + bundle.state() + ", not " + expected);
            }
        }
        for (ComponentView component : components) {
            if (!component.enabled()) {
                continue;
            }
            String who = "component " + component.name() + " (" + component.bundle() + ")";
            if (component.configurations().isEmpty()) {
                if (!component.factory()) {
                    problems.add(who + " has no configuration");
                }
                continue;
            }
            for (ComponentConfigurationDTO configuration : component.configurations()) {
                String problem = describe(configuration);
                if (problem != null) {
                    problems.add(who + " " + problem);
                }
            }
        }
        boolean critical = findings.stream().anyMatch(Finding::critical);
        String status = problems.isEmpty() && !critical ? UP : DOWN;
        return new Report(status, List.copyOf(problems), List.copyOf(findings));
    }

    private static String describe(ComponentConfigurationDTO configuration) {
        switch (configuration.state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION:
                return "waits for its configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE:
                return "misses " + missingReferences(configuration.unsatisfiedReferences);
            case ComponentConfigurationDTO.FAILED_ACTIVATION:
                return "failed to activate"
                        + (configuration.failure == null ? "" : ": " + firstLine(configuration.failure));
            default:
                return null;
        }
    }

    private static String missingReferences(UnsatisfiedReferenceDTO[] references) {
        if (references == null || references.length == 0) {
            return "a reference";
        }
        return Arrays.stream(references)
                .map(r -> "reference " + r.name + (r.target == null ? "" : " " + r.target))
                .collect(Collectors.joining(", "));
    }

    // SCR puts the whole stack trace in failure; the first line says what went wrong
    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).trim();
    }
}
