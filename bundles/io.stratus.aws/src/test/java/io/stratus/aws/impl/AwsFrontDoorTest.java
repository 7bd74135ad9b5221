package io.stratus.aws.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.w3c.dom.Document;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.codec.AwsXml;

public class AwsFrontDoorTest {

    private final AwsFrontDoor frontDoor = new AwsFrontDoor("us-east-1", "123456789012", 64);

    private FakeHttp.Response send(FakeHttp.Request request) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        frontDoor.service(request.servlet(), response.servlet());
        return response;
    }

    private void register(String signingName, String protocol, AwsService service, Object... more) {
        Object[] all = new Object[more.length + 2];
        all[0] = AwsService.PATH_PREFIX;
        all[1] = "/";
        System.arraycopy(more, 0, all, 2, more.length);
        frontDoor.addService(service, RecordingService.properties(1, signingName, protocol, all));
    }

    @Test
    public void withoutAnAuthenticatorTheCallerIsTheAccountRootWithTheScopesAccessKey() throws Exception {
        RecordingService lambda = new RecordingService("lambda");
        register("lambda", "rest-json", lambda);

        send(new FakeHttp.Request("GET", "/x").signedFor("lambda", "eu-central-1"));

        assertEquals(new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:root", "123456789012", "AKIDEXAMPLE"),
                lambda.lastPrincipal);
        assertEquals("eu-central-1", lambda.lastRegion);
    }

    @Test
    public void unsignedRequestsActAsRootWithoutAccessKeyInTheDefaultRegion() throws Exception {
        RecordingService lambda = new RecordingService("lambda");
        register("lambda", "rest-json", lambda);

        send(new FakeHttp.Request("GET", "/x"));

        assertNull(lambda.lastPrincipal.accessKeyId());
        assertEquals("us-east-1", lambda.lastRegion);
    }

    @Test
    public void theAuthenticatorIsAskedWithTheServiceNameAndItsPrincipalReachesTheService() throws Exception {
        RecordingService lambda = new RecordingService("lambda");
        register("lambda", "rest-json", lambda);
        AwsPrincipal alice = new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/alice", "AIDAALICE", "AKIAALICE");
        String[] askedFor = new String[1];
        frontDoor.authenticator = (request, service) -> {
            askedFor[0] = service;
            request.body(1024); // the authenticator reads the body; the service must still see it
            return alice;
        };

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/x").body("payload"));

        assertEquals(200, response.status);
        assertEquals("lambda", askedFor[0]);
        assertEquals(alice, lambda.lastPrincipal);
        assertEquals("payload", new String(lambda.lastBody, StandardCharsets.UTF_8));
    }

    @Test
    public void anAuthenticatorRefusalIsRenderedInTheServicesProtocolAndTheServiceIsNotCalled() throws Exception {
        RecordingService iam = new RecordingService("iam");
        register("iam", "query", iam, AwsService.XML_NAMESPACE, "https://iam.amazonaws.com/doc/2010-05-08/");
        frontDoor.authenticator = (request, service) -> {
            throw new AwsException(403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
        };

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded").body("Action=ListUsers"));

        assertEquals(403, response.status);
        Document xml = AwsXml.parse(response.body.toByteArray(), "x", "x");
        assertEquals("https://iam.amazonaws.com/doc/2010-05-08/", xml.getDocumentElement().getNamespaceURI());
        assertEquals("SignatureDoesNotMatch", xml.getElementsByTagNameNS("*", "Code").item(0).getTextContent());
        assertEquals(0, iam.calls);
    }

    @Test
    public void aJsonServiceThatAlsoTakesQueryGetsFormPostsAsQueryAndItsErrorsInXml() throws Exception {
        RecordingService cloudWatch = new RecordingService("monitoring");
        register("monitoring", "json-1.0", cloudWatch, AwsService.PROTOCOL, List.of("json-1.0", "query"),
                AwsService.TARGET_PREFIX, "GraniteServiceVersion20100801",
                AwsService.XML_NAMESPACE, "http://monitoring.amazonaws.com/doc/2010-08-01/");

        send(new FakeHttp.Request("POST", "/").signedFor("monitoring", "us-east-1")
                .header("Content-Type", "application/x-www-form-urlencoded").body("Action=ListMetrics"));
        assertEquals(AwsProtocol.QUERY, cloudWatch.lastRequest.protocol());
        assertEquals("ListMetrics", cloudWatch.lastRequest.parameter("Action"));

        send(new FakeHttp.Request("POST", "/").signedFor("monitoring", "us-east-1")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .header("Content-Type", "application/x-amz-json-1.0").body("{}"));
        assertEquals(AwsProtocol.JSON_1_0, cloudWatch.lastRequest.protocol());

        frontDoor.authenticator = (request, service) -> {
            throw new AwsException(403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
        };
        FakeHttp.Response refused = send(new FakeHttp.Request("POST", "/").signedFor("monitoring", "us-east-1")
                .header("Content-Type", "application/x-www-form-urlencoded").body("Action=ListMetrics"));
        assertEquals(403, refused.status);
        Document xml = AwsXml.parse(refused.body.toByteArray(), "x", "x");
        assertEquals("http://monitoring.amazonaws.com/doc/2010-08-01/", xml.getDocumentElement().getNamespaceURI());
        assertEquals("SignatureDoesNotMatch", xml.getElementsByTagNameNS("*", "Code").item(0).getTextContent());
        assertNull("query answers carry the code in their XML", refused.headers.get("x-amzn-query-error"));

        // its JSON answers name the query-protocol code in the header the SDKs read for such services
        frontDoor.authenticator = (request, service) ->
                new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/bob", "AIDABOB", "AKIABOB");
        frontDoor.authorizer = (principal, access, request) ->
                io.stratus.aws.api.RequestAuthorizer.Decision.deny("no statement allows " + access.action());
        FakeHttp.Response denied = send(new FakeHttp.Request("POST", "/").signedFor("monitoring", "us-east-1")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")
                .header("Content-Type", "application/x-amz-json-1.0").body("{}"));
        assertEquals(403, denied.status);
        assertEquals("AccessDenied;Sender", denied.headers.get("x-amzn-query-error"));
        assertTrue(denied.body.toString(StandardCharsets.UTF_8), denied.body.toString(StandardCharsets.UTF_8)
                .contains("AccessDeniedException"));
    }

    @Test
    public void onlyTheQueryProtocolMayFollowTheMainOne() {
        try {
            ServiceTable.Entry.of(new RecordingService("x"),
                    RecordingService.properties(1, "x", "json-1.0", AwsService.PROTOCOL, List.of("json-1.0", "rest-xml")));
            org.junit.Assert.fail("json-1.0 + rest-xml accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("rest-xml"));
        }
    }

    @Test
    public void anUnsignedQueryCallIsRefusedInTheQueryShapeNotByTheFallbackService() throws Exception {
        RecordingService s3 = new RecordingService("s3");
        frontDoor.addService(s3, RecordingService.properties(1, "s3", "rest-xml", AwsService.FALLBACK, true));
        frontDoor.authenticator = (request, service) -> {
            throw new AssertionError("an unsigned query call names no service to authenticate for");
        };

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded").body("Action=ListUsers&Version=2010-05-08"));

        assertEquals(403, response.status);
        Document xml = AwsXml.parse(response.body.toByteArray(), "x", "x");
        assertEquals("ErrorResponse", xml.getDocumentElement().getLocalName());
        assertEquals("MissingAuthenticationToken", xml.getElementsByTagNameNS("*", "Code").item(0).getTextContent());
        assertEquals(0, s3.calls);
    }

    @Test
    public void successfulAnswersCarryTheRequestIdHeadersOfTheirProtocol() throws Exception {
        register("lambda", "rest-json", new RecordingService("lambda"));
        FakeHttp.Response json = send(new FakeHttp.Request("GET", "/x"));
        assertNotNull(json.headers.get("x-amzn-RequestId"));
        assertNull(json.headers.get("x-amz-request-id"));

        frontDoor.removeService(frontDoor.services().entries().get(0).service());
        register("s3", "rest-xml", new RecordingService("s3"));
        FakeHttp.Response xml = send(new FakeHttp.Request("GET", "/bucket"));
        assertNotNull(xml.headers.get("x-amz-request-id"));
        assertEquals(AwsErrors.hostId(xml.headers.get("x-amz-request-id")), xml.headers.get("x-amz-id-2"));
    }

    @Test
    public void anAwsExceptionReplacesWhatTheServiceHadSet() throws Exception {
        register("lambda", "rest-json", (request, response) -> {
            response.header("X-Half-Done", "yes");
            throw new AwsException(429, "TooManyRequestsException", "Rate Exceeded.", true,
                    Map.of("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"));
        });

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/x"));

        assertEquals(429, response.status);
        assertNull(response.headers.get("X-Half-Done"));
        assertEquals("TooManyRequestsException", response.headers.get("X-Amzn-ErrorType"));
        JsonObject body = JsonParser.parseString(response.text()).getAsJsonObject();
        assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", body.get("Reason").getAsString());
        assertNotNull(response.headers.get("x-amzn-RequestId"));
    }

    @Test
    public void aBodyLeftUnreadByARefusalIsConsumedSoTheConnectionStaysUsable() throws Exception {
        register("lambda", "rest-json", (request, response) -> {
            throw new AwsException(404, "ResourceNotFoundException", "Function not found: nope");
        });
        FakeHttp.Request put = new FakeHttp.Request("PUT", "/x").body("{\"MaximumRetryAttempts\":1}");

        FakeHttp.Response response = send(put);

        assertEquals(404, response.status);
        assertEquals(put.body.length, put.bytesRead);
        assertNull("the connection stays open", response.headers.get("Connection"));
    }

    @Test
    public void aBodyWaitingFor100ContinueIsNotAskedForJustToBeDropped() throws Exception {
        register("lambda", "rest-json", (request, response) -> {
            throw new AwsException(404, "ResourceNotFoundException", "Function not found: nope");
        });
        FakeHttp.Request put = new FakeHttp.Request("PUT", "/x").header("Expect", "100-continue").body("{}");

        FakeHttp.Response response = send(put);

        assertEquals(404, response.status);
        assertEquals(0, put.bytesRead);
        // the client may send the body after all: it must not be read as the connection's next request
        assertEquals("close", response.headers.get("Connection"));
    }

    @Test
    public void anUnexpectedExceptionIsA500InternalFailureNotAStackTrace() throws Exception {
        register("logs", "json-1.1", (request, response) -> {
            throw new IllegalStateException("secret internals");
        });

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/"));

        assertEquals(500, response.status);
        assertEquals("application/x-amz-json-1.1", response.contentType);
        JsonObject body = JsonParser.parseString(response.text()).getAsJsonObject();
        assertEquals("InternalFailure", body.get("__type").getAsString());
        assertFalse(response.text().contains("secret internals"));
    }

    @Test
    public void anUnexpectedExceptionInAnXmlServiceIsInternalError() throws Exception {
        register("s3", "rest-xml", (request, response) -> {
            throw new NullPointerException();
        });

        FakeHttp.Response response = send(new FakeHttp.Request("GET", "/bucket/key"));

        assertEquals(500, response.status);
        Document xml = AwsXml.parse(response.body.toByteArray(), "x", "x");
        assertEquals("InternalError", AwsXml.childText(xml.getDocumentElement(), "Code"));
    }

    @Test
    public void anErrorAfterTheBodyStartedLeavesTheAnswerAlone() throws Exception {
        register("s3", "rest-xml", (request, response) -> {
            response.bodyStream("application/octet-stream").write("partial".getBytes(StandardCharsets.UTF_8));
            throw new AwsException(500, "InternalError", "disk went away");
        });

        FakeHttp.Response response = send(new FakeHttp.Request("GET", "/bucket/key"));

        assertEquals("partial", response.text());
        assertFalse(response.calls.contains("reset"));
    }

    @Test
    public void aFormBodyBeyondTheLimitIs413InTheQueryShape() throws Exception {
        RecordingService iam = new RecordingService("iam");
        register("iam", "query", iam);

        FakeHttp.Response response = send(new FakeHttp.Request("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreatePolicy&PolicyDocument=" + "x".repeat(100)));

        assertEquals(413, response.status);
        assertTrue(response.text(), response.text().contains("<Code>RequestEntityTooLarge</Code>"));
        assertEquals(0, iam.calls);
    }

    @Test
    public void headErrorsHaveNoBody() throws Exception {
        register("s3", "rest-xml", (request, response) -> {
            throw new AwsException(404, "NoSuchKey", "The specified key does not exist.");
        });

        FakeHttp.Response response = send(new FakeHttp.Request("HEAD", "/bucket/key"));

        assertEquals(404, response.status);
        assertEquals(0, response.body.size());
    }

    @Test
    public void queryServicesSeeFormParametersAfterQueryParameters() throws Exception {
        RecordingService iam = new RecordingService("iam");
        register("iam", "query", iam);

        send(new FakeHttp.Request("POST", "/?Version=2010-05-08")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .body("Action=GetUser&UserName=a+b%2Bc"));

        assertEquals("GetUser", iam.lastRequest.parameter("Action"));
        assertEquals("a b+c", iam.lastRequest.parameter("UserName"));
        assertEquals("2010-05-08", iam.lastRequest.parameter("Version"));
        // the service may still read the body it came in
        assertEquals("Action=GetUser&UserName=a+b%2Bc", new String(iam.lastBody, StandardCharsets.UTF_8));
        assertEquals(new ByteArrayInputStream(iam.lastBody).available(), iam.lastRequest.bodyStream().readAllBytes().length);
    }

    @Test
    public void aCborClientIsDeniedInCborWithTheQueryErrorHeader() throws Exception {
        RecordingService cloudWatch = new RecordingService("monitoring") {
            @Override
            public java.util.List<io.stratus.aws.api.AccessRequest> access(io.stratus.aws.api.AwsRequest request) {
                return java.util.List.of(new io.stratus.aws.api.AccessRequest("cloudwatch:ListMetrics", "*"));
            }
        };
        register("monitoring", "json-1.0", cloudWatch);
        frontDoor.authenticator = (request, service) ->
                new AwsPrincipal("123456789012", "arn:aws:iam::123456789012:user/bob", "AIDABOB", "AKIABOB");
        frontDoor.authorizer = (principal, access, request) ->
                io.stratus.aws.api.RequestAuthorizer.Decision.deny("no statement allows " + access.action());

        FakeHttp.Response response = send(new FakeHttp.Request("POST",
                "/service/GraniteServiceVersion20100801/operation/ListMetrics")
                .header("smithy-protocol", "rpc-v2-cbor").header("Content-Type", "application/cbor")
                .body(io.stratus.aws.codec.AwsCbor.encode(Map.of())));

        assertEquals(403, response.status);
        assertEquals("application/cbor", response.contentType);
        assertEquals("rpc-v2-cbor", response.headers.get("smithy-protocol"));
        // the SDKs take a query-compatible service's error code from this header: AccessDenied, as in the query protocol
        assertEquals("AccessDenied;Sender", response.headers.get("x-amzn-query-error"));
        Map<?, ?> error = (Map<?, ?>) io.stratus.aws.codec.AwsCbor.decode(response.body.toByteArray(), "x");
        assertEquals("AccessDeniedException", error.get("__type"));
        assertTrue(String.valueOf(error.get("message")), String.valueOf(error.get("message"))
                .contains("not authorized to perform: cloudwatch:ListMetrics"));
        assertNull("the service never ran", cloudWatch.lastRequest);

        // the same request in JSON 1.0 is denied in JSON
        FakeHttp.Response json = send(new FakeHttp.Request("POST", "/")
                .header("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics").body("{}"));
        assertEquals(403, json.status);
        assertTrue(json.text(), json.text().contains("\"__type\":\"AccessDeniedException\""));
    }
}
