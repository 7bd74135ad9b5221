package io.stratus.test.functions;

import java.util.Map;

/** Reads the members the test functions take from their JSON events. */
final class Events {

    private Events() {
    }

    /** A number member, whatever numeric type the JSON mapping chose; {@code fallback} when absent. */
    static long millis(Map<String, Object> event, long fallback) {
        Object value = event == null ? null : event.get("millis");
        return value instanceof Number ? ((Number) value).longValue() : fallback;
    }

    /** A required string member. */
    static String string(Map<String, Object> event, String member) {
        Object value = event == null ? null : event.get(member);
        if (value == null) {
            throw new IllegalArgumentException("the event needs a \"" + member + "\" member");
        }
        return value.toString();
    }
}
