package io.stratus.health.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import io.stratus.health.impl.HealthEvaluation.BundleView;
import io.stratus.health.impl.HealthEvaluation.ComponentView;
import io.stratus.health.impl.HealthEvaluation.Finding;
import io.stratus.health.impl.HealthEvaluation.Report;

public class HealthEvaluationTest {

    private static final BundleView RUNTIME_ACTIVE = new BundleView("io.stratus.runtime", "ACTIVE", false);

    @Test
    public void allActiveAndSatisfiedIsUp() {
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("Registry", true, configuration(ComponentConfigurationDTO.ACTIVE)),
                        component("Invoker", true, configuration(ComponentConfigurationDTO.SATISFIED))),
                List.of());
        assertTrue(report.up());
        assertEquals("UP", report.status());
        assertEquals(List.of(), report.problems());
    }

    @Test
    public void nothingToWatchIsUp() {
        assertTrue(HealthEvaluation.evaluate(List.of(), List.of(), List.of()).up());
    }

    @Test
    public void resolvedBundleIsDownAndNamed() {
        Report report = HealthEvaluation.evaluate(
                List.of(RUNTIME_ACTIVE, new BundleView("io.stratus.lambda", "RESOLVED", false)), List.of(), List.of());
        assertFalse(report.up());
        assertEquals("DOWN", report.status());
        assertEquals(List.of("bundle io.stratus.lambda is RESOLVED, not ACTIVE"), report.problems());
    }

    @Test
    public void installedBundleIsDown() {
        Report report = HealthEvaluation.evaluate(
                List.of(new BundleView("io.stratus.aws", "INSTALLED", false)), List.of(), List.of());
        assertFalse(report.up());
        assertEquals(List.of("bundle io.stratus.aws is INSTALLED, not ACTIVE"), report.problems());
    }

    @Test
    public void resolvedFragmentIsFine() {
        Report report = HealthEvaluation.evaluate(
                List.of(new BundleView("some.fragment", "RESOLVED", true)), List.of(), List.of());
        assertTrue(report.up());
    }

    @Test
    public void unresolvedFragmentIsDown() {
        Report report = HealthEvaluation.evaluate(
                List.of(new BundleView("some.fragment", "INSTALLED", true)), List.of(), List.of());
        assertEquals(List.of("bundle some.fragment is INSTALLED, not RESOLVED"), report.problems());
    }

    @Test
    public void unsatisfiedReferenceIsDownAndNamesTheReference() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE);
        UnsatisfiedReferenceDTO reference = new UnsatisfiedReferenceDTO();
        reference.name = "invoker";
        reference.target = "(objectClass=io.stratus.runtime.api.Invoker)";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {reference};

        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("LambdaService", true, configuration)), List.of());

        assertFalse(report.up());
        assertEquals(List.of("component LambdaService (io.stratus.runtime) misses reference invoker"
                + " (objectClass=io.stratus.runtime.api.Invoker)"), report.problems());
    }

    @Test
    public void unsatisfiedConfigurationIsDown() {
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("Store", true, configuration(ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION))),
                List.of());
        assertEquals(List.of("component Store (io.stratus.runtime) waits for its configuration"), report.problems());
    }

    @Test
    public void failedActivationIsDownWithTheFirstLineOfTheFailure() {
        ComponentConfigurationDTO configuration = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        configuration.failure = "java.lang.IllegalStateException: port in use\n\tat x.y.Z.activate(Z.java:1)";
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("Server", true, configuration)), List.of());
        assertEquals(List.of("component Server (io.stratus.runtime) failed to activate:"
                + " java.lang.IllegalStateException: port in use"), report.problems());
    }

    @Test
    public void enabledComponentWithoutConfigurationIsDown() {
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE), List.of(component("Lonely", true)), List.of());
        assertEquals(List.of("component Lonely (io.stratus.runtime) has no configuration"), report.problems());
    }

    @Test
    public void factoryComponentWithoutConfigurationIsFine() {
        ComponentView factory = new ComponentView("Factory", "io.stratus.runtime", true, true, List.of());
        assertTrue(HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE), List.of(factory), List.of()).up());
    }

    @Test
    public void disabledComponentIsIgnored() {
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("Off", false, configuration(ComponentConfigurationDTO.FAILED_ACTIVATION))), List.of());
        assertTrue(report.up());
    }

    @Test
    public void everyBadConfigurationOfAComponentIsReported() {
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE),
                List.of(component("Multi", true, configuration(ComponentConfigurationDTO.ACTIVE),
                        configuration(ComponentConfigurationDTO.FAILED_ACTIVATION),
                        configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE))),
                List.of());
        assertEquals(List.of("component Multi (io.stratus.runtime) failed to activate",
                "component Multi (io.stratus.runtime) misses a reference"), report.problems());
    }

    @Test
    public void nonCriticalFindingKeepsItUpAndIsShown() {
        Finding warning = new Finding("runtime", false, "function broken failed to deploy");
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE), List.of(), List.of(warning));
        assertTrue(report.up());
        assertEquals(List.of(warning), report.findings());
    }

    @Test
    public void criticalFindingIsDownWithoutProblems() {
        Finding critical = new Finding("storage", true, "data directory is read-only");
        Report report = HealthEvaluation.evaluate(List.of(RUNTIME_ACTIVE), List.of(),
                List.of(new Finding("runtime", false, "slow"), critical));
        assertFalse(report.up());
        assertEquals(List.of(), report.problems());
        assertEquals(2, report.findings().size());
    }

    @Test
    public void problemsAndFindingsAreReportedTogether() {
        Report report = HealthEvaluation.evaluate(List.of(new BundleView("io.stratus.aws", "RESOLVED", false)),
                List.of(), List.of(new Finding("runtime", false, "slow")));
        assertFalse(report.up());
        assertEquals(1, report.problems().size());
        assertEquals(1, report.findings().size());
    }

    private static ComponentView component(String name, boolean enabled, ComponentConfigurationDTO... configurations) {
        return new ComponentView(name, "io.stratus.runtime", enabled, false, List.of(configurations));
    }

    private static ComponentConfigurationDTO configuration(int state) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        return configuration;
    }
}
