package io.stratus.runtime.impl.handler;

/**
 * A function error the runtime itself raises around the handler (input that cannot be mapped,
 * output that cannot be written); reported with its AWS error type and no stack trace.
 */
public final class HandlerFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorType;

    public HandlerFailure(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
