package io.stratus.monitoring.impl.logs;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class FilterPatternTest {

    @Test
    public void anEmptyPatternMatchesEverything() {
        assertTrue(FilterPattern.parse("").matches("anything"));
        assertTrue(FilterPattern.parse(null).matches("anything"));
    }

    @Test
    public void allTermsMustAppearCaseSensitively() {
        FilterPattern pattern = FilterPattern.parse("ERROR db");
        assertTrue(pattern.matches("ERROR talking to db"));
        assertFalse(pattern.matches("ERROR talking to cache"));
        assertFalse(pattern.matches("error talking to db"));
    }

    @Test
    public void quotedPhrasesMatchAsAWhole() {
        FilterPattern pattern = FilterPattern.parse("\"Task timed out\"");
        assertTrue(pattern.matches("2026 Task timed out after 3.00 seconds"));
        assertFalse(pattern.matches("Task out timed"));
    }

    @Test
    public void questionMarkedTermsAreAlternatives() {
        FilterPattern pattern = FilterPattern.parse("?ERROR ?WARN");
        assertTrue(pattern.matches("WARN slow"));
        assertTrue(pattern.matches("ERROR bad"));
        assertFalse(pattern.matches("INFO fine"));
    }

    @Test
    public void minusMarkedTermsExclude() {
        FilterPattern pattern = FilterPattern.parse("ERROR -retry");
        assertTrue(pattern.matches("ERROR gave up"));
        assertFalse(pattern.matches("ERROR will retry"));
    }

    @Test
    public void jsonAndDelimitedPatternsAndUnterminatedQuotesAreRefused() {
        for (String bad : new String[] {"{ $.level = \"ERROR\" }", "[ip, user]", "\"open", "?"}) {
            try {
                FilterPattern.parse(bad);
                fail("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused
            }
        }
    }
}
