package io.stratus.gateway.impl;

/** API Gateway's Lambda proxy payload format versions. */
enum PayloadFormat {
    /** REST API proxy integration (and HTTP API 1.0). */
    V1("1.0"),
    /** HTTP API. */
    V2("2.0");

    static final String V1_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent";
    static final String V2_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent";

    final String version;

    PayloadFormat(String version) {
        this.version = version;
    }

    /** {@code 1.0}/{@code 2.0} (also {@code 1}/{@code 2}); null for empty; else IllegalArgumentException. */
    static PayloadFormat parse(String version) {
        if (version == null || version.isBlank()) {
            return null;
        }
        return switch (version.strip()) {
            case "1.0", "1" -> V1;
            case "2.0", "2" -> V2;
            default -> throw new IllegalArgumentException("payload format version '" + version
                    + "' is neither 1.0 nor 2.0");
        };
    }

    /** The format a handler expects from its declared input type: 1.0 for the REST event type, else 2.0. */
    static PayloadFormat inferred(String handlerInputType) {
        return V1_EVENT.equals(handlerInputType) ? V1 : V2;
    }
}
