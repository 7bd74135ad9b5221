package io.stratus.aws.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsService;

public class ServiceIdentificationTest {

    private final AwsFrontDoor frontDoor = new AwsFrontDoor("us-east-1", "000000000000", 1024);
    private final RecordingService lambda = new RecordingService("lambda");
    private final RecordingService events = new RecordingService("events");
    private final RecordingService logs = new RecordingService("logs");
    private final RecordingService s3 = new RecordingService("s3");
    private final RecordingService iam = new RecordingService("iam");

    @Before
    public void registerServices() {
        frontDoor.addService(lambda, RecordingService.properties(1, "lambda", "rest-json", AwsService.PATH_PREFIX,
                List.of("/2015-03-31/", "/2017-10-31/")));
        frontDoor.addService(events, RecordingService.properties(2, "events", "json-1.1",
                AwsService.TARGET_PREFIX, "AWSEvents"));
        frontDoor.addService(logs, RecordingService.properties(3, "logs", "json-1.1",
                AwsService.TARGET_PREFIX, "Logs_20140328"));
        frontDoor.addService(s3, RecordingService.properties(4, "s3", "rest-xml", AwsService.FALLBACK, true));
        frontDoor.addService(iam, RecordingService.properties(5, "iam", "query",
                AwsService.XML_NAMESPACE, "https://iam.amazonaws.com/doc/2010-05-08/"));
    }

    private FakeHttp.Response send(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        frontDoor.service(request.servlet(), response.servlet());
        return response;
    }

    @Test
    public void targetPrefixIsThePartBeforeTheLastDot() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("X-Amz-Target", "Logs_20140328.PutLogEvents").body("{}"));

        assertEquals("served-by:logs", response.text());
        assertEquals("PutLogEvents", logs.lastRequest.target());
    }

    @Test
    public void targetPrefixWinsOverCredentialScopeAndPath() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/2015-03-31/functions/")
                .header("X-Amz-Target", "AWSEvents.PutRule").signedFor("lambda", "eu-west-1"));

        assertEquals("served-by:events", response.text());
    }

    @Test
    public void unknownTargetPrefixFallsThroughToTheCredentialScope() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("X-Amz-Target", "DynamoDB_20120810.GetItem").signedFor("events", "us-east-1"));

        assertEquals("served-by:events", response.text());
    }

    @Test
    public void credentialScopeServiceWinsOverPath() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("GET", "/2015-03-31/functions/")
                .signedFor("s3", "us-east-1"));

        assertEquals("served-by:s3", response.text());
    }

    @Test
    public void presignedCredentialInTheQueryNamesTheService() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("GET",
                "/?X-Amz-Credential=AKID%2F20260101%2Fap-south-1%2Fiam%2Faws4_request&Action=ListUsers"));

        assertEquals("served-by:iam", response.text());
        assertEquals("ap-south-1", iam.lastRegion);
    }

    @Test
    public void pathPrefixIdentifiesUnsignedRequests() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("GET", "/2017-10-31/functions/f/concurrency"));

        assertEquals("served-by:lambda", response.text());
    }

    @Test
    public void longestPathPrefixWins() throws Exception {
        RecordingService special = new RecordingService("special");
        frontDoor.addService(special, RecordingService.properties(9, "special", "rest-json",
                AwsService.PATH_PREFIX, "/2015-03-31/functions/special/"));

        assertEquals("served-by:special", send(new FakeHttp.Request("GET", "/2015-03-31/functions/special/x")).text());
        assertEquals("served-by:lambda", send(new FakeHttp.Request("GET", "/2015-03-31/functions/other")).text());
    }

    @Test
    public void unclaimedRequestsGoToTheFallbackService() throws Exception {
        FakeHttp.Response response = send(new FakeHttp.Request("PUT", "/my-bucket/key.txt").body("data"));

        assertEquals("served-by:s3", response.text());
        assertEquals("data", new String(s3.lastBody));
    }

    @Test
    public void withoutAnyClaimTheAnswerIsUnknownOperationAsJson() throws Exception {
        frontDoor.removeService(s3);

        FakeHttp.Response response = send(new FakeHttp.Request("GET", "/nowhere").header("X-Amz-Target", "Nope.Op"));

        assertEquals(400, response.status);
        JsonObject json = JsonParser.parseString(response.text()).getAsJsonObject();
        assertEquals("UnknownOperationException", json.get("__type").getAsString());
        assertTrue(json.get("message").getAsString().contains("Could not find a service"));
        assertTrue(response.headers.containsKey("x-amzn-RequestId"));
    }

    @Test
    public void withoutAnyClaimAQueryRequestGetsAnXmlError() throws Exception {
        frontDoor.removeService(s3);

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body("Action=ListWidgets&Version=2010-05-08"));

        assertEquals(400, response.status);
        assertEquals("text/xml", response.contentType);
        assertTrue(response.text(), response.text().contains("<Code>InvalidAction</Code>"));
        assertTrue(response.text(), response.text().contains("ListWidgets"));
    }

    @Test
    public void higherRankingWinsAndUnbindingRestoresTheOther() throws Exception {
        RecordingService lambda2 = new RecordingService("lambda2");
        frontDoor.addService(lambda2, RecordingService.properties(10, "lambda", "rest-json",
                AwsService.PATH_PREFIX, "/2015-03-31/", "service.ranking", 5));

        assertEquals("served-by:lambda2", send(new FakeHttp.Request("GET", "/2015-03-31/functions/")).text());

        frontDoor.removeService(lambda2);

        assertEquals("served-by:lambda", send(new FakeHttp.Request("GET", "/2015-03-31/functions/")).text());
    }

    @Test
    public void updatedPropertiesReplaceTheOldClaims() throws Exception {
        frontDoor.updatedService(events, RecordingService.properties(2, "events", "json-1.1",
                AwsService.TARGET_PREFIX, "AWSEventsV2"));

        assertEquals("served-by:events",
                send(new FakeHttp.Request("POST", "/").header("X-Amz-Target", "AWSEventsV2.PutRule")).text());
        assertEquals("served-by:s3",
                send(new FakeHttp.Request("POST", "/").header("X-Amz-Target", "AWSEvents.PutRule")).text());
    }

    @Test
    public void aServiceWithAnUnknownProtocolIsIgnored() {
        int before = frontDoor.services().entries().size();

        frontDoor.addService(new RecordingService("bad"), RecordingService.properties(11, "bad", "soap"));

        assertEquals(before, frontDoor.services().entries().size());
    }

    @Test
    public void identifyReportsHowTheServiceWasFound() {
        ServiceTable table = frontDoor.services();

        assertEquals(ServiceTable.Match.TARGET, table.identify("AWSEvents.PutRule", null, "/").match());
        assertEquals(ServiceTable.Match.CREDENTIAL_SCOPE,
                table.identify(null, CredentialScope.parse("AKID/20260101/us-east-1/logs/aws4_request"), "/").match());
        assertEquals(ServiceTable.Match.PATH, table.identify(null, null, "/2015-03-31/functions/").match());
        assertEquals(ServiceTable.Match.FALLBACK, table.identify(null, null, "/bucket").match());
        frontDoor.removeService(s3);
        assertNull(frontDoor.services().identify(null, null, "/bucket"));
    }
}
