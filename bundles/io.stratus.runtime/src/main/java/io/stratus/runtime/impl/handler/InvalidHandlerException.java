package io.stratus.runtime.impl.handler;

/** The declared handler cannot be used: its class or method does not fit Lambda's handler shapes. */
public final class InvalidHandlerException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidHandlerException(String message) {
        super(message);
    }
}
