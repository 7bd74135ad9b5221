package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.runtime.api.InvocationRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bucket notification configurations through the SDK, and the S3 event JSON each matching change
 * queues for its function.
 */
public class BucketNotificationTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:transform";

    private S3Endpoint endpoint;

    @Before
    public void start() throws Exception {
        endpoint = new S3Endpoint(1 << 20, 5 << 20);
        endpoint.s3.createBucket(b -> b.bucket("incoming"));
        // as on AWS: the functions' policies let s3.amazonaws.com invoke them for this bucket
        endpoint.permitted.add("transform arn:aws:s3:::incoming");
        endpoint.permitted.add("other arn:aws:s3:::incoming");
    }

    @After
    public void stop() throws Exception {
        endpoint.close();
    }

    private static LambdaFunctionConfiguration rule(String id, String arn, String prefix, String suffix, Event... events) {
        return LambdaFunctionConfiguration.builder().id(id).lambdaFunctionArn(arn).events(events)
                .filter(f -> f.key(k -> k.filterRules(
                        r -> r.name(FilterRuleName.PREFIX).value(prefix),
                        r -> r.name(FilterRuleName.SUFFIX).value(suffix))))
                .build();
    }

    private void configure(LambdaFunctionConfiguration... rules) {
        endpoint.s3.putBucketNotificationConfiguration(b -> b.bucket("incoming")
                .notificationConfiguration(n -> n.lambdaFunctionConfigurations(rules)));
    }

    @Test
    public void configurationRoundTrips() {
        configure(rule("images", ARN, "img/", ".jpg", Event.S3_OBJECT_CREATED),
                rule("gone", ARN, "", "", Event.S3_OBJECT_REMOVED_DELETE));

        GetBucketNotificationConfigurationResponse got = endpoint.s3.getBucketNotificationConfiguration(
                b -> b.bucket("incoming"));

        assertEquals(2, got.lambdaFunctionConfigurations().size());
        LambdaFunctionConfiguration images = got.lambdaFunctionConfigurations().get(0);
        assertEquals("images", images.id());
        assertEquals(ARN, images.lambdaFunctionArn());
        assertEquals(List.of(Event.S3_OBJECT_CREATED), images.events());
        assertEquals("img/", images.filter().key().filterRules().get(0).value());
        assertEquals(".jpg", images.filter().key().filterRules().get(1).value());
        assertEquals(List.of(Event.S3_OBJECT_REMOVED_DELETE), got.lambdaFunctionConfigurations().get(1).events());
    }

    @Test
    public void putOfAMatchingObjectQueuesTheS3Event() throws Exception {
        configure(rule("images", ARN, "img/", ".jpg", Event.S3_OBJECT_CREATED));

        var put = endpoint.s3.putObject(b -> b.bucket("incoming").key("img/red flower.jpg"), RequestBody.fromString("jpeg"));
        endpoint.s3.putObject(b -> b.bucket("incoming").key("img/notes.txt"), RequestBody.fromString("no"));
        endpoint.s3.putObject(b -> b.bucket("incoming").key("other/a.jpg"), RequestBody.fromString("no"));

        List<InvocationRequest> accepted = endpoint.invoker.await(1);
        assertEquals(1, accepted.size());
        assertEquals("transform", accepted.get(0).functionName());
        JsonObject record = JsonParser.parseString(new String(accepted.get(0).payload(), StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonArray("Records").get(0).getAsJsonObject();
        assertEquals("2.1", record.get("eventVersion").getAsString());
        assertEquals("aws:s3", record.get("eventSource").getAsString());
        assertEquals("us-east-1", record.get("awsRegion").getAsString());
        assertEquals("ObjectCreated:Put", record.get("eventName").getAsString());
        assertTrue(record.get("eventTime").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertEquals("127.0.0.1", record.getAsJsonObject("requestParameters").get("sourceIPAddress").getAsString());
        // the ids of the answer to the PUT that caused it
        JsonObject responseElements = record.getAsJsonObject("responseElements");
        assertEquals(put.responseMetadata().requestId(), responseElements.get("x-amz-request-id").getAsString());
        assertEquals(put.responseMetadata().extendedRequestId(), responseElements.get("x-amz-id-2").getAsString());
        JsonObject s3 = record.getAsJsonObject("s3");
        assertEquals("images", s3.get("configurationId").getAsString());
        assertEquals("incoming", s3.getAsJsonObject("bucket").get("name").getAsString());
        assertEquals("arn:aws:s3:::incoming", s3.getAsJsonObject("bucket").get("arn").getAsString());
        JsonObject object = s3.getAsJsonObject("object");
        assertEquals("img/red+flower.jpg", object.get("key").getAsString());
        assertEquals(4, object.get("size").getAsLong());
        assertEquals(endpoint.s3.headObject(b -> b.bucket("incoming").key("img/red flower.jpg")).eTag(),
                "\"" + object.get("eTag").getAsString() + "\"");
        assertTrue(object.get("sequencer").getAsString().matches("[0-9A-F]{16}"));
    }

    @Test
    public void copyCompleteAndDeleteHaveTheirEventNames() throws Exception {
        configure(rule("all", ARN, "", "", Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED));
        endpoint.s3.putObject(b -> b.bucket("incoming").key("a"), RequestBody.fromString("1"));
        endpoint.s3.copyObject(b -> b.sourceBucket("incoming").sourceKey("a").destinationBucket("incoming")
                .destinationKey("b"));
        endpoint.s3.deleteObject(b -> b.bucket("incoming").key("a"));
        String id = endpoint.s3.createMultipartUpload(b -> b.bucket("incoming").key("m")).uploadId();
        String eTag = endpoint.s3.uploadPart(b -> b.bucket("incoming").key("m").uploadId(id).partNumber(1),
                RequestBody.fromString("p")).eTag();
        endpoint.s3.completeMultipartUpload(b -> b.bucket("incoming").key("m").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(eTag))));

        List<String> names = endpoint.invoker.await(4).stream().map(r -> JsonParser.parseString(
                new String(r.payload(), StandardCharsets.UTF_8)).getAsJsonObject().getAsJsonArray("Records").get(0)
                .getAsJsonObject().get("eventName").getAsString()).toList();
        assertEquals(List.of("ObjectCreated:Put", "ObjectCreated:Copy", "ObjectRemoved:Delete",
                "ObjectCreated:CompleteMultipartUpload"), names);
    }

    @Test
    public void declaredRulesApplyBesideConfiguredOnes() throws Exception {
        endpoint.declared.put("incoming", List.of(new NotificationRule("declared", "other", "declared by x",
                List.of("s3:ObjectCreated:Put"), "", ".csv")));
        endpoint.s3.putObject(b -> b.bucket("incoming").key("data.csv"), RequestBody.fromString("a,b"));
        assertEquals("other", endpoint.invoker.await(1).get(0).functionName());
    }

    @Test
    public void eventsWaitOnDiskUntilTheFunctionAcceptsThem() throws Exception {
        configure(rule("images", ARN, "", "", Event.S3_OBJECT_CREATED_PUT));
        endpoint.invoker.refuse = true;
        endpoint.s3.putObject(b -> b.bucket("incoming").key("k"), RequestBody.fromString("v"));
        try (var files = Files.list(endpoint.data.resolve("storage/events"))) {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".json")).count());
        }
        endpoint.invoker.refuse = false;
        assertEquals(1, endpoint.invoker.await(1).size());
        long deadline = System.nanoTime() + 30_000_000_000L;
        long left;
        do {
            try (var files = Files.list(endpoint.data.resolve("storage/events"))) {
                left = files.count();
            }
        } while (left > 0 && System.nanoTime() < deadline);
        assertEquals(0, left);
    }

    @Test
    public void queuedEventsSurviveARestartOfTheQueue() throws Exception {
        endpoint.invoker.refuse = true;
        endpoint.queue.enqueue("transform", "{\"Records\":[]}");
        endpoint.queue.close();
        S3Endpoint.RecordingInvoker invoker = new S3Endpoint.RecordingInvoker();
        try (NotificationQueue again = new NotificationQueue(endpoint.data.resolve("storage/events"), invoker,
                Clock.systemUTC())) {
            assertEquals("{\"Records\":[]}", new String(invoker.await(1).get(0).payload(), StandardCharsets.UTF_8));
        }
    }

    @Test
    public void overlappingRulesAreRefused() {
        S3Exception e = assertThrows(S3Exception.class, () -> configure(
                rule("one", ARN, "img/", ".jpg", Event.S3_OBJECT_CREATED),
                rule("two", ARN, "img/2024/", "", Event.S3_OBJECT_CREATED_PUT)));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage().contains("overlapping"));
        // disjoint suffixes may share prefixes
        configure(rule("one", ARN, "img/", ".jpg", Event.S3_OBJECT_CREATED),
                rule("two", ARN, "img/", ".png", Event.S3_OBJECT_CREATED));
        // different event types never overlap
        configure(rule("one", ARN, "", "", Event.S3_OBJECT_CREATED), rule("two", ARN, "", "", Event.S3_OBJECT_REMOVED));
    }

    @Test
    public void functionWhosePolicyDoesNotAllowTheBucketIsRefusedAndNothingChanges() {
        configure(rule("keep", ARN, "", "", Event.S3_OBJECT_CREATED));
        endpoint.permitted.remove("other arn:aws:s3:::incoming");
        endpoint.permitted.add("other arn:aws:s3:::elsewhere");
        String other = "arn:aws:lambda:us-east-1:000000000000:function:other";
        S3Exception e = assertThrows(S3Exception.class, () -> configure(rule("x", other, "", "", Event.S3_OBJECT_CREATED)));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertTrue(e.getMessage(), e.getMessage().contains("Unable to validate the following destination configurations"));
        List<LambdaFunctionConfiguration> kept = endpoint.s3.getBucketNotificationConfiguration(
                b -> b.bucket("incoming")).lambdaFunctionConfigurations();
        assertEquals(1, kept.size());
        assertEquals("keep", kept.get(0).id());
    }

    @Test
    public void unknownFunctionIsRefused() {
        S3Exception e = assertThrows(S3Exception.class, () -> configure(rule("x",
                "arn:aws:lambda:us-east-1:000000000000:function:missing", "", "", Event.S3_OBJECT_CREATED)));
        assertEquals("InvalidArgument", e.awsErrorDetails().errorCode());
        assertEquals(0, endpoint.s3.getBucketNotificationConfiguration(b -> b.bucket("incoming"))
                .lambdaFunctionConfigurations().size());
    }

    @Test
    public void malformedConfigurationIsMalformedXmlAndChangesNothing() throws Exception {
        configure(rule("keep", ARN, "", "", Event.S3_OBJECT_CREATED));
        List<String> before = endpoint.files();
        for (String body : List.of("<NotificationConfiguration>", "garbage",
                "<NotificationConfiguration><CloudFunctionConfiguration><CloudFunction>" + ARN
                        + "</CloudFunction></CloudFunctionConfiguration></NotificationConfiguration>",
                "<NotificationConfiguration><Unknown/></NotificationConfiguration>",
                "<Wrong/>")) {
            var answer = endpoint.raw("PUT", "/incoming?notification", Map.of(), body.getBytes(StandardCharsets.UTF_8));
            assertEquals(body, 400, answer.statusCode());
            assertTrue(body + " -> " + answer.body(), answer.body().contains("<Code>MalformedXML</Code>"));
        }
        var badEvent = endpoint.raw("PUT", "/incoming?notification", Map.of(), ("<NotificationConfiguration>"
                + "<CloudFunctionConfiguration><CloudFunction>" + ARN + "</CloudFunction><Event>s3:Everything</Event>"
                + "</CloudFunctionConfiguration></NotificationConfiguration>").getBytes(StandardCharsets.UTF_8));
        assertTrue(badEvent.body().contains("<Code>InvalidArgument</Code>"));
        assertEquals(before, endpoint.files());
        assertEquals("keep", endpoint.s3.getBucketNotificationConfiguration(b -> b.bucket("incoming"))
                .lambdaFunctionConfigurations().get(0).id());
    }

    @Test
    public void emptyConfigurationRemovesTheRules() {
        configure(rule("keep", ARN, "", "", Event.S3_OBJECT_CREATED));
        endpoint.s3.putBucketNotificationConfiguration(b -> b.bucket("incoming").notificationConfiguration(n -> { }));
        assertTrue(endpoint.s3.getBucketNotificationConfiguration(b -> b.bucket("incoming"))
                .lambdaFunctionConfigurations().isEmpty());
        endpoint.s3.putObject(b -> b.bucket("incoming").key("k"), RequestBody.fromString("v"));
        assertFalse(endpoint.queue.pending() > 0);
        assertTrue(endpoint.invoker.accepted.isEmpty());
    }
}
