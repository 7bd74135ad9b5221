package io.stratus.monitoring.impl.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs' filter patterns for unstructured events: terms that must all appear
 * ({@code ERROR Exception}), phrases in double quotes ({@code "Task timed out"}), alternatives
 * marked {@code ?} (any one of them), exclusions marked {@code -}. Matching is case-sensitive, as in
 * CloudWatch. JSON ({@code { ... }}) and space-delimited ({@code [ ... ]}) patterns are refused.
 */
final class FilterPattern {

    private final List<String> required;
    private final List<String> anyOf;
    private final List<String> excluded;

    private FilterPattern(List<String> required, List<String> anyOf, List<String> excluded) {
        this.required = required;
        this.anyOf = anyOf;
        this.excluded = excluded;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong with the pattern
     */
    static FilterPattern parse(String pattern) {
        List<String> required = new ArrayList<>();
        List<String> anyOf = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        String text = pattern == null ? "" : pattern.trim();
        if (text.startsWith("{") || text.startsWith("[")) {
            throw new IllegalArgumentException(
                    "Only term and phrase filter patterns are served here, not JSON or space-delimited ones");
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> target = required;
            if (c == '?') {
                target = anyOf;
                i++;
            } else if (c == '-' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
                target = excluded;
                i++;
            }
            if (i >= text.length()) {
                throw new IllegalArgumentException("Invalid filter pattern: a term is missing at the end");
            }
            String term;
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("Invalid filter pattern: unterminated quote");
                }
                term = text.substring(i + 1, close);
                i = close + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                term = text.substring(i, end);
                i = end;
            }
            if (!term.isEmpty()) {
                target.add(term);
            }
        }
        return new FilterPattern(List.copyOf(required), List.copyOf(anyOf), List.copyOf(excluded));
    }

    boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : excluded) {
            if (message.contains(term)) {
                return false;
            }
        }
        if (anyOf.isEmpty()) {
            return true;
        }
        for (String term : anyOf) {
            if (message.contains(term)) {
                return true;
            }
        }
        return false;
    }
}
