package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.StateReasonCode;

/**
 * A function bundle that cannot resolve (it imports io.stratus.test.missing, which nothing exports)
 * is reported, not hidden: its function shows State Failed with the resolver's reason, invoking it
 * is a conflict (as AWS answers for a function that is not Active), health lists it, and deleting
 * the jar clears all of that.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailedBundleIT extends LambdaItSupport {

    private static final String BROKEN = "broken";
    private static final String MISSING_PACKAGE = "io.stratus.test.missing";
    private static final String CONFLICT = "The operation cannot be performed at this time. "
            + "The function is currently in the following state: Failed";

    private FunctionConfiguration broken;

    @Before
    public void dropTheUnresolvableJar() throws Exception {
        ensureDeployed(UNRESOLVABLE);
        broken = awaitFunction(BROKEN);
    }

    @Test
    public void functionOfAnUnresolvableBundleIsFailedWithTheMissingPackageAsReason() {
        assertEquals(State.FAILED, broken.state());
        assertEquals(StateReasonCode.FUNCTION_ERROR, broken.stateReasonCode());
        assertTrue(broken.stateReason(), broken.stateReason().contains(MISSING_PACKAGE));
        assertTrue(broken.stateReason(), broken.stateReason().startsWith(
                "Unable to resolve bundle io.stratus.test.functions.unresolvable"));
        assertEquals("io.stratus.test.functions.unresolvable.Broken", broken.handler());
    }

    @Test
    public void failedFunctionIsListedWithItsState() {
        List<FunctionConfiguration> listed = lambda.listFunctions().functions();

        FunctionConfiguration entry = listed.stream().filter(f -> f.functionName().equals(BROKEN)).findFirst()
                .orElseThrow(() -> new AssertionError("broken is not listed: " + listed));
        assertEquals(State.FAILED, entry.state());
        assertEquals(broken.stateReason(), entry.stateReason());
    }

    @Test
    public void invokingAFailedFunctionIsAResourceConflict() {
        ResourceConflictException e = assertThrows(ResourceConflictException.class,
                () -> lambda.invoke(b -> b.functionName(BROKEN).payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("ResourceConflictException", 409, e);
        assertEquals(CONFLICT, e.awsErrorDetails().errorMessage());
    }

    @Test
    public void asynchronousInvocationOfAFailedFunctionIsRefusedRatherThanQueued() {
        ResourceConflictException e = assertThrows(ResourceConflictException.class,
                () -> lambda.invoke(b -> b.functionName(BROKEN).invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("{}"))));

        assertAwsError("ResourceConflictException", 409, e);
        assertEquals(CONFLICT, e.awsErrorDetails().errorMessage());
    }

    @Test
    public void healthListsTheFailedFunctionAsAWarningAndStaysUp() throws Exception {
        List<String> findings = await("a runtime finding naming broken", DEPLOY, () -> {
            List<String> messages = healthFindings("runtime");
            return messages.stream().anyMatch(m -> m.startsWith("Function broken ")) ? messages : null;
        });

        String finding = findings.stream().filter(m -> m.startsWith("Function broken ")).findFirst().orElseThrow();
        assertTrue(finding, finding.contains("io.stratus.test.functions.unresolvable"));
        assertTrue(finding, finding.contains("(FunctionError)"));
        assertTrue(finding, finding.contains(MISSING_PACKAGE));
        // a user's broken bundle is not a platform failure
        assertEquals(200, get("/system/health").status());
        assertEquals("UP", health().get("status").getAsString());
    }

    @Test
    public void deletingTheJarRemovesTheFunctionAndTheFinding() throws Exception {
        undeploy(UNRESOLVABLE);

        awaitFunctionGone(BROKEN);
        await("the finding about broken to clear", DEPLOY,
                () -> healthFindings("runtime").stream().noneMatch(m -> m.contains(BROKEN)) ? Boolean.TRUE : null);

        assertFalse(lambda.listFunctions().functions().stream().anyMatch(f -> f.functionName().equals(BROKEN)));
        assertFalse(get("/system/health").body().contains(MISSING_PACKAGE));
    }
}
