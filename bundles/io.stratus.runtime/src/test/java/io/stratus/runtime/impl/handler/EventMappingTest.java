package io.stratus.runtime.impl.handler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.junit.Test;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The aws-lambda-java-events types read from and written to the JSON AWS sends. */
public class EventMappingTest {

    private static final String SCHEDULED = "{\"version\":\"0\",\"id\":\"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa\","
            + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
            + "\"time\":\"2015-10-08T16:53:06Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule\"],\"detail\":{}}";

    private static final String S3 = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
            + "\"awsRegion\":\"us-east-1\",\"eventTime\":\"2019-09-03T19:37:27.192Z\",\"eventName\":\"ObjectCreated:Put\","
            + "\"userIdentity\":{\"principalId\":\"AWS:AIDAINPONIXQXHT3IKHL2\"},"
            + "\"requestParameters\":{\"sourceIPAddress\":\"205.255.255.255\"},"
            + "\"responseElements\":{\"x-amz-request-id\":\"D82B88E5F771F645\",\"x-amz-id-2\":\"vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=\"},"
            + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"configurationId\":\"828aa6fc\",\"bucket\":{\"name\":\"lambda-artifacts\","
            + "\"ownerIdentity\":{\"principalId\":\"A3I5XTEXAMAI3E\"},\"arn\":\"arn:aws:s3:::lambda-artifacts\"},"
            + "\"object\":{\"key\":\"red+flower.jpg\",\"size\":1305107,\"eTag\":\"b21b84d653bb07b05b1e6b33684dc11b\","
            + "\"sequencer\":\"0C0F6F405D6ED209E1\"}}}]}";

    private static final String API = "{\"resource\":\"/{proxy+}\",\"path\":\"/hello/world\",\"httpMethod\":\"POST\","
            + "\"headers\":{\"Accept\":\"*/*\",\"Host\":\"localhost\"},"
            + "\"multiValueHeaders\":{\"Accept\":[\"*/*\"]},\"queryStringParameters\":{\"name\":\"me\"},"
            + "\"pathParameters\":{\"proxy\":\"hello/world\"},\"stageVariables\":null,"
            + "\"requestContext\":{\"accountId\":\"123456789012\",\"resourceId\":\"us4z18\",\"stage\":\"test\","
            + "\"requestId\":\"41b45ea3-70b5-11e6-b7bd-69b5aaebc7d9\",\"identity\":{\"sourceIp\":\"192.168.100.1\","
            + "\"userAgent\":\"curl/7.64\"},\"resourcePath\":\"/{proxy+}\",\"httpMethod\":\"POST\",\"apiId\":\"wt6mne2s9k\","
            + "\"protocol\":\"HTTP/1.1\",\"requestTimeEpoch\":1428582896000},"
            + "\"body\":\"{\\\"a\\\":1}\",\"isBase64Encoded\":false}";

    @Test
    public void scheduledEventReadsDetailTypeAndTime() {
        ScheduledEvent event = JsonMapping.GSON.fromJson(SCHEDULED, ScheduledEvent.class);
        assertEquals("Scheduled Event", event.getDetailType());
        assertEquals(new DateTime(2015, 10, 8, 16, 53, 6, DateTimeZone.UTC).getMillis(), event.getTime().getMillis());
        assertEquals("arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule", event.getResources().get(0));
    }

    @Test
    public void scheduledEventWritesAwsNames() {
        ScheduledEvent event = JsonMapping.GSON.fromJson(SCHEDULED, ScheduledEvent.class);
        JsonObject json = JsonParser.parseString(JsonMapping.GSON.toJson(event)).getAsJsonObject();
        assertEquals("Scheduled Event", json.get("detail-type").getAsString());
        assertEquals("2015-10-08T16:53:06.000Z", json.get("time").getAsString());
        assertFalse(json.has("detailType"));
        ScheduledEvent again = JsonMapping.GSON.fromJson(json, ScheduledEvent.class);
        assertEquals(event.getTime().getMillis(), again.getTime().getMillis());
        assertEquals(event.getDetailType(), again.getDetailType());
    }

    @Test
    public void s3EventReadsRecordsAndAmzHeaders() {
        S3Event event = JsonMapping.GSON.fromJson(S3, S3Event.class);
        S3EventNotificationRecord record = event.getRecords().get(0);
        assertEquals("red+flower.jpg", record.getS3().getObject().getKey());
        assertEquals("red flower.jpg", record.getS3().getObject().getUrlDecodedKey());
        assertEquals(Long.valueOf(1305107), record.getS3().getObject().getSizeAsLong());
        assertEquals("lambda-artifacts", record.getS3().getBucket().getName());
        assertEquals("D82B88E5F771F645", record.getResponseElements().getxAmzRequestId());
        assertEquals(new DateTime(2019, 9, 3, 19, 37, 27, 192, DateTimeZone.UTC).getMillis(),
                record.getEventTime().getMillis());
    }

    @Test
    public void s3EventRoundTripsWithAwsNames() {
        S3Event event = JsonMapping.GSON.fromJson(S3, S3Event.class);
        String written = JsonMapping.GSON.toJson(event);
        JsonObject json = JsonParser.parseString(written).getAsJsonObject();
        JsonObject record = json.getAsJsonArray("Records").get(0).getAsJsonObject();
        assertEquals("D82B88E5F771F645", record.getAsJsonObject("responseElements").get("x-amz-request-id").getAsString());
        assertTrue(record.getAsJsonObject("responseElements").has("x-amz-id-2"));
        assertEquals("2019-09-03T19:37:27.192Z", record.get("eventTime").getAsString());
        assertEquals(JsonParser.parseString(S3), JsonParser.parseString(
                JsonMapping.GSON.toJson(JsonMapping.GSON.fromJson(written, S3Event.class))));
    }

    @Test
    public void apiGatewayProxyEventRoundTrips() {
        APIGatewayProxyRequestEvent event = JsonMapping.GSON.fromJson(API, APIGatewayProxyRequestEvent.class);
        assertEquals("POST", event.getHttpMethod());
        assertEquals("me", event.getQueryStringParameters().get("name"));
        assertEquals("192.168.100.1", event.getRequestContext().getIdentity().getSourceIp());
        assertEquals(Long.valueOf(1428582896000L), event.getRequestContext().getRequestTimeEpoch());
        assertEquals(Boolean.FALSE, event.getIsBase64Encoded());
        JsonObject json = JsonParser.parseString(JsonMapping.GSON.toJson(event)).getAsJsonObject();
        assertEquals(false, json.get("isBase64Encoded").getAsBoolean());
        assertEquals("{\"a\":1}", json.get("body").getAsString());
        assertEquals(event, JsonMapping.GSON.fromJson(json, APIGatewayProxyRequestEvent.class));
    }

    @Test
    public void snsEventUsesCapitalisedNames() {
        String sns = "{\"Records\":[{\"EventSource\":\"aws:sns\",\"EventVersion\":\"1.0\","
                + "\"Sns\":{\"Type\":\"Notification\",\"MessageId\":\"95df01b4\",\"Message\":\"Hello\","
                + "\"Timestamp\":\"2019-01-02T12:45:07.000Z\",\"MessageAttributes\":{\"k\":{\"Type\":\"String\",\"Value\":\"v\"}}}}]}";
        SNSEvent event = JsonMapping.GSON.fromJson(sns, SNSEvent.class);
        assertEquals("Hello", event.getRecords().get(0).getSNS().getMessage());
        assertEquals("v", event.getRecords().get(0).getSNS().getMessageAttributes().get("k").getValue());
        assertEquals(JsonParser.parseString(sns), JsonParser.parseString(JsonMapping.GSON.toJson(event)));
    }

    @Test
    public void sqsEventReadsRecordsAndEventSourceArn() {
        String sqs = "{\"Records\":[{\"messageId\":\"059f36b4\",\"body\":\"test\",\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:my-queue\",\"awsRegion\":\"us-east-1\"}]}";
        SQSEvent event = JsonMapping.GSON.fromJson(sqs, SQSEvent.class);
        assertEquals("arn:aws:sqs:us-east-1:123456789012:my-queue", event.getRecords().get(0).getEventSourceArn());
        assertEquals(JsonParser.parseString(sqs), JsonParser.parseString(JsonMapping.GSON.toJson(event)));
    }

    @Test
    public void eventFieldsAlsoAcceptTheFieldNameOnInput() {
        String lower = "{\"records\":[{\"body\":\"b\",\"eventSourceArn\":\"arn\"}]}";
        SQSEvent event = JsonMapping.GSON.fromJson(lower, SQSEvent.class);
        assertEquals("arn", event.getRecords().get(0).getEventSourceArn());
        ScheduledEvent scheduled = JsonMapping.GSON.fromJson("{\"detailType\":\"x\",\"Source\":\"s\"}",
                ScheduledEvent.class);
        assertEquals("x", scheduled.getDetailType());
        assertEquals("s", scheduled.getSource());
    }
}
