package io.stratus.aws.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.Test;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;

public class AwsJsonTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static AwsException malformed(String body, AwsProtocol protocol) {
        try {
            AwsJson.parseObject(bytes(body), protocol);
            fail("accepted " + body);
            return null;
        } catch (AwsException e) {
            assertEquals(400, e.status());
            return e;
        }
    }

    @Test
    public void malformedBodiesAreInvalidRequestContentForRestJson() {
        AwsException error = malformed("{\"MemorySize\": ", AwsProtocol.REST_JSON);

        assertEquals("InvalidRequestContentException", error.code());
        assertTrue(error.getMessage(), error.getMessage().startsWith("Could not parse request body into json: "));
        assertTrue(error.getMessage(), !error.getMessage().contains("https://"));
    }

    @Test
    public void theMessageSaysWhereTheBodyBrokeWithoutGsonAdvice() {
        AwsException error = malformed("{bad", AwsProtocol.REST_JSON);

        assertEquals("Could not parse request body into json: Malformed JSON at line 1 column 3 path $.", error.getMessage());
    }

    @Test
    public void malformedBodiesAreSerializationExceptionsForJsonProtocols() {
        assertEquals("SerializationException", malformed("{nope}", AwsProtocol.JSON_1_1).code());
        assertEquals("SerializationException", malformed("[1,2]", AwsProtocol.JSON_1_0).code());
    }

    @Test
    public void parsingIsStrictWhereGsonWouldBeLenient() {
        for (String lenient : new String[] { "{'a':1}", "{a:1}", "{\"a\":1} trailing", "{\"a\":1};", "{\"a\":NaN}" }) {
            malformed(lenient, AwsProtocol.REST_JSON);
        }
    }

    @Test
    public void anEmptyBodyIsAnEmptyObject() throws Exception {
        assertTrue(AwsJson.parseObject(new byte[0], AwsProtocol.REST_JSON).json().isEmpty());
        assertTrue(AwsJson.parseObject(bytes("  \n"), AwsProtocol.REST_JSON).json().isEmpty());
    }

    @Test
    public void membersAreReadWithTheirTypes() throws Exception {
        JsonBody body = AwsJson.parseObject(bytes(
                "{\"MemorySize\":256,\"Description\":\"d\",\"Publish\":true,\"Environment\":{\"Variables\":{\"A\":\"1\"}},\"Gone\":null}"),
                AwsProtocol.REST_JSON);

        assertEquals(Integer.valueOf(256), body.integer("MemorySize"));
        assertEquals("d", body.string("Description"));
        assertEquals(Boolean.TRUE, body.bool("Publish"));
        assertEquals(Map.of("A", "1"), body.object("Environment").stringMap("Variables"));
        assertNull(body.integer("Timeout"));
        assertNull(body.string("Gone"));
    }

    @Test
    public void aMemberOfTheWrongTypeNamesTheMember() throws Exception {
        JsonBody body = AwsJson.parseObject(bytes(
                "{\"MemorySize\":\"big\",\"Timeout\":1.5,\"Env\":{\"Variables\":{\"A\":1}},\"Huge\":99999999999}"),
                AwsProtocol.REST_JSON);

        for (ThrowingCall call : new ThrowingCall[] { () -> body.integer("MemorySize"), () -> body.integer("Timeout"),
                () -> body.object("Env").stringMap("Variables"), () -> body.integer("Huge"),
                () -> body.string("Timeout").length() }) {
            try {
                call.run();
                fail("accepted a wrong type");
            } catch (AwsException e) {
                assertEquals("InvalidRequestContentException", e.code());
                assertTrue(e.getMessage(), e.getMessage().contains("member '"));
            }
        }
    }

    @Test
    public void requireWellFormedAcceptsAnySingleJsonValue() throws Exception {
        for (String ok : new String[] { "{}", "[]", "\"text\"", "42", "null", "true", " {\"a\":[1,{\"b\":null}]} " }) {
            AwsJson.requireWellFormed(bytes(ok), "InvalidRequestContentException", "prefix");
        }
    }

    @Test
    public void requireWellFormedRefusesEverythingElseWithThePrefix() {
        for (String bad : new String[] { "hello", "{\"a\":}", "{} {}", "'single'", "" }) {
            try {
                AwsJson.requireWellFormed(bytes(bad), "InvalidRequestContentException", "Could not parse payload into json");
                fail("accepted " + bad);
            } catch (AwsException e) {
                assertEquals("InvalidRequestContentException", e.code());
                assertTrue(e.getMessage(), e.getMessage().startsWith("Could not parse payload into json: "));
            }
        }
    }

    @Test
    public void serializationKeepsHtmlCharactersAsTheyAre() {
        assertEquals("{\"a\":\"<b>&'\"}", new String(AwsJson.toBytes(Map.of("a", "<b>&'")), StandardCharsets.UTF_8));
    }

    private interface ThrowingCall {
        void run() throws AwsException;
    }
}
