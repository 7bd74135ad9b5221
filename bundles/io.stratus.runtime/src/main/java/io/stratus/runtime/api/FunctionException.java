package io.stratus.runtime.api;

/**
 * A request the runtime refused, named as AWS Lambda names its errors so the API layer can pass
 * it on unchanged.
 */
public class FunctionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final String reason;

    public FunctionException(String code, int status, String message) {
        this(code, status, message, null);
    }

    public FunctionException(String code, int status, String message, String reason) {
        super(message);
        this.code = code;
        this.status = status;
        this.reason = reason;
    }

    public static FunctionException notFound(String what) {
        return new FunctionException("ResourceNotFoundException", 404, what);
    }

    public static FunctionException invalidParameter(String message) {
        return new FunctionException("InvalidParameterValueException", 400, message);
    }

    public static FunctionException throttled(String reason) {
        return new FunctionException("TooManyRequestsException", 429, "Rate Exceeded.", reason);
    }

    /** AWS error code, e.g. {@code ResourceNotFoundException}. */
    public String code() {
        return code;
    }

    /** HTTP status AWS answers with. */
    public int status() {
        return status;
    }

    /** AWS {@code Reason} (throttling), or null. */
    public String reason() {
        return reason;
    }
}
