package io.stratus.aws.codec;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;

/**
 * The one JSON codec of the AWS endpoint. Parsing is strict (Gson is lenient by default, AWS is
 * not) and a malformed body becomes the error the service's protocol uses for it.
 */
public final class AwsJson {

    /** Lambda's (and other REST-JSON services') code for a body that is not JSON. */
    public static final String INVALID_REQUEST_CONTENT = "InvalidRequestContentException";
    /** The JSON 1.0/1.1 protocols' code for a body that is not JSON. */
    public static final String SERIALIZATION = "SerializationException";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private AwsJson() {
    }

    /** The configured Gson: no HTML escaping, nulls omitted. */
    public static Gson gson() {
        return GSON;
    }

    /** The error code a protocol uses for a malformed JSON body. */
    public static String malformedCode(AwsProtocol protocol) {
        return protocol == AwsProtocol.REST_JSON ? INVALID_REQUEST_CONTENT : SERIALIZATION;
    }

    /**
     * Parses a request body that must be a JSON object; an empty body is an empty object.
     *
     * @throws AwsException 400 with {@link #malformedCode(AwsProtocol)} when the body is not a JSON object
     */
    public static JsonBody parseObject(byte[] body, AwsProtocol protocol) throws AwsException {
        return parseObject(body, malformedCode(protocol));
    }

    /** As {@link #parseObject(byte[], AwsProtocol)} with an explicit error code. */
    public static JsonBody parseObject(byte[] body, String errorCode) throws AwsException {
        if (body == null || isBlank(body)) {
            return new JsonBody(new JsonObject(), errorCode);
        }
        JsonElement element = parseStrict(body, errorCode);
        if (!element.isJsonObject()) {
            throw malformed(errorCode, "expected a JSON object but found " + describe(element));
        }
        return new JsonBody(element.getAsJsonObject(), errorCode);
    }

    /**
     * Checks that the bytes are exactly one well-formed JSON value, without building a tree (Lambda
     * payloads may be 6 MB).
     *
     * @throws AwsException 400 {@code errorCode} with {@code messagePrefix + ": " + the parser's complaint}
     */
    public static void requireWellFormed(byte[] body, String errorCode, String messagePrefix) throws AwsException {
        try (JsonReader reader = strictReader(body)) {
            reader.skipValue();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected content after the JSON value at " + reader.getPath());
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new AwsException(400, errorCode, messagePrefix + ": " + complaint(e));
        }
    }

    /** Serializes a JSON tree or any object Gson can map to UTF-8 bytes. */
    public static byte[] toBytes(Object value) {
        String text = value instanceof JsonElement element ? GSON.toJson(element) : GSON.toJson(value);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonElement parseStrict(byte[] body, String errorCode) throws AwsException {
        try (JsonReader reader = strictReader(body)) {
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("unexpected content after the JSON value at " + reader.getPath());
            }
            return element;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw malformed(errorCode, complaint(e));
        }
    }

    private static JsonReader strictReader(byte[] body) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8);
        JsonReader json = new JsonReader(reader);
        json.setStrictness(Strictness.STRICT);
        return json;
    }

    private static AwsException malformed(String errorCode, String detail) {
        return new AwsException(400, errorCode, "Could not parse request body into json: " + detail);
    }

    /** Gson's message without its pointer to Gson's troubleshooting page. */
    private static String complaint(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null && cause.getCause().getMessage() != null
                && cause.getMessage().contains(cause.getCause().getMessage())) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int see = message.indexOf("\nSee https://");
        if (see < 0) {
            see = message.indexOf(" See https://");
        }
        String text = see >= 0 ? message.substring(0, see) : message;
        // Gson's advice to its own users means nothing to an API caller
        return text.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "Malformed JSON");
    }

    private static String describe(JsonElement element) {
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        return "a " + (element.getAsJsonPrimitive().isString() ? "string"
                : element.getAsJsonPrimitive().isNumber() ? "number" : "boolean");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
