package io.stratus.runtime.impl.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.stratus.runtime.api.FunctionException;

/** AWS Lambda's limits on a function's configuration, with the messages AWS answers with. */
public final class ConfigRules {

    public static final int MIN_MEMORY = 128;
    public static final int MAX_MEMORY = 10240;
    public static final int MIN_TIMEOUT = 1;
    public static final int MAX_TIMEOUT = 900;
    public static final int MAX_ENVIRONMENT_BYTES = 4096;
    public static final int MAX_DESCRIPTION = 256;

    static final String NAME_PATTERN = "[a-zA-Z0-9-_]{1,64}";
    static final String ENV_KEY_PATTERN = "[a-zA-Z]([a-zA-Z0-9_])+";
    static final String ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final Pattern ENV_KEY = Pattern.compile(ENV_KEY_PATTERN);
    private static final Pattern ROLE = Pattern.compile(ROLE_PATTERN);

    /** The variables Lambda sets itself and refuses in a function's configuration. */
    public static final Set<String> RESERVED_KEYS = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private ConfigRules() {
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Collects AWS's "Value 'x' at 'field' failed to satisfy constraint" lines. */
    static final class Violations {
        private final List<String> lines = new ArrayList<>();

        Violations name(String field, String value) {
            if (!validName(value)) {
                add(value, field, "Member must satisfy regular expression pattern: " + NAME_PATTERN);
            }
            return this;
        }

        Violations memory(Integer value) {
            if (value != null) {
                range(value, "memorySize", MIN_MEMORY, MAX_MEMORY);
            }
            return this;
        }

        Violations timeout(Integer value) {
            if (value != null) {
                range(value, "timeout", MIN_TIMEOUT, MAX_TIMEOUT);
            }
            return this;
        }

        Violations role(String value) {
            if (value != null && !ROLE.matcher(value).matches()) {
                add(value, "role", "Member must satisfy regular expression pattern: " + ROLE_PATTERN);
            }
            return this;
        }

        Violations description(String value) {
            if (value != null && value.length() > MAX_DESCRIPTION) {
                add(value, "description", "Member must have length less than or equal to " + MAX_DESCRIPTION);
            }
            return this;
        }

        Violations environmentKeys(Map<String, String> environment) {
            if (environment != null) {
                for (String key : environment.keySet()) {
                    if (key == null || !ENV_KEY.matcher(key).matches()) {
                        add(String.valueOf(environment.keySet()), "environment.variables",
                                "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: "
                                        + ENV_KEY_PATTERN + "]");
                        break;
                    }
                }
            }
            return this;
        }

        void range(int value, String field, int min, int max) {
            if (value < min) {
                add(value, field, "Member must have value greater than or equal to " + min);
            } else if (value > max) {
                add(value, field, "Member must have value less than or equal to " + max);
            }
        }

        void add(Object value, String field, String constraint) {
            lines.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint);
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }

        /** AWS's summary, e.g. "1 validation error detected: Value ..."; null when all is well. */
        String message() {
            if (lines.isEmpty()) {
                return null;
            }
            return lines.size() + " validation error" + (lines.size() == 1 ? "" : "s") + " detected: "
                    + String.join("; ", lines);
        }
    }

    /** AWS's complaint about reserved keys or the 4 KB limit, or null when the variables are acceptable. */
    static String environmentProblem(Map<String, String> environment) {
        if (environment == null) {
            return null;
        }
        Set<String> reserved = new TreeSet<>();
        int bytes = 0;
        for (Map.Entry<String, String> e : environment.entrySet()) {
            if (RESERVED_KEYS.contains(e.getKey())) {
                reserved.add(e.getKey());
            }
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            bytes += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (!reserved.isEmpty()) {
            return "Lambda was unable to configure your environment variables because the environment variables you"
                    + " have provided contains reserved keys that are currently not supported for modification."
                    + " Reserved keys used in this request: " + String.join(", ", reserved);
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            return "Lambda was unable to configure your environment variables because the environment variables you"
                    + " have provided exceeded the 4KB limit. String measured: " + bytes + " bytes";
        }
        return null;
    }

    /** Checks a configuration change; throws InvalidParameterValueException with AWS's message. */
    static void checkUpdate(Integer memory, Integer timeout, Map<String, String> environment, String role,
            String description) throws FunctionException {
        Violations violations = new Violations().memory(memory).timeout(timeout).role(role).description(description)
                .environmentKeys(environment);
        if (!violations.isEmpty()) {
            throw FunctionException.invalidParameter(violations.message());
        }
        String envProblem = environmentProblem(environment);
        if (envProblem != null) {
            throw FunctionException.invalidParameter(envProblem);
        }
    }
}
