package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;

import com.google.gson.Gson;
import com.google.gson.JsonObject;

import io.stratus.health.api.HealthContributor;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthIT extends StratusTestSupport {

    private static final Duration CHANGE = Duration.ofSeconds(20);

    @Test
    public void upWhenEverythingIsStarted() throws Exception {
        HttpAnswer answer = awaitHealthy();
        JsonObject body = json(answer);
        assertEquals("UP", body.get("status").getAsString());
        assertEquals(0, body.getAsJsonArray("problems").size());
    }

    @Test
    public void stoppingAPlatformBundleMakesItDownUntilStartedAgain() throws Exception {
        awaitHealthy();
        Bundle lambda = bundle("io.stratus.lambda");
        lambda.stop();
        try {
            HttpAnswer down = awaitHealth(503, CHANGE);
            JsonObject body = json(down);
            assertEquals("DOWN", body.get("status").getAsString());
            assertTrue(down.body(), down.body().contains("bundle io.stratus.lambda is RESOLVED, not ACTIVE"));
        } finally {
            lambda.start();
        }
        assertEquals("UP", json(awaitHealthy()).get("status").getAsString());
    }

    @Test
    public void aComponentMissingItsServiceIsNamed() throws Exception {
        awaitHealthy();
        Bundle runtime = bundle("io.stratus.runtime");
        runtime.stop();
        try {
            HttpAnswer down = awaitHealth(503, CHANGE);
            assertTrue(down.body(), down.body().contains("bundle io.stratus.runtime is RESOLVED, not ACTIVE"));
            // the Lambda API needs the runtime's services
            assertTrue(down.body(), down.body().contains("(io.stratus.lambda) misses reference"));
        } finally {
            runtime.start();
        }
        awaitHealthy();
    }

    @Test
    public void criticalFindingMakesItDownAndIsShown() throws Exception {
        awaitHealthy();
        ServiceRegistration<HealthContributor> registration = context.registerService(HealthContributor.class,
                contributor("disk", new HealthContributor.Finding(true, "data directory is read-only")), null);
        try {
            HttpAnswer down = awaitHealth(503, CHANGE);
            JsonObject finding = json(down).getAsJsonArray("findings").get(0).getAsJsonObject();
            assertEquals("disk", finding.get("source").getAsString());
            assertTrue(finding.get("critical").getAsBoolean());
            assertEquals("data directory is read-only", finding.get("message").getAsString());
            assertEquals(0, json(down).getAsJsonArray("problems").size());
        } finally {
            registration.unregister();
        }
        awaitHealthy();
    }

    @Test
    public void warningKeepsItUpAndIsShown() throws Exception {
        awaitHealthy();
        ServiceRegistration<HealthContributor> registration = context.registerService(HealthContributor.class,
                contributor("runtime-test", new HealthContributor.Finding(false, "function x failed to deploy")), null);
        try {
            HttpAnswer answer = get("/system/health");
            assertEquals(200, answer.status());
            assertTrue(answer.body(), answer.body().contains("\"source\":\"runtime-test\""));
            assertTrue(answer.body(), answer.body().contains("function x failed to deploy"));
        } finally {
            registration.unregister();
        }
        assertFalse(get("/system/health").body().contains("runtime-test"));
    }

    @Test
    public void servedOnTheGatewayPortOnly() throws Exception {
        awaitHealthy();
        HttpAnswer onAws = HttpAnswer.get(awsEndpoint().resolve("/system/health"), null);
        assertNotEquals(onAws.body(), 200, onAws.status());
        assertFalse(onAws.body(), onAws.body().contains("\"status\":\"UP\""));
    }

    @Test
    public void answerRevealsNoSecrets() throws Exception {
        HttpAnswer answer = awaitHealthy();
        String credentials = java.nio.file.Files.readString(java.nio.file.Path.of(property("stratus.credentials.file")));
        String secret = credentials.lines().filter(l -> l.startsWith("aws_secret_access_key")).findFirst().orElseThrow()
                .split("=", 2)[1].trim();
        assertFalse(answer.body().contains(secret));
        assertFalse(answer.body().contains(property("felix.webconsole.password")));
    }

    private static HealthContributor contributor(String name, HealthContributor.Finding finding) {
        return new HealthContributor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Finding> findings() {
                return List.of(finding);
            }
        };
    }

    private static JsonObject json(HttpAnswer answer) {
        return new Gson().fromJson(answer.body(), JsonObject.class);
    }
}
