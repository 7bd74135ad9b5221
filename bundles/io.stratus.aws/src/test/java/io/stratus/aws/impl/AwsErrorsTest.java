package io.stratus.aws.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.codec.AwsXml;

public class AwsErrorsTest {

    private static final String REQUEST_ID = "6b4e0a9e-0d7b-4b55-a4b5-3a2f5b0c2d11";

    private static JsonObject json(AwsErrors.Rendered rendered) {
        return JsonParser.parseString(new String(rendered.body(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static Element xml(AwsErrors.Rendered rendered) throws AwsException {
        Document document = AwsXml.parse(rendered.body(), "MalformedXML", "bad");
        return document.getDocumentElement();
    }

    @Test
    public void restJsonPutsTheCodeInTheHeaderAndTypeMessageAndExtrasInTheBody() {
        AwsException error = new AwsException(429, "TooManyRequestsException", "Rate Exceeded.", true,
                Map.of("Reason", "ConcurrentInvocationLimitExceeded"));

        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.REST_JSON, error, REQUEST_ID, null, true);

        assertEquals(429, rendered.status());
        assertEquals("TooManyRequestsException", rendered.headers().get("X-Amzn-ErrorType"));
        assertEquals(REQUEST_ID, rendered.headers().get("x-amzn-RequestId"));
        assertEquals("application/json", rendered.contentType());
        JsonObject body = json(rendered);
        assertEquals("User", body.get("Type").getAsString());
        assertEquals("Rate Exceeded.", body.get("message").getAsString());
        assertEquals("ConcurrentInvocationLimitExceeded", body.get("Reason").getAsString());
    }

    @Test
    public void restJsonServerFaultsAreTypeService() {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.REST_JSON,
                new AwsException(500, "ServiceException", "broken"), REQUEST_ID, null, true);

        assertEquals("Service", json(rendered).get("Type").getAsString());
    }

    @Test
    public void json10CarriesTheCodeAsTypeWithItsContentType() {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.JSON_1_0,
                new AwsException(400, "ValidationException", "bad value"), REQUEST_ID, null, true);

        assertEquals(400, rendered.status());
        assertEquals("application/x-amz-json-1.0", rendered.contentType());
        assertEquals("ValidationException", json(rendered).get("__type").getAsString());
        assertEquals("bad value", json(rendered).get("message").getAsString());
        assertEquals(REQUEST_ID, rendered.headers().get("x-amzn-RequestId"));
    }

    @Test
    public void json11CarriesTheCodeAsTypeWithItsContentType() {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.JSON_1_1,
                new AwsException(404, "ResourceNotFoundException", "The specified log group does not exist."),
                REQUEST_ID, null, true);

        assertEquals(404, rendered.status());
        assertEquals("application/x-amz-json-1.1", rendered.contentType());
        assertEquals("ResourceNotFoundException", json(rendered).get("__type").getAsString());
        assertEquals("The specified log group does not exist.", json(rendered).get("message").getAsString());
    }

    @Test
    public void queryIsAnErrorResponseInTheServiceNamespaceWithTheRequestId() throws Exception {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.QUERY,
                new AwsException(404, "NoSuchEntity", "The user with name bob cannot be found."), REQUEST_ID,
                "https://iam.amazonaws.com/doc/2010-05-08/", true);

        assertEquals(404, rendered.status());
        assertEquals("text/xml", rendered.contentType());
        Element root = xml(rendered);
        assertEquals("ErrorResponse", root.getLocalName());
        assertEquals("https://iam.amazonaws.com/doc/2010-05-08/", root.getNamespaceURI());
        Element error = AwsXml.child(root, "Error");
        assertEquals("Sender", AwsXml.childText(error, "Type"));
        assertEquals("NoSuchEntity", AwsXml.childText(error, "Code"));
        assertEquals("The user with name bob cannot be found.", AwsXml.childText(error, "Message"));
        assertEquals(REQUEST_ID, AwsXml.childText(root, "RequestId"));
    }

    @Test
    public void queryServerFaultsAreReceiverAndWithoutNamespaceThereIsNoXmlns() throws Exception {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.QUERY,
                new AwsException(503, "ServiceUnavailable", "later"), REQUEST_ID, null, true);

        Element root = xml(rendered);
        assertNull(root.getNamespaceURI());
        assertEquals("Receiver", AwsXml.childText(AwsXml.child(root, "Error"), "Type"));
    }

    @Test
    public void restXmlIsAnS3ErrorDocumentWithExtrasRequestIdAndHostId() throws Exception {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.REST_XML,
                new AwsException(404, "NoSuchBucket", "The specified bucket does not exist", true,
                        Map.of("BucketName", "photos & <more>")),
                REQUEST_ID, null, true);

        String text = new String(rendered.body(), StandardCharsets.UTF_8);
        assertTrue(text, text.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assertEquals("application/xml", rendered.contentType());
        assertEquals(REQUEST_ID, rendered.headers().get("x-amz-request-id"));
        Element root = xml(rendered);
        assertEquals("Error", root.getTagName());
        assertEquals("NoSuchBucket", AwsXml.childText(root, "Code"));
        assertEquals("The specified bucket does not exist", AwsXml.childText(root, "Message"));
        assertEquals("photos & <more>", AwsXml.childText(root, "BucketName"));
        assertEquals(REQUEST_ID, AwsXml.childText(root, "RequestId"));
        assertEquals(rendered.headers().get("x-amz-id-2"), AwsXml.childText(root, "HostId"));
    }

    @Test
    public void withoutBodyOnlyStatusAndHeadersRemain() {
        AwsErrors.Rendered rendered = AwsErrors.render(AwsProtocol.REST_XML,
                new AwsException(404, "NoSuchKey", "gone"), REQUEST_ID, null, false);

        assertEquals(404, rendered.status());
        assertEquals(0, rendered.body().length);
    }

    @Test
    public void internalErrorsAreNamedPerProtocolFamily() {
        assertEquals("InternalFailure", AwsErrors.internal(AwsProtocol.REST_JSON).code());
        assertEquals("InternalFailure", AwsErrors.internal(AwsProtocol.JSON_1_1).code());
        assertEquals("InternalError", AwsErrors.internal(AwsProtocol.QUERY).code());
        assertEquals("InternalError", AwsErrors.internal(AwsProtocol.REST_XML).code());
        assertEquals(500, AwsErrors.internal(AwsProtocol.REST_XML).status());
    }

    @Test
    public void requestIdsAreDistinctVersion4Uuids() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = AwsErrors.newRequestId();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertEquals(id, uuid.toString());
            assertEquals(4, uuid.version());
            assertEquals(2, uuid.variant());
            assertTrue(id, seen.add(id));
        }
    }

    @Test
    public void hostIdIsStablePerRequestAndOpaque() {
        String hostId = AwsErrors.hostId(REQUEST_ID);
        assertEquals(hostId, AwsErrors.hostId(REQUEST_ID));
        assertEquals(32, java.util.Base64.getDecoder().decode(hostId).length);
        assertTrue(!hostId.equals(AwsErrors.hostId(AwsErrors.newRequestId())));
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(AwsErrors.hostId(AwsErrors.newRequestId())));
        }
    }
}
