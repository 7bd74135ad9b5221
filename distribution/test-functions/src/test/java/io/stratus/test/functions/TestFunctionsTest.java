package io.stratus.test.functions;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What each test function does when called directly (exiter and halter would end this JVM). */
public class TestFunctionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final TestContext context = new TestContext("req-1");

    @Test
    public void echoReturnsItsInput() {
        Map<String, Object> event = Map.of("a", 1.0, "b", List.of("x", "y"));
        assertSame(event, new Echo().handleRequest(event, context));
    }

    @Test
    public void echoPojoGreetsThePersonAndKeepsTheAge() {
        Person ada = new Person();
        ada.setName("Ada");
        ada.setAge(36);
        Greeting greeting = new EchoPojo().handleRequest(ada, context);
        assertEquals("Hello, Ada", greeting.getMessage());
        assertEquals(36, greeting.getAge());
    }

    @Test
    public void echoStreamCopiesEveryByte() throws Exception {
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EchoStream().handleRequest(new ByteArrayInputStream(payload), out, context);
        assertTrue(Arrays.equals(payload, out.toByteArray()));
    }

    @Test
    public void contextReportsEveryContextFieldAndLogsOneLine() {
        Map<String, Object> fields = new ContextReport().handleRequest(Map.of(), context);
        assertEquals("req-1", fields.get("awsRequestId"));
        assertEquals("context", fields.get("functionName"));
        assertEquals("$LATEST", fields.get("functionVersion"));
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:context", fields.get("invokedFunctionArn"));
        assertEquals(256, fields.get("memoryLimitInMB"));
        assertEquals(2500, fields.get("remainingTimeInMillis"));
        assertEquals("/aws/lambda/context", fields.get("logGroupName"));
        assertEquals("2026/01/01/[$LATEST]0123456789abcdef", fields.get("logStreamName"));
        assertEquals(8, fields.size());
        assertEquals(List.of("context function called with request req-1"), context.logged);
    }

    @Test
    public void sleeperSleepsTheMillisItIsGiven() {
        long start = System.nanoTime();
        assertEquals("slept", new Sleeper().handleRequest(Map.of("millis", 30.0), context));
        assertTrue(System.nanoTime() - start >= 30_000_000L);
    }

    @Test
    public void sleeperStopsWhenInterruptedAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        String answer = new Sleeper().handleRequest(Map.of("millis", 600_000.0), context);
        assertTrue("the interrupt flag is kept", Thread.interrupted());
        assertEquals("interrupted", answer);
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    public void busyIgnoresInterruptionAndEndsByItself() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        String answer = new Busy().handleRequest(Map.of("millis", 50), context);
        assertTrue(System.nanoTime() - start >= 50_000_000L);
        assertTrue(answer.startsWith("busy for "));
        assertFalse("the flag was cleared, not honoured", Thread.interrupted());
    }

    @Test
    public void millisDefaultsWhenAbsentOrNotANumber() {
        assertEquals(3000, Events.millis(Map.of(), 3000));
        assertEquals(3000, Events.millis(null, 3000));
        assertEquals(3000, Events.millis(Map.of("millis", "soon"), 3000));
        assertEquals(250, Events.millis(Map.of("millis", 250.0), 3000));
    }

    @Test
    public void throwerFailsWithTheEventsMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Thrower().handleRequest(Map.of("message", "hi"), context));
        assertEquals("boom: hi", e.getMessage());
    }

    @Test
    public void recurseOverflowsTheStack() {
        assertThrows(StackOverflowError.class, () -> new Recurse().handleRequest(Map.of(), context));
    }

    @Test
    public void hogAsksForMoreThanTheHeapAndIsRefused() {
        long wanted = (long) Hog.length() * 8;
        assertTrue(wanted > Runtime.getRuntime().maxMemory() || Hog.length() == Integer.MAX_VALUE - 8);
        assertThrows(OutOfMemoryError.class, () -> new Hog().handleRequest(Map.of(), context));
    }

    @Test
    public void environmentFunctionsReportBothGetenvForms() {
        Map<String, Object> seen = new EnvA().handleRequest(Map.of(), context);
        assertEquals(List.of("COLOR", "SHARED", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_REGION", "pathPresent", "mapColor", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"),
                List.copyOf(seen.keySet()));
        assertEquals(System.getenv("PATH") != null, seen.get("pathPresent"));
        assertEquals(System.getenv("COLOR"), seen.get("COLOR"));
        assertEquals(System.getenv().get("COLOR"), seen.get("mapColor"));
        assertEquals(seen, new EnvB().handleRequest(Map.of(), context));
    }

    @Test
    public void recorderAppendsItsRequestIdThenFails() throws Exception {
        Path file = folder.getRoot().toPath().resolve("recorded.txt");
        Map<String, Object> event = Map.of("file", file.toString());
        RuntimeException first = assertThrows(RuntimeException.class,
                () -> new Recorder().handleRequest(event, context));
        assertEquals("recorded failure", first.getMessage());
        assertThrows(RuntimeException.class, () -> new Recorder().handleRequest(event, new TestContext("req-2")));
        assertEquals("req-1\nreq-2\n", Files.readString(file));
    }

    @Test
    public void counterAppendsItsRequestIdAndSucceeds() throws Exception {
        Path file = folder.getRoot().toPath().resolve("counted.txt");
        assertEquals("ok", new Counter().handleRequest(Map.of("file", file.toString()), context));
        assertEquals("ok", new Counter().handleRequest(Map.of("file", file.toString()), context));
        assertEquals("req-1\nreq-1\n", Files.readString(file));
    }

    @Test
    public void recordingWithoutAFileMemberFailsClearly() {
        Map<String, Object> event = new HashMap<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Counter().handleRequest(event, context));
        assertEquals("the event needs a \"file\" member", e.getMessage());
    }

    @Test
    public void spawnerLeavesANonDaemonThreadThatStopsOnInterrupt() throws Exception {
        String name = new Spawner().handleRequest(Map.of(), context);
        assertEquals("spawner-req-1", name);
        Thread spawned = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name)).findFirst().orElseThrow();
        assertTrue(spawned.isAlive());
        assertFalse(spawned.isDaemon());
        spawned.interrupt();
        spawned.join(10_000);
        assertFalse(spawned.isAlive());
    }
}
