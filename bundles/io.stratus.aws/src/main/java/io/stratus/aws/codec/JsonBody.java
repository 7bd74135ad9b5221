package io.stratus.aws.codec;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.stratus.aws.api.AwsException;

/**
 * A parsed JSON request body with typed member access; a member of the wrong type is answered
 * with the same error code as a malformed body, naming the member.
 */
public final class JsonBody {
    private final JsonObject json;
    private final String errorCode;

    JsonBody(JsonObject json, String errorCode) {
        this.json = json;
        this.errorCode = errorCode;
    }

    /** The underlying tree. */
    public JsonObject json() {
        return json;
    }

    /** Whether the member is present and not JSON null. */
    public boolean has(String member) {
        JsonElement value = json.get(member);
        return value != null && !value.isJsonNull();
    }

    /** A string member, or null when absent. */
    public String string(String member) throws AwsException {
        JsonElement value = present(member);
        if (value == null) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw wrongType(member, "a string");
        }
        return value.getAsString();
    }

    /** A whole-number member (within int range), or null when absent. */
    public Integer integer(String member) throws AwsException {
        JsonElement value = present(member);
        if (value == null) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw wrongType(member, "an integer");
        }
        JsonPrimitive number = value.getAsJsonPrimitive();
        try {
            return number.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException e) {
            throw wrongType(member, "an integer");
        }
    }

    /** A boolean member, or null when absent. */
    public Boolean bool(String member) throws AwsException {
        JsonElement value = present(member);
        if (value == null) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(member, "a boolean");
        }
        return value.getAsBoolean();
    }

    /** An object member, or null when absent. */
    public JsonBody object(String member) throws AwsException {
        JsonElement value = present(member);
        if (value == null) {
            return null;
        }
        if (!value.isJsonObject()) {
            throw wrongType(member, "an object");
        }
        return new JsonBody(value.getAsJsonObject(), errorCode);
    }

    /** An object member whose values are all strings (e.g. Environment.Variables), or null when absent. */
    public Map<String, String> stringMap(String member) throws AwsException {
        JsonBody object = object(member);
        if (object == null) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : object.json.entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw wrongType(member + "." + entry.getKey(), "a string");
            }
            map.put(entry.getKey(), value.getAsString());
        }
        return map;
    }

    private JsonElement present(String member) {
        JsonElement value = json.get(member);
        return value == null || value.isJsonNull() ? null : value;
    }

    private AwsException wrongType(String member, String expected) {
        return new AwsException(400, errorCode,
                "Could not parse request body into json: member '" + member + "' must be " + expected);
    }
}
