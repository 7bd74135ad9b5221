package io.stratus.test.functions;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a function sees of its environment, through both forms of {@code System.getenv}. */
final class EnvironmentReport {

    private EnvironmentReport() {
    }

    static Map<String, Object> read() {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("COLOR", System.getenv("COLOR"));
        seen.put("SHARED", System.getenv("SHARED"));
        seen.put("AWS_LAMBDA_FUNCTION_NAME", System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
        seen.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        seen.put("AWS_REGION", System.getenv("AWS_REGION"));
        seen.put("pathPresent", System.getenv("PATH") != null);
        seen.put("mapColor", System.getenv().get("COLOR"));
        // the role's temporary credentials, for the ITs that act with them
        seen.put("AWS_ACCESS_KEY_ID", System.getenv("AWS_ACCESS_KEY_ID"));
        seen.put("AWS_SECRET_ACCESS_KEY", System.getenv("AWS_SECRET_ACCESS_KEY"));
        seen.put("AWS_SESSION_TOKEN", System.getenv("AWS_SESSION_TOKEN"));
        return seen;
    }
}
