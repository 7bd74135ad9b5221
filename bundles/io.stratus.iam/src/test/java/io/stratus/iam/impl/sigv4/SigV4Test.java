package io.stratus.iam.impl.sigv4;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.List;
import java.util.Map;

import org.junit.Test;

/**
 * The shortcuts of canonicalization give what the general rules give: paths already normalized,
 * values with nothing to encode or trim, signed headers already sorted.
 */
public class SigV4Test {

    @Test
    public void aNormalizedPathIsTakenAsItIsAndOthersAreNormalized() {
        for (String path : List.of("/", "/a", "/a/", "/a/b.c/d", "/a//b", "//", "/a/./b", "/a/../b", "/.", "/..", "/a/.",
                "/a/..", "/a/b/..", "/.a/..b/...", "/a/.b./", "/../x", "a/b", "/%20a", "/a b/c")) {
            assertEquals(path, SigV4.encode(SigV4.normalize(path), false), SigV4.canonicalUri(path, false));
        }
        String plain = "/2015-03-31/functions/hello/invocations";
        assertSame(plain, SigV4.canonicalUri(plain, false));
        assertEquals("/a/b", SigV4.canonicalUri("/a/./c/../b", false));
        assertEquals("/a%2520b/", SigV4.canonicalUri("/a%20b//", false));
    }

    @Test
    public void canonicalQueryDecodesEncodesAndSortsWithoutTheExcludedName() {
        String raw = "b=2&a=%2F+x&&flag&a=1&X-Amz-Signature=ff&c=%zz&d=%2f%41%7e";
        // names then values by code point, '+' kept as itself and encoded, escapes upper case, unreserved bytes plain
        String canonical = "a=%2F%2Bx&a=1&b=2&c=%25zz&d=%2FA~&flag=";
        assertEquals(canonical, SigV4.canonicalQuery(raw, "X-Amz-Signature"));
        assertEquals("X-Amz-Signature=ff&" + canonical, SigV4.canonicalQuery(raw, null)); // 'X' sorts before 'a'
        assertEquals("", SigV4.canonicalQuery(null, null));
        assertEquals("", SigV4.canonicalQuery("", "X-Amz-Signature"));
    }

    @Test
    public void reencodingKeepsCanonicalTextAndAgreesWithDecodeThenEncode() {
        for (String raw : List.of("", "plain-Text_0.9~", "AKID%2F20261126%2Fus-east-1%2Fs3%2Faws4_request", "a%20b",
                "%2f", "%41", "a+b", "caf%C3%A9", "caf\u00e9", "%E2%82%AC/x", "100%", "%zz", "%2", "a/b", "\ud83d\ude00",
                "%F0%9F%98%80")) {
            for (boolean slash : new boolean[] {true, false}) {
                assertEquals(raw + " " + slash, SigV4.encode(SigV4.percentDecode(raw), slash),
                        SigV4.reencode(raw, 0, raw.length(), slash));
            }
        }
        String sdk = "X-Amz-Credential=AKID%2F20261126%2Fus-east-1%2Fs3%2Faws4_request";
        assertEquals(sdk.substring(17), SigV4.reencode(sdk, 17, sdk.length(), true));
        // bytes that are not UTF-8 stay as they were escaped, whether or not the text was canonical
        assertEquals("%FF", SigV4.reencode("%FF", 0, 3, true));
        assertEquals("%FF", SigV4.reencode("%ff", 0, 3, true));
    }

    @Test
    public void encodingLeavesUnreservedTextAloneAndEscapesTheRestInUpperCase() {
        String plain = "Az09-_.~/x";
        assertSame(plain, SigV4.encode(plain, false));
        assertEquals("Az09-_.~%2Fx", SigV4.encode(plain, true));
        assertEquals("a%20b%3D%C3%A9%E2%82%AC%2A", SigV4.encode("a b=é€*", true));
    }

    @Test
    public void headerValuesAreTrimmedAndTheirWhitespaceRunsJoined() {
        String plain = "application/json; charset=utf-8";
        assertSame(plain, SigV4.trimAll(plain));
        assertEquals("a b c", SigV4.trimAll("  a   b\t\tc \n"));
        assertEquals("a b", SigV4.trimAll("a\tb"));
        assertEquals("", SigV4.trimAll(" \t "));
        assertEquals("", SigV4.trimAll(""));
        assertEquals("x", SigV4.trimAll("x"));
    }

    @Test
    public void canonicalHeadersAreSortedOnceEachWithTheirValuesJoined() {
        Map<String, List<String>> headers = Map.of("host", List.of("example.com"), "x-amz-date", List.of("20150830T123600Z"),
                "my-header", List.of("  a   b ", "c"));
        String expected = "host:example.com\nmy-header:a b,c\nx-amz-date:20150830T123600Z\n";
        assertEquals(expected, SigV4.canonicalHeaders(headers, List.of("host", "my-header", "x-amz-date")));
        assertEquals(expected, SigV4.canonicalHeaders(headers, List.of("x-amz-date", "host", "my-header", "host")));
        assertEquals("absent:\nhost:example.com\n", SigV4.canonicalHeaders(headers, List.of("host", "absent")));
    }

    @Test
    public void canonicalHeadersAppendedAsBytesAreTheUtf8OfTheCanonicalText() {
        Map<String, List<String>> headers = Map.of("host", List.of("example.com"), "x-amz-meta-a", List.of(" caf\u00e9 \t \u20ac "),
                "x-amz-meta-b", List.of("\ud83d\ude00", "  two  values ", ""), "x-amz-meta-c", List.of("lone \ud83d"));
        Map<List<String>, String> cases = Map.of(
                List.of("host"), "host:example.com\n",
                List.of("host", "x-amz-meta-a", "x-amz-meta-b", "x-amz-meta-c"),
                "host:example.com\nx-amz-meta-a:caf\u00e9 \u20ac\nx-amz-meta-b:\ud83d\ude00,two values,\nx-amz-meta-c:lone \ud83d\n",
                List.of("x-amz-meta-c", "host", "x-amz-meta-b", "host", "absent"),
                "absent:\nhost:example.com\nx-amz-meta-b:\ud83d\ude00,two values,\nx-amz-meta-c:lone \ud83d\n");
        cases.forEach((signed, text) -> {
            Utf8Buffer buffer = new Utf8Buffer();
            buffer.append("before\n");
            SigV4.appendCanonicalHeaders(buffer, name -> headers.getOrDefault(name, List.of()), signed);
            byte[] expected = ("before\n" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.junit.Assert.assertArrayEquals(signed.toString(), expected,
                    java.util.Arrays.copyOf(buffer.bytes(), buffer.length()));
        });
    }
}
