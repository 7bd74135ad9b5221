package io.stratus.iam.impl.sigv4;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;

import io.stratus.aws.codec.UrlCodec;

/**
 * One pass over a query gives the authentication parameters and the canonical query exactly as
 * the two separate walks did: names decoded to find {@code X-Amz-*} (first value wins), every pair
 * re-encoded and sorted by name then value for the canonical query.
 */
public class QueryPairsTest {

    private static String canonical(String raw, String excluded) {
        Utf8Buffer out = new Utf8Buffer();
        QueryPairs.of(raw).appendCanonical(out, excluded);
        return out.toString();
    }

    @Test
    public void repeatedNamesKeepTheirFirstValueForAuthenticationAndAllValuesForTheQuery() {
        String raw = "X-Amz-Date=20261126T020000Z&b=2&X-Amz-Date=19990101T000000Z&b=1&X-Amz-Expires=60&b=1";
        QueryPairs pairs = QueryPairs.of(raw);
        assertEquals("20261126T020000Z", pairs.date());
        assertEquals("60", pairs.expires());
        assertEquals(6, pairs.size());
        assertEquals("X-Amz-Date=19990101T000000Z&X-Amz-Date=20261126T020000Z&X-Amz-Expires=60&b=1&b=1&b=2",
                canonical(raw, null));
    }

    @Test
    public void emptyValuesNamesWithoutEqualsAndEmptyPairs() {
        String raw = "&&flag&X-Amz-Security-Token=&empty=&X-Amz-Algorithm&=v&&";
        QueryPairs pairs = QueryPairs.of(raw);
        assertEquals(5, pairs.size());
        assertEquals("", pairs.securityToken());
        assertEquals("", pairs.algorithm());
        assertNull(pairs.signature());
        assertEquals("=v&X-Amz-Algorithm=&X-Amz-Security-Token=&empty=&flag=", canonical(raw, null));
        assertEquals(0, QueryPairs.of("").size());
        assertEquals(0, QueryPairs.of(null).size());
        assertEquals("", canonical(null, null));
        assertEquals("", canonical("&&&", "X-Amz-Signature"));
    }

    @Test
    public void escapedNamesAreTheirDecodedSelvesAndValuesAreDecodedWithPlusKept() {
        String raw = "X%2DAmz-Credential=AKID%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&%58-Amz-Signature=ab"
                + "&X-Amz-SignedHeaders=host%3Bx-amz-date&x-amz-date=lower&X-Amz-Date+=plus&X-Amz-Security-Token=a+b%2Bc%FF";
        QueryPairs pairs = QueryPairs.of(raw);
        assertEquals("AKID/20261126/us-east-1/s3/aws4_request", pairs.credential());
        assertEquals("ab", pairs.signature());
        assertEquals("host;x-amz-date", pairs.signedHeaders());
        assertNull("names are case-sensitive and '+' is no space", pairs.date());
        // an escape that is not UTF-8 decodes as the percent decoder decodes it
        assertEquals(SigV4.percentDecode("a+b%2Bc%FF"), pairs.securityToken());
        // the signature is left out by its re-encoded name, however it was escaped
        assertEquals("X-Amz-Credential=AKID%2F20261126%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date%2B=plus"
                + "&X-Amz-Security-Token=a%2Bb%2Bc%FF&X-Amz-SignedHeaders=host%3Bx-amz-date&x-amz-date=lower",
                canonical(raw, "X-Amz-Signature"));
    }

    @Test
    public void sortingIsByNameThenValueByCodePointOfTheEncodedText() {
        // '%' (0x25) sorts before digits and letters, 'Z' before 'a', a prefix before its extensions
        String raw = "a=b&a%20=x&aa=1&Z=9&a=&a=%2A&a=B";
        assertEquals("Z=9&a=&a=%2A&a=B&a=b&a%20=x&aa=1", canonical(raw, null));
    }

    /** The two walks as they were: decoded X-Amz-* names with first values, and re-encoded pairs sorted as Strings. */
    private static Map<String, String> referenceAuth(String raw) {
        Map<String, String> auth = new HashMap<>();
        UrlCodec.forEachPair(raw, (text, start, eq, end) -> {
            String name = SigV4.percentDecode(text.substring(start, eq));
            if (name.startsWith("X-Amz-")) {
                auth.putIfAbsent(name, eq == end ? "" : SigV4.percentDecode(text.substring(eq + 1, end)));
            }
        });
        return auth;
    }

    private static String referenceCanonical(String raw, String excluded) {
        List<String[]> pairs = new ArrayList<>();
        UrlCodec.forEachPair(raw, (text, start, eq, end) -> {
            String name = SigV4.reencode(text, start, eq, true);
            if (!name.equals(excluded)) {
                pairs.add(new String[] {name, eq == end ? "" : SigV4.reencode(text, eq + 1, end, true)});
            }
        });
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> joined = new ArrayList<>();
        for (String[] pair : pairs) {
            joined.add(pair[0] + "=" + pair[1]);
        }
        return String.join("&", joined);
    }

    @Test
    public void randomQueriesGiveWhatTheTwoSeparateWalksGave() {
        String[] pieces = {"X-Amz-", "Algorithm", "Credential", "SignedHeaders", "Signature", "Date", "Expires",
            "Security-Token", "%2D", "%58", "%2F", "%2f", "%41", "%FF", "%E2%82%AC", "%zz", "%", "=", "&", "+", " ",
            "a", "b", "Z", "0", "~", "/", "\u00e9", "\ud83d\ude00", "\ud83d", "-", "."};
        Random random = new Random(6);
        for (int round = 0; round < 5000; round++) {
            StringBuilder raw = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                raw.append(pieces[random.nextInt(pieces.length)]);
            }
            String query = raw.toString();
            QueryPairs pairs = QueryPairs.of(query);
            Map<String, String> auth = referenceAuth(query);
            assertEquals(query, auth.get("X-Amz-Algorithm"), pairs.algorithm());
            assertEquals(query, auth.get("X-Amz-Credential"), pairs.credential());
            assertEquals(query, auth.get("X-Amz-SignedHeaders"), pairs.signedHeaders());
            assertEquals(query, auth.get("X-Amz-Signature"), pairs.signature());
            assertEquals(query, auth.get("X-Amz-Date"), pairs.date());
            assertEquals(query, auth.get("X-Amz-Expires"), pairs.expires());
            assertEquals(query, auth.get("X-Amz-Security-Token"), pairs.securityToken());
            assertEquals(query, referenceCanonical(query, null), canonical(query, null));
            assertEquals(query, referenceCanonical(query, "X-Amz-Signature"), canonical(query, "X-Amz-Signature"));
            assertEquals(query, referenceCanonical(query, "X-Amz-Signature"), SigV4.canonicalQuery(query, "X-Amz-Signature"));
        }
    }

    @Test
    public void manyPairsAreAllKept() {
        StringBuilder raw = new StringBuilder();
        for (int i = 40; i > 0; i--) {
            raw.append("p").append((char) ('A' + i % 26)).append(i).append('=').append(i).append('&');
        }
        String query = raw.toString();
        assertEquals(40, QueryPairs.of(query).size());
        assertEquals(referenceCanonical(query, null), canonical(query, null));
    }

    @Test
    public void valuesDecodeAsThePercentDecoderDecodesThem() {
        for (String raw : List.of("", "plain", "AKID%2F20261126%2Fus-east-1%2Fs3%2Faws4_request", "a+b", "%41%7e%7E", "%2",
                "100%", "%%41", "%zz%2F", "%C3%A9", "%c3%a9", "%FF", "%7F%80", "caf\u00e9%2F", "%F0%9F%98%80", "x%", "%4")) {
            String framed = "n=" + raw + "&";
            assertEquals(raw, SigV4.percentDecode(raw), QueryPairs.decode(framed, 2, 2 + raw.length()));
        }
    }
}
