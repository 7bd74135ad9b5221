package io.stratus.iam.impl.sigv4;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

/** The buffer writes what {@link String#getBytes} writes as UTF-8, grows, truncates and stays with its thread. */
public class Utf8BufferTest {

    private static byte[] content(Utf8Buffer buffer) {
        return Arrays.copyOf(buffer.bytes(), buffer.length());
    }

    @Test
    public void textIsAppendedAsTheJdkEncodesUtf8() {
        List<String> texts = List.of("", "plain ASCII\n", "caf\u00e9 \u00ff\u0080\u07ff", "\u0800\u20ac\uffff\ufffd",
                "\ud83d\ude00 pair", "lone high \ud83d", "\ud83d", "lone low \ude00 x", "\ud83d\ud83d\ude00",
                "\ude00\ud83d", "mixed a\u00e9\u20ac\ud83d\ude00z");
        for (String text : texts) {
            Utf8Buffer buffer = new Utf8Buffer();
            buffer.append(text);
            assertArrayEquals(text, text.getBytes(StandardCharsets.UTF_8), content(buffer));
        }
    }

    @Test
    public void aRegionIsAppendedAloneEvenWhenItSplitsASurrogatePair() {
        String text = "ab\ud83d\ude00cd";
        Utf8Buffer buffer = new Utf8Buffer();
        buffer.append(text, 1, 3).append('|').append(text, 3, 6);
        // each region encoded on its own: a half pair at a region's edge is '?' as it would be in a substring
        byte[] expected = (text.substring(1, 3) + "|" + text.substring(3, 6)).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, content(buffer));
        assertEquals("b?|?cd", buffer.toString());
    }

    @Test
    public void aNonAsciiCharAppendedAloneIsUtf8Too() {
        Utf8Buffer buffer = new Utf8Buffer();
        buffer.append('a').append('\u00e9').append('\u20ac');
        assertArrayEquals("a\u00e9\u20ac".getBytes(StandardCharsets.UTF_8), content(buffer));
    }

    @Test
    public void theBufferGrowsPastItsFirstSizeKeepingWhatItHolds() {
        StringBuilder expected = new StringBuilder();
        Utf8Buffer buffer = new Utf8Buffer();
        for (int i = 0; i < 3000; i++) {
            String part = i % 3 == 0 ? "\u20ac" : i % 3 == 1 ? "x" : "\u00e9\ud83d\ude00";
            buffer.append(part);
            expected.append(part);
        }
        assertArrayEquals(expected.toString().getBytes(StandardCharsets.UTF_8), content(buffer));
        assertEquals(expected.toString(), buffer.toString());
    }

    @Test
    public void truncationDropsTheTailOnlyWithinTheContent() {
        Utf8Buffer buffer = new Utf8Buffer();
        buffer.append("prefix\n");
        int mark = buffer.length();
        buffer.append("first");
        buffer.truncate(mark);
        buffer.append("second");
        assertEquals("prefix\nsecond", buffer.toString());
        assertEquals("second", buffer.toString(mark, buffer.length()));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.truncate(buffer.length() + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.truncate(-1));
    }

    @Test
    public void hexIsLowerCaseAsSigV4WritesIt() {
        byte[] data = {0, 1, 0x7f, (byte) 0x80, (byte) 0xab, (byte) 0xff, 0x10};
        Utf8Buffer buffer = new Utf8Buffer();
        buffer.append("h=").appendHex(data);
        assertEquals("h=" + SigV4.hex(data), buffer.toString());
        assertEquals("h=00017f80abff10", buffer.toString());
    }

    @Test
    public void eachThreadReusesItsOwnBufferEmptied() throws InterruptedException {
        Utf8Buffer mine = Utf8Buffer.ofThread();
        mine.append("left over");
        Utf8Buffer again = Utf8Buffer.ofThread();
        assertSame(mine, again);
        assertEquals(0, again.length());
        AtomicReference<Utf8Buffer> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(Utf8Buffer.ofThread()));
        thread.start();
        thread.join();
        assertNotSame(mine, other.get());
    }

    @Test
    public void aThreadDoesNotKeepTheHugeArrayOfOneHugeRequest() {
        Utf8Buffer buffer = Utf8Buffer.ofThread();
        buffer.append("x".repeat(200_000));
        byte[] huge = buffer.bytes();
        Utf8Buffer next = Utf8Buffer.ofThread();
        assertSame(buffer, next);
        assertNotSame(huge, next.bytes());
        assertEquals(0, next.length());
        next.append("small");
        assertEquals("small", next.toString());
    }

    @Test
    public void asciiIsCopiedAsItIsFromAnyRegion() {
        String text = "GET\n/a%2Fb?x=1~";
        Utf8Buffer buffer = new Utf8Buffer();
        buffer.appendAscii(text).append('|').appendAscii(text, 4, 9);
        assertEquals(text + "|/a%2F", buffer.toString());
        // in a string that also holds non-ASCII text (stored as UTF-16), an ASCII region copies as well
        String wide = "\u20ac/x-y_z.~";
        Utf8Buffer other = new Utf8Buffer();
        other.appendAscii(wide, 1, wide.length());
        assertEquals("/x-y_z.~", other.toString());
        Utf8Buffer big = new Utf8Buffer();
        String long_ = "0123456789".repeat(500);
        big.append("\u00e9").appendAscii(long_);
        assertEquals("\u00e9" + long_, big.toString());
    }
}
