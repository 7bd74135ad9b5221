package io.stratus.console.impl;

import java.io.IOException;
import java.net.URI;

import org.apache.felix.webconsole.servlet.ServletConstants;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** What the Storage, Schedules and IAM pages share: their paths and the outcome line of a write. */
final class Pages {

    private Pages() {
    }

    /** The part of the path after the label: "" for the page, "/upload" for an action. */
    static String rest(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        int slash = path.indexOf('/', 1);
        return slash < 0 ? "" : path.substring(slash);
    }

    static String pluginRoot(HttpServletRequest request, String label) {
        Object root = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        return root instanceof String s ? s : request.getContextPath() + request.getServletPath() + "/" + label;
    }

    /** The outcome of the last write, carried through the redirect that follows it. */
    static void notice(StringBuilder out, String message, String error) {
        if (error != null && !error.isEmpty()) {
            out.append("<p class='statline ui-state-error' id='error'>").append(Html.escape(error)).append("</p>\n");
        }
        if (message != null && !message.isEmpty()) {
            out.append("<p class='statline ui-state-highlight' id='message'>").append(Html.escape(message)).append("</p>\n");
        }
    }

    /**
     * Refuses a write that a page of another site posts with the console's remembered login:
     * browsers name the posting page's origin, which must be the console's own host. Clients that
     * send no Origin (scripts, curl) still need the login.
     *
     * @return whether the write may go on; when not, a 403 was sent
     */
    static boolean sameOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        String host = request.getHeader("Host");
        boolean same;
        try {
            String authority = URI.create(origin).getRawAuthority();
            same = authority != null && host != null && authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            same = false;
        }
        if (!same) {
            response.sendError(403, "A console page may only be changed from the console itself (Origin " + origin + ")");
        }
        return same;
    }
}
