package io.stratus.runtime.impl.core;

import static io.stratus.runtime.impl.core.HostRule.function;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import example.functions.Printer;
import io.stratus.runtime.api.InvocationRecord;
import io.stratus.runtime.api.InvocationRecord.LogEvent;

public class OutputCaptureTest {

    @Rule
    public final HostRule rule = new HostRule();

    private PrintStream realOut;
    private final ByteArrayOutputStream platformOut = new ByteArrayOutputStream();

    @Before
    public void install() {
        realOut = System.out;
        System.setOut(new PrintStream(platformOut, true, StandardCharsets.UTF_8));
        OutputCapture.install();
    }

    @After
    public void uninstall() {
        OutputCapture.uninstall();
        System.setOut(realOut);
    }

    @Test
    public void standardStreamsOfTheInvocationThreadBecomeLogLinesBetweenStartAndEnd() throws Exception {
        rule.deploy(1, function("printer", Printer.class));
        rule.invoke("printer", "{}");
        InvocationRecord record = rule.nextRecord();
        List<String> lines = record.log().stream().map(LogEvent::message).toList();
        assertEquals(List.of("START RequestId: " + record.requestId() + " Version: $LATEST",
                "out line 1", "out line 2", "out line 3",
                "err without newline",
                "END RequestId: " + record.requestId()), lines.subList(0, lines.size() - 1));
        assertFalse("nothing of the invocation reaches the platform's stdout",
                platformOut.toString(StandardCharsets.UTF_8).contains("out line"));
    }

    @Test
    public void otherThreadsStillWriteToTheOriginalStream() throws Exception {
        Thread thread = new Thread(() -> System.out.println("platform line"));
        thread.start();
        thread.join();
        assertEquals("platform line" + System.lineSeparator(), platformOut.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void uninstallRestoresTheStreamItReplaced() {
        PrintStream routing = System.out;
        OutputCapture.uninstall();
        assertFalse(routing == System.out);
        System.out.println("after");
        assertEquals("after" + System.lineSeparator(), platformOut.toString(StandardCharsets.UTF_8));
    }
}
