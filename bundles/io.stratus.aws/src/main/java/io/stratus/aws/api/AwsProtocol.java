package io.stratus.aws.api;

/** The AWS wire protocols; each has its own error shape. */
public enum AwsProtocol {
    /** Lambda, API Gateway: JSON bodies, {@code X-Amzn-ErrorType} header. */
    REST_JSON("rest-json"),
    /** JSON 1.0 with {@code X-Amz-Target} (e.g. DynamoDB, CloudWatch's JSON form). */
    JSON_1_0("json-1.0"),
    /** JSON 1.1 with {@code X-Amz-Target} (EventBridge, CloudWatch Logs). */
    JSON_1_1("json-1.1"),
    /** Form-encoded {@code Action=} requests, XML answers (IAM, STS, CloudWatch). */
    QUERY("query"),
    /** S3: REST paths, XML bodies, {@code <Error>} documents. */
    REST_XML("rest-xml");

    private final String id;

    AwsProtocol(String id) {
        this.id = id;
    }

    /** The value used in the {@link AwsService#PROTOCOL} service property. */
    public String id() {
        return id;
    }

    public static AwsProtocol of(String id) {
        for (AwsProtocol p : values()) {
            if (p.id.equalsIgnoreCase(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown AWS protocol " + id);
    }
}
