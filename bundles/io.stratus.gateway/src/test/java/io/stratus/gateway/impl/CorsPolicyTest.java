package io.stratus.gateway.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

/** What a route's CORS settings allow and the headers they produce. */
public class CorsPolicyTest {

    private final CorsPolicy listed = new CorsPolicy(List.of("https://app.example"), List.of("GET", "PUT"),
            List.of("X-Token"), List.of("X-Trace"), 600, false);

    @Test
    public void onlyListedOriginsAreAllowed() {
        assertEquals("https://app.example", listed.allowedOrigin("https://app.example"));
        assertNull(listed.allowedOrigin("https://evil.example"));
        assertNull(listed.allowedOrigin(null));
    }

    @Test
    public void wildcardOriginAnswersStarUnlessCredentialsAreAllowed() {
        assertEquals("*", new CorsPolicy(List.of("*"), List.of(), List.of(), List.of(), -1, false).allowedOrigin("https://x"));
        assertEquals("https://x",
                new CorsPolicy(List.of("*"), List.of(), List.of(), List.of(), -1, true).allowedOrigin("https://x"));
    }

    @Test
    public void methodsAndHeadersAreCheckedCaseInsensitively() {
        assertTrue(listed.allowsMethod("put"));
        assertFalse(listed.allowsMethod("DELETE"));
        assertTrue(listed.allowsHeaders("x-token"));
        assertTrue(listed.allowsHeaders(null));
        assertFalse(listed.allowsHeaders("X-Token, X-Other"));
        assertEquals("GET,PUT", listed.allowMethodsHeader("GET"));
        assertEquals("X-Token", listed.allowHeadersHeader("x-token"));
    }

    @Test
    public void wildcardsEchoWhatWasAsked() {
        CorsPolicy open = new CorsPolicy(List.of("*"), List.of("*"), List.of("*"), List.of(), -1, false);
        assertEquals("DELETE", open.allowMethodsHeader("delete"));
        assertEquals("X-A, X-B", open.allowHeadersHeader("X-A, X-B"));
        assertTrue(open.allowsHeaders("anything"));
    }
}
