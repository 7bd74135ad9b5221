package io.stratus.lambda.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.stratus.aws.api.AwsException;

/**
 * Collects constraint violations and reports them the way AWS's request validation does:
 * {@code 1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: ...}.
 */
final class Validation {

    private final List<String> errors = new ArrayList<>();

    Validation min(String field, Integer value, long min) {
        if (value != null && value < min) {
            violation(field, value, "Member must have value greater than or equal to " + min);
        }
        return this;
    }

    Validation max(String field, Integer value, long max) {
        if (value != null && value > max) {
            violation(field, value, "Member must have value less than or equal to " + max);
        }
        return this;
    }

    Validation range(String field, Integer value, long min, long max) {
        return min(field, value, min).max(field, value, max);
    }

    Validation maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            violation(field, value, "Member must have length less than or equal to " + max);
        }
        return this;
    }

    Validation minLength(String field, String value, int min) {
        if (value != null && value.length() < min) {
            violation(field, value, "Member must have length greater than or equal to " + min);
        }
        return this;
    }

    Validation pattern(String field, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            violation(field, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    Validation oneOf(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            violation(field, value, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
        }
        return this;
    }

    Validation notNull(String field, Object value) {
        if (value == null) {
            errors.add("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    /** A violation whose value must not be echoed (e.g. environment variables). */
    Validation add(String message) {
        errors.add(message);
        return this;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() throws AwsException {
        if (!errors.isEmpty()) {
            String count = errors.size() == 1 ? "1 validation error detected: "
                    : errors.size() + " validation errors detected: ";
            throw new AwsException(400, "ValidationException", count + String.join("; ", errors));
        }
    }

    private void violation(String field, Object value, String constraint) {
        errors.add("Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint);
    }
}
