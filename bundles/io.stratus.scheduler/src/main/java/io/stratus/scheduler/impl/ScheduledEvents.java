package io.stratus.scheduler.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.stratus.aws.codec.AwsJson;

/** The Scheduled Event EventBridge sends a rule's targets when it fires. */
final class ScheduledEvents {

    private ScheduledEvents() {
    }

    /**
     * The event for one tick: {@code time} is the tick's scheduled time in whole seconds, as AWS
     * writes it ({@code 2015-10-08T16:53:06Z}).
     */
    static byte[] event(String account, String region, String ruleArn, Instant tick) {
        JsonObject event = new JsonObject();
        event.addProperty("version", "0");
        event.addProperty("id", UUID.randomUUID().toString());
        event.addProperty("detail-type", "Scheduled Event");
        event.addProperty("source", "aws.events");
        event.addProperty("account", account);
        event.addProperty("time", DateTimeFormatter.ISO_INSTANT.format(tick.truncatedTo(ChronoUnit.SECONDS)));
        event.addProperty("region", region);
        JsonArray resources = new JsonArray();
        resources.add(ruleArn);
        event.add("resources", resources);
        event.add("detail", new JsonObject());
        return AwsJson.toBytes(event);
    }

    /** A target's constant input, as bytes. */
    static byte[] input(String input) {
        return input.getBytes(StandardCharsets.UTF_8);
    }
}
