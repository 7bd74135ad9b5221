package io.stratus.aws.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class UrlCodecTest {

    @Test
    public void textWithoutEscapesIsReturnedAsItIs() {
        String plain = "/bucket/key-1.txt";
        assertSame(plain, UrlCodec.decodePath(plain));
        assertSame(plain, UrlCodec.decodeForm(plain));
    }

    @Test
    public void decodesEscapesAsUtf8() {
        assertEquals("AKID/20261126/us-east-1/s3/aws4_request",
                UrlCodec.decodeForm("AKID%2F20261126%2Fus-east-1%2fs3%2Faws4_request"));
        assertEquals("caf\u00e9 \u20ac", UrlCodec.decodePath("caf%C3%A9%20%E2%82%AC"));
        assertEquals("\ud83d\ude00", UrlCodec.decodePath("%F0%9F%98%80"));
    }

    @Test
    public void keepsCharactersOutsideAsciiBesideEscapes() {
        assertEquals("caf\u00e9/\ud83d\ude00/\u20ac x", UrlCodec.decodePath("caf\u00e9%2F\ud83d\ude00/\u20ac%20x"));
        // a lone surrogate cannot be UTF-8: it becomes '?' as String.getBytes writes it
        assertEquals("a?b/", UrlCodec.decodePath("a\ud83db%2F"));
    }

    @Test
    public void plusIsSpaceOnlyInForms() {
        assertEquals("a b+c", UrlCodec.decodeForm("a+b%2Bc"));
        assertEquals("a+b+c", UrlCodec.decodePath("a+b%2Bc"));
    }

    @Test
    public void keepsMalformedEscapesAsWritten() {
        assertEquals("100%", UrlCodec.decodePath("100%"));
        assertEquals("%zz/%2", UrlCodec.decodePath("%zz%2F%2"));
        assertEquals("%4", UrlCodec.decodeForm("%4"));
    }

    @Test
    public void parsesFormsInOrderWithRepeatedNames() {
        Map<String, List<String>> form = UrlCodec.parseForm("Action=ListUsers&a=1&&b&a=2+3&c=%3D");
        assertEquals(List.of("Action", "a", "b", "c"), List.copyOf(form.keySet()));
        assertEquals(List.of("1", "2 3"), form.get("a"));
        assertEquals(List.of(""), form.get("b"));
        assertEquals(List.of("="), form.get("c"));
    }

    @Test
    public void decodesPartsToBytesKeepingEscapesThatAreNotUtf8() {
        String raw = "x=caf%C3%A9+%FF\u00e9&";
        assertEquals("[99, 97, 102, -61, -87, 43, -1, -61, -87]",
                java.util.Arrays.toString(UrlCodec.decodeBytes(raw, 2, raw.length() - 1, false)));
        assertEquals("[32]", java.util.Arrays.toString(UrlCodec.decodeBytes("+", 0, 1, true)));
        // an escape cut by the end of the part is kept as written
        assertEquals("[37, 50]", java.util.Arrays.toString(UrlCodec.decodeBytes("%2F", 0, 2, false)));
    }
}
