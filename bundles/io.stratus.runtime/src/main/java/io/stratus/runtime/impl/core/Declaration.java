package io.stratus.runtime.impl.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.FunctionSpec;

/**
 * One function as its bundle declares it (an {@code io.stratus.function} capability), with the
 * defaults applied for attributes the annotation left out, and the problem with it if any.
 *
 * @param name         declared name (may be invalid; then {@code problem} says so)
 * @param handlerClass handler class
 * @param handlerMethod handler method, or empty
 * @param spec         the declared configuration with defaults
 * @param problem      why the declaration is invalid (AWS's validation message), or null
 * @param version      published version number, or null for $LATEST
 * @param revision     revision of uploaded code (hot swap order), or null for an ordinary bundle
 * @param codeSha256   base64 SHA-256 of the uploaded package, or null (then the bundle's jar is hashed)
 * @param codeSize     size of the uploaded package, or null
 */
public record Declaration(String name, String handlerClass, String handlerMethod, FunctionSpec spec,
        String problem, String version, Long revision, String codeSha256, Long codeSize) {

    /** Reads a capability's attributes; never throws, an invalid declaration carries its problem. */
    public static Declaration parse(Map<String, Object> attributes, String defaultRole) {
        String name = text(attributes.get(FunctionNamespace.NAMESPACE));
        String handlerClass = text(attributes.get(FunctionNamespace.HANDLER_CLASS));
        String handlerMethod = text(attributes.get(FunctionNamespace.HANDLER_METHOD));
        String role = text(attributes.get(FunctionNamespace.ROLE));
        String description = text(attributes.get(FunctionNamespace.DESCRIPTION));
        ConfigRules.Violations violations = new ConfigRules.Violations().name("functionName", name);
        Integer memory = number(attributes.get(FunctionNamespace.MEMORY_SIZE), 128, "memorySize", violations);
        Integer timeout = number(attributes.get(FunctionNamespace.TIMEOUT), 3, "timeout", violations);
        Map<String, String> environment = new LinkedHashMap<>();
        String envProblem = environment(attributes.get(FunctionNamespace.ENVIRONMENT), environment);
        violations.memory(memory).timeout(timeout).role(role.isEmpty() ? null : role).description(description)
                .environmentKeys(environment);
        if (handlerClass.isEmpty()) {
            violations.add("", "handler", "Member must not be empty");
        }
        String problem = violations.message();
        if (problem == null) {
            problem = envProblem != null ? envProblem : ConfigRules.environmentProblem(environment);
        }
        String handler = handlerMethod.isEmpty() ? handlerClass : handlerClass + "::" + handlerMethod;
        FunctionSpec spec = new FunctionSpec(name, handler, memory == null ? 128 : memory,
                timeout == null ? 3 : timeout, environment, role.isEmpty() ? defaultRole : role, description);
        String version = text(attributes.get(FunctionNamespace.FUNCTION_VERSION));
        if (!version.isEmpty() && !version.matches("[0-9]{1,9}") && problem == null) {
            problem = "Value '" + version + "' at 'function.version' failed to satisfy constraint: "
                    + "Member must be a version number";
        }
        String sha = text(attributes.get(FunctionNamespace.CODE_SHA256));
        return new Declaration(name, handlerClass, handlerMethod, spec, problem, version.isEmpty() ? null : version,
                longValue(attributes.get(FunctionNamespace.CODE_REVISION)), sha.isEmpty() ? null : sha,
                longValue(attributes.get(FunctionNamespace.CODE_SIZE)));
    }

    /** The map key and qualifier of the declared function: its name, or {@code name:version}. */
    public String key() {
        return version == null ? name : name + ":" + version;
    }

    private static Long longValue(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean valid() {
        return problem == null;
    }

    /* A generated header gives text that needs quoting as a one-element list (Felix unescapes only lists). */
    private static String text(Object value) {
        if (value instanceof List<?> list && list.size() == 1) {
            value = list.get(0);
        }
        return value == null ? "" : value.toString().trim();
    }

    private static Integer number(Object value, int defaultValue, String field, ConfigRules.Violations violations) {
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        } catch (NumberFormatException e) {
            violations.add(value, field, "Member must be a number");
            return null;
        }
    }

    /* The annotation emits List<String> "K=V"; a hand-written header may give one string. */
    private static String environment(Object value, Map<String, String> into) {
        if (value == null) {
            return null;
        }
        Collection<?> entries;
        if (value instanceof Collection<?> c) {
            entries = c;
        } else if (value instanceof Object[] array) {
            entries = List.of(array);
        } else {
            entries = List.of(value.toString().split(","));
        }
        for (Object entry : entries) {
            String text = String.valueOf(entry);
            if (text.isBlank()) {
                continue;
            }
            int eq = text.indexOf('=');
            if (eq <= 0) {
                return "Environment variable '" + text + "' must be written NAME=value";
            }
            into.put(text.substring(0, eq).trim(), text.substring(eq + 1));
        }
        return null;
    }
}
