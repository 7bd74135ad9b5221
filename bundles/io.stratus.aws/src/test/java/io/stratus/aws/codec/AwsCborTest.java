package io.stratus.aws.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.stratus.aws.api.AwsException;

/** Vectors from RFC 8949 Appendix A. */
public class AwsCborTest {

    private static Object decode(String hex) throws AwsException {
        return AwsCbor.decode(HexFormat.of().parseHex(hex), "SerializationException");
    }

    private static String encode(Object value) {
        return HexFormat.of().formatHex(AwsCbor.encode(value));
    }

    @Test
    public void decodesIntegersOfEveryWidth() throws Exception {
        assertEquals(0L, decode("00"));
        assertEquals(23L, decode("17"));
        assertEquals(24L, decode("1818"));
        assertEquals(1000L, decode("1903e8"));
        assertEquals(1000000L, decode("1a000f4240"));
        assertEquals(1000000000000L, decode("1b000000e8d4a51000"));
        assertEquals(-1L, decode("20"));
        assertEquals(-1000L, decode("3903e7"));
    }

    @Test
    public void decodesFloatsOfEveryWidth() throws Exception {
        assertEquals(1.5, decode("f93e00"));
        assertEquals(65504.0, decode("f97bff"));
        assertEquals(100000.0, decode("fa47c35000"));
        assertEquals(1.1, decode("fb3ff199999999999a"));
        assertEquals(-4.0, decode("f9c400"));
    }

    @Test
    public void decodesStringsMapsArraysAndIndefiniteLengths() throws Exception {
        assertEquals("IETF", decode("6449455446"));
        assertEquals("\u00fc", decode("62c3bc"));
        assertEquals(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)), decode("8301820203820405"));
        assertEquals(Map.of("a", 1L, "b", List.of(2L, 3L)), decode("a26161016162820203"));
        assertEquals("streaming", decode("7f657374726561646d696e67ff"));
        assertEquals(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)), decode("9f018202039f0405ffff"));
        assertEquals(Map.of("a", 1L, "b", List.of(2L, 3L)), decode("bf61610161629f0203ffff"));
        assertEquals(Boolean.TRUE, decode("f5"));
        assertEquals(null, decode("f6"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, (byte[]) decode("4401020304"));
    }

    @Test
    public void tagOneIsAnEpochSecondsTimestamp() throws Exception {
        assertEquals(Instant.parse("2013-03-21T20:04:00Z"), decode("c11a514b67b0"));
        assertEquals(Instant.parse("2013-03-21T20:04:00.500Z"), decode("c1fb41d452d9ec200000"));
    }

    @Test
    public void encodesWhatItDecodes() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("Name", "Invocations");
        value.put("Count", 1000000L);
        value.put("Neg", -1000L);
        value.put("Value", 1.1);
        value.put("Flag", true);
        value.put("None", null);
        value.put("When", Instant.parse("2013-03-21T20:04:00.500Z"));
        value.put("List", List.of(1L, "x"));
        assertEquals(value, AwsCbor.decode(AwsCbor.encode(value), "SerializationException"));
        assertEquals("1903e8", encode(1000L));
        assertEquals("3903e7", encode(-1000L));
        assertEquals("fb3ff199999999999a", encode(1.1));
        assertEquals("c1fb41d452d9ec200000", encode(Instant.parse("2013-03-21T20:04:00.500Z")));
    }

    @Test
    public void malformedBodiesAreSerializationErrors() {
        for (String hex : new String[] {"1a000f", "6449", "a1016161", "ff", "0000", "1c", "9f01"}) {
            try {
                decode(hex);
                fail("accepted " + hex);
            } catch (AwsException e) {
                assertEquals("SerializationException", e.code());
                assertEquals(400, e.status());
            }
        }
    }

    @Test
    public void anEmptyBodyIsAnEmptyMap() throws Exception {
        assertEquals(Map.of(), decode(""));
    }
}
