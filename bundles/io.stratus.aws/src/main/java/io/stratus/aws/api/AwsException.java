package io.stratus.aws.api;

/**
 * An error answer in AWS's terms. The front door renders it in the target service's protocol
 * (REST-JSON {@code X-Amzn-ErrorType}, JSON {@code __type}, query/REST-XML {@code <Error>}).
 */
public class AwsException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final boolean senderFault;
    private final java.util.Map<String, String> extra;

    public AwsException(int status, String code, String message) {
        this(status, code, message, status < 500, java.util.Map.of());
    }

    /**
     * @param extra further members of the error document, e.g. Lambda's {@code Reason} or S3's
     *              {@code BucketName}
     */
    public AwsException(int status, String code, String message, boolean senderFault,
            java.util.Map<String, String> extra) {
        super(message);
        this.status = status;
        this.code = code;
        this.senderFault = senderFault;
        this.extra = java.util.Map.copyOf(extra);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Whether the caller is at fault ({@code Sender}/{@code User}) rather than the service. */
    public boolean senderFault() {
        return senderFault;
    }

    public java.util.Map<String, String> extra() {
        return extra;
    }
}
