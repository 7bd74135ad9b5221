package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ConsoleLogTest {

    @Test
    public void levelsFollowTheLogServiceNumbers() {
        assertEquals(1, ConsoleLog.level("ERROR"));
        assertEquals(2, ConsoleLog.level("WARN"));
        assertEquals(3, ConsoleLog.level("INFO"));
        assertEquals(4, ConsoleLog.level("DEBUG"));
    }

    @Test
    public void entriesAboveTheThresholdAreHidden() {
        assertTrue(ConsoleLog.shown(2, "Error while starting bundle", 2));
        assertTrue(ConsoleLog.shown(1, "boom", 2));
        assertFalse(ConsoleLog.shown(3, "Installed deploy/hello.jar", 2));
        assertTrue(ConsoleLog.shown(3, "Installed deploy/hello.jar", 3));
        assertFalse(ConsoleLog.shown(4, "details", 3));
    }

    @Test
    public void eventEchoesAreNeverShown() {
        assertFalse(ConsoleLog.shown(3, "BundleEvent STARTED", 4));
        assertFalse(ConsoleLog.shown(4, "ServiceEvent REGISTERED", 4));
        assertFalse(ConsoleLog.shown(1, "FrameworkEvent ERROR", 4));
    }

    @Test
    public void entriesWithoutMessageOrWithUnknownLevelAreSkipped() {
        assertFalse(ConsoleLog.shown(2, null, 4));
        assertFalse(ConsoleLog.shown(0, "audit", 4));
    }

    @Test
    public void formatMatchesPaxLogging() {
        assertEquals("org.apache.felix.fileinstall [LogService] WARN : Error while starting bundle",
                ConsoleLog.format("org.apache.felix.fileinstall", "LogService", 2, "Error while starting bundle"));
    }
}
