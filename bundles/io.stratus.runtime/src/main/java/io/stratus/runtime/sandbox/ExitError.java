package io.stratus.runtime.sandbox;

/**
 * Thrown in place of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} called by
 * function code. An {@link Error}, so ordinary {@code catch (Exception e)} blocks let it pass; the
 * runtime also remembers the call on the invocation's scope, so swallowing it changes nothing.
 */
public final class ExitError extends Error {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ExitError(int status) {
        super("Runtime exited with error: exit status " + status, null, false, false);
        this.status = status;
    }

    /** The status the function code passed to exit or halt. */
    public int status() {
        return status;
    }
}
