package io.stratus.storage.impl;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.api.StorageException;

/**
 * Turns object changes into S3 event notifications for the functions whose rules match: the
 * bucket's configured rules and those declared by function bundles.
 */
final class BucketEvents {

    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Who caused the event and where from. */
    record Cause(String principalId, String sourceIp, String requestId, String hostId) {
    }

    private final ObjectStore store;
    private final NotificationQueue queue;
    private final Function<String, List<NotificationRule>> declared;
    private final String region;
    private final Clock clock;
    private final AtomicLong sequencer = new AtomicLong();
    /** Parsed configurations by bucket, keyed by the stored JSON so that a change is seen at once. */
    private final ConcurrentHashMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(String json, List<NotificationRule> rules) {
    }

    BucketEvents(ObjectStore store, NotificationQueue queue, Function<String, List<NotificationRule>> declared,
            String region, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.declared = declared;
        this.region = region;
        this.clock = clock;
    }

    /** The rules configured on a bucket through the API. */
    List<NotificationRule> configured(String bucket) throws StorageException {
        String json = store.bucketSetting(bucket, NotificationConfigurations.SETTING).orElse("");
        Parsed p = parsed.get(bucket);
        if (p == null || !p.json().equals(json)) {
            p = new Parsed(json, NotificationConfigurations.fromJson(json));
            parsed.put(bucket, p);
        }
        return p.rules();
    }

    /**
     * Queues the event for every matching rule; returns once they are durable.
     *
     * @param eventName e.g. {@code ObjectCreated:Put}
     * @param size      object size, or -1 for removals
     * @param eTag      object ETag without quotes, or null for removals
     */
    void publish(String bucket, String key, String eventName, long size, String eTag, Cause cause)
            throws IOException, StorageException {
        List<NotificationRule> rules = new ArrayList<>(configured(bucket));
        rules.addAll(declared.apply(bucket));
        String sequence = null;
        for (NotificationRule rule : rules) {
            if (!rule.matches(eventName, key)) {
                continue;
            }
            if (sequence == null) {
                sequence = String.format("%016X", clock.millis() * 1000 + (sequencer.incrementAndGet() % 1000));
            }
            queue.enqueue(rule.function(), event(bucket, key, eventName, size, eTag, cause, rule.id(), sequence));
        }
    }

    /** The S3 event JSON as AWS documents it (event version 2.1). */
    String event(String bucket, String key, String eventName, long size, String eTag, Cause cause,
            String configurationId, String sequence) {
        JsonObject record = new JsonObject();
        record.addProperty("eventVersion", "2.1");
        record.addProperty("eventSource", "aws:s3");
        record.addProperty("awsRegion", region);
        record.addProperty("eventTime", EVENT_TIME.format(Instant.ofEpochMilli(clock.millis())));
        record.addProperty("eventName", eventName);
        JsonObject user = new JsonObject();
        user.addProperty("principalId", cause.principalId());
        record.add("userIdentity", user);
        JsonObject parameters = new JsonObject();
        parameters.addProperty("sourceIPAddress", cause.sourceIp());
        record.add("requestParameters", parameters);
        JsonObject response = new JsonObject();
        response.addProperty("x-amz-request-id", cause.requestId());
        response.addProperty("x-amz-id-2", cause.hostId());
        record.add("responseElements", response);
        JsonObject s3 = new JsonObject();
        s3.addProperty("s3SchemaVersion", "1.0");
        s3.addProperty("configurationId", configurationId);
        JsonObject bucketJson = new JsonObject();
        bucketJson.addProperty("name", bucket);
        JsonObject owner = new JsonObject();
        owner.addProperty("principalId", cause.principalId());
        bucketJson.add("ownerIdentity", owner);
        bucketJson.addProperty("arn", "arn:aws:s3:::" + bucket);
        s3.add("bucket", bucketJson);
        JsonObject object = new JsonObject();
        object.addProperty("key", encodeKey(key));
        if (size >= 0) {
            object.addProperty("size", size);
        }
        if (eTag != null) {
            object.addProperty("eTag", eTag);
        }
        object.addProperty("sequencer", sequence);
        s3.add("object", object);
        record.add("s3", s3);
        JsonArray records = new JsonArray();
        records.add(record);
        JsonObject root = new JsonObject();
        root.add("Records", records);
        return root.toString();
    }

    /** Keys in events are form-encoded ("red flower.jpg" is "red+flower.jpg"), slashes kept. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
