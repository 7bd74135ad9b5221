package io.stratus.runtime.impl.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.joda.time.format.DateTimeFormatter;
import org.joda.time.format.ISODateTimeFormat;

import com.google.gson.FieldNamingStrategy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The one JSON mapping of the runtime: handler input and output, error documents and the files it
 * keeps. Maps the aws-lambda-java-events types to the JSON AWS sends (joda {@code DateTime} as
 * ISO-8601, {@code Records}, {@code detail-type}, {@code x-amz-request-id}, capitalised SNS names).
 */
public final class JsonMapping {

    private static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events";

    public static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .setFieldNamingStrategy(new EventFieldNaming())
            .registerTypeAdapter(DateTime.class, new JodaDateTimeAdapter().nullSafe())
            .registerTypeHierarchyAdapter(ByteBuffer.class, new ByteBufferAdapter().nullSafe())
            .registerTypeAdapter(Instant.class, text(Instant::parse))
            .registerTypeAdapter(OffsetDateTime.class, text(OffsetDateTime::parse))
            .registerTypeAdapter(ZonedDateTime.class, text(ZonedDateTime::parse))
            .registerTypeAdapter(LocalDateTime.class, text(LocalDateTime::parse))
            .registerTypeAdapter(LocalDate.class, text(LocalDate::parse))
            .registerTypeAdapter(LocalTime.class, text(LocalTime::parse))
            .registerTypeAdapter(Duration.class, text(Duration::parse))
            .create();

    private static final TypeAdapter<JsonElement> TREE = GSON.getAdapter(JsonElement.class);

    private JsonMapping() {
    }

    /**
     * Parses a request payload strictly, as Lambda's Invoke does.
     *
     * @return the JSON tree, or null when the payload is empty or blank
     * @throws MalformedJsonPayload when it is not one valid JSON document
     */
    public static JsonElement parseStrict(byte[] payload) throws MalformedJsonPayload {
        if (payload == null || isBlank(payload)) {
            return null;
        }
        try {
            JsonReader reader = new JsonReader(
                    new InputStreamReader(new ByteArrayInputStream(payload), StandardCharsets.UTF_8));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = TREE.read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonPayload("Unexpected content after the JSON document at " + reader.getPath());
            }
            return element;
        } catch (IOException | RuntimeException e) {
            throw new MalformedJsonPayload(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** Whether {@code payload} is one valid JSON document (empty counts as valid). */
    public static boolean isJson(byte[] payload) {
        try {
            parseStrict(payload);
            return true;
        } catch (MalformedJsonPayload e) {
            return false;
        }
    }

    private static boolean isBlank(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static <T> TypeAdapter<T> text(Function<String, T> parse) {
        return new TypeAdapter<T>() {
            @Override
            public void write(JsonWriter out, T value) throws IOException {
                out.value(value.toString());
            }

            @Override
            public T read(JsonReader in) throws IOException {
                return parse.apply(in.nextString());
            }
        }.nullSafe();
    }

    /** The payload was not valid JSON; the message says where. */
    public static final class MalformedJsonPayload extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedJsonPayload(String message) {
            super(message, null, false, false);
        }
    }

    /** ISO-8601 in UTC with milliseconds, as AWS writes event times; any ISO-8601 offset is read. */
    static final class JodaDateTimeAdapter extends TypeAdapter<DateTime> {
        private static final DateTimeFormatter PRINT = ISODateTimeFormat.dateTime().withZoneUTC();
        private static final DateTimeFormatter PARSE = ISODateTimeFormat.dateTimeParser().withOffsetParsed();

        @Override
        public void write(JsonWriter out, DateTime value) throws IOException {
            out.value(PRINT.print(value));
        }

        @Override
        public DateTime read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NUMBER) {
                // some producers send epoch milliseconds
                return new DateTime(in.nextLong(), DateTimeZone.UTC);
            }
            return PARSE.parseDateTime(in.nextString());
        }
    }

    /** Binary event fields (SQS binary attributes, Kinesis data) are base64 strings in AWS's JSON. */
    static final class ByteBufferAdapter extends TypeAdapter<ByteBuffer> {
        @Override
        public void write(JsonWriter out, ByteBuffer value) throws IOException {
            ByteBuffer copy = value.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            out.value(Base64.getEncoder().encodeToString(bytes));
        }

        @Override
        public ByteBuffer read(JsonReader in) throws IOException {
            return ByteBuffer.wrap(Base64.getDecoder().decode(in.nextString()));
        }
    }

    /**
     * JSON names of the Lambda event types: where AWS's JSON differs from the Java field name, and the
     * capitalised name accepted on input for every event field (AWS's producers use both styles).
     */
    static final class EventFieldNaming implements FieldNamingStrategy {

        @Override
        public String translateName(Field field) {
            String name = field.getName();
            if (!isEventType(field.getDeclaringClass())) {
                return name;
            }
            switch (name) {
                case "records":
                    return "Records";
                case "detailType":
                    return "detail-type";
                case "xAmzRequestId":
                    return "x-amz-request-id";
                case "xAmzId2":
                    return "x-amz-id-2";
                case "eventSourceArn":
                    return "eventSourceARN";
                default:
                    return capitalisedNames(field.getDeclaringClass()) ? capitalise(name) : name;
            }
        }

        @Override
        public List<String> alternateNames(Field field) {
            if (!isEventType(field.getDeclaringClass())) {
                return List.of();
            }
            String primary = translateName(field);
            List<String> names = new ArrayList<>(2);
            for (String candidate : new String[] {field.getName(), capitalise(field.getName())}) {
                if (!candidate.equals(primary) && !names.contains(candidate)) {
                    names.add(candidate);
                }
            }
            return names;
        }

        private static boolean isEventType(Class<?> type) {
            return type.getName().startsWith(EVENTS_PACKAGE);
        }

        /* SNS and DynamoDB stream records are written with capitalised names throughout. */
        private static boolean capitalisedNames(Class<?> type) {
            String name = type.getName();
            return name.startsWith(EVENTS_PACKAGE + ".SNSEvent$")
                    || name.startsWith(EVENTS_PACKAGE + ".models.dynamodb.")
                    || name.equals(EVENTS_PACKAGE + ".DynamodbEvent$DynamodbStreamRecord");
        }

        private static String capitalise(String name) {
            return name.isEmpty() ? name : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
        }
    }

    /** Serialises {@code value} as its declared type (or its runtime class when the type says nothing). */
    public static String toJson(Object value, Type declared) {
        if (value == null) {
            return "null";
        }
        if (declared == null || declared == Object.class
                || !(declared instanceof Class || declared instanceof java.lang.reflect.ParameterizedType)) {
            return GSON.toJson(value);
        }
        return GSON.toJson(value, declared);
    }
}
