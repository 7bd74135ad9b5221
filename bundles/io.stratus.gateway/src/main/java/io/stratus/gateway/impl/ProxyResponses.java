package io.stratus.gateway.impl;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import io.stratus.gateway.impl.GatewayRequest.Header;

/**
 * Reads a function's answer as API Gateway does: format 1.0 needs {@code statusCode} (with optional
 * {@code headers}, {@code multiValueHeaders}, {@code body}, {@code isBase64Encoded}); format 2.0
 * also takes {@code cookies}, and any JSON without {@code statusCode} is a 200
 * {@code application/json} answer with that JSON as its body.
 */
final class ProxyResponses {

    /** An HTTP answer: headers in order (repeats allowed), Set-Cookie values, body bytes. */
    record HttpAnswer(int status, List<Header> headers, List<String> cookies, byte[] body) {

        String header(String name) {
            for (Header header : headers) {
                if (header.name().equalsIgnoreCase(name)) {
                    return header.value();
                }
            }
            return null;
        }
    }

    /** The answer is not one API Gateway accepts; the message says why (for the log, never the client). */
    static final class MalformedResponse extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedResponse(String message) {
            super(message, null, false, false);
        }
    }

    static final String JSON = "application/json";

    private static final TypeAdapter<JsonElement> TREE = new Gson().getAdapter(JsonElement.class);

    private ProxyResponses() {
    }

    static HttpAnswer read(PayloadFormat format, byte[] payload) throws MalformedResponse {
        JsonElement answer = parse(payload);
        if (format == PayloadFormat.V2
                && !(answer.isJsonObject() && answer.getAsJsonObject().has("statusCode"))) {
            // HTTP APIs take any JSON without a statusCode as the body of a 200
            return new HttpAnswer(200, List.of(new Header("Content-Type", JSON)), List.of(), payload);
        }
        if (!answer.isJsonObject()) {
            throw new MalformedResponse("the answer is not a JSON object with a statusCode");
        }
        JsonObject object = answer.getAsJsonObject();
        int status = statusCode(object.get("statusCode"));
        List<Header> headers = new ArrayList<>();
        JsonElement single = object.get("headers");
        if (single != null && !single.isJsonNull()) {
            for (Map.Entry<String, JsonElement> entry : object(single, "headers").entrySet()) {
                headers.add(new Header(entry.getKey(), scalar(entry.getValue(), "headers." + entry.getKey())));
            }
        }
        JsonElement multi = object.get("multiValueHeaders");
        if (multi != null && !multi.isJsonNull()) {
            for (Map.Entry<String, JsonElement> entry : object(multi, "multiValueHeaders").entrySet()) {
                for (JsonElement value : array(entry.getValue(), "multiValueHeaders." + entry.getKey())) {
                    headers.add(new Header(entry.getKey(), scalar(value, "multiValueHeaders." + entry.getKey())));
                }
            }
        }
        List<String> cookies = new ArrayList<>();
        JsonElement cookieList = object.get("cookies");
        if (format == PayloadFormat.V2 && cookieList != null && !cookieList.isJsonNull()) {
            for (JsonElement cookie : array(cookieList, "cookies")) {
                cookies.add(scalar(cookie, "cookies"));
            }
        }
        boolean base64 = false;
        JsonElement encoded = object.get("isBase64Encoded");
        if (encoded != null && !encoded.isJsonNull()) {
            if (!encoded.isJsonPrimitive() || !encoded.getAsJsonPrimitive().isBoolean()) {
                throw new MalformedResponse("isBase64Encoded is not a boolean: " + encoded);
            }
            base64 = encoded.getAsBoolean();
        }
        byte[] body = new byte[0];
        JsonElement text = object.get("body");
        if (text != null && !text.isJsonNull()) {
            if (!text.isJsonPrimitive() || !text.getAsJsonPrimitive().isString()) {
                throw new MalformedResponse("body is not a string: " + abbreviate(text.toString()));
            }
            if (base64) {
                try {
                    // line breaks (as MIME encoders write them) are allowed, nothing else outside the alphabet
                    body = Base64.getDecoder().decode(text.getAsString().replaceAll("[\\r\\n]", ""));
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponse("body is not valid base64 although isBase64Encoded is true: "
                            + e.getMessage());
                }
            } else {
                body = text.getAsString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return new HttpAnswer(status, headers, cookies, body);
    }

    private static JsonElement parse(byte[] payload) throws MalformedResponse {
        if (payload == null || payload.length == 0) {
            throw new MalformedResponse("the function returned nothing");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(payload, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = TREE.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedResponse("the answer has content after its JSON document");
            }
            return element;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new MalformedResponse("the answer is not JSON: " + e.getMessage());
        }
    }

    private static int statusCode(JsonElement value) throws MalformedResponse {
        if (value == null || value.isJsonNull()) {
            throw new MalformedResponse("statusCode is missing");
        }
        if (value.isJsonPrimitive()) {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            try {
                // API Gateway also accepts the number as a string ("200")
                double number = primitive.isNumber() ? primitive.getAsDouble() : Double.parseDouble(primitive.getAsString());
                if (number == Math.rint(number) && number >= 100 && number <= 599) {
                    return (int) number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new MalformedResponse("statusCode is not an HTTP status (100-599): " + abbreviate(value.toString()));
    }

    private static JsonObject object(JsonElement value, String what) throws MalformedResponse {
        if (!value.isJsonObject()) {
            throw new MalformedResponse(what + " is not an object: " + abbreviate(value.toString()));
        }
        return value.getAsJsonObject();
    }

    private static JsonArray array(JsonElement value, String what) throws MalformedResponse {
        if (!value.isJsonArray()) {
            throw new MalformedResponse(what + " is not an array: " + abbreviate(value.toString()));
        }
        return value.getAsJsonArray();
    }

    private static String scalar(JsonElement value, String what) throws MalformedResponse {
        if (value.isJsonPrimitive()) {
            return value.getAsString();
        }
        throw new MalformedResponse(what + " is not a string: " + abbreviate(value.toString()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
