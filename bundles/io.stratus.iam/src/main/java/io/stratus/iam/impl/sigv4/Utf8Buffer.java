package io.stratus.iam.impl.sigv4;

import java.nio.charset.StandardCharsets;

/**
 * Text about to be hashed, appended as UTF-8 bytes exactly as {@link String#getBytes} with UTF-8
 * writes them (an unpaired surrogate as '?'). A verifying thread reuses its own buffer, so the
 * canonical request and the string to sign cost no Strings and no copies.
 */
final class Utf8Buffer {
    private static final int INITIAL = 1024;
    /** A buffer grown past this by one huge request is not kept for the next ones. */
    private static final int KEPT = 64 * 1024;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Utf8Buffer> THREAD = ThreadLocal.withInitial(Utf8Buffer::new);

    private byte[] bytes = new byte[INITIAL];
    private int length;
    /** Room for a SHA-256 digest and an HMAC-SHA256, reused with the buffer. */
    final byte[] digest = new byte[32];
    final byte[] mac = new byte[32];

    /** The calling thread's buffer, emptied. */
    static Utf8Buffer ofThread() {
        Utf8Buffer buffer = THREAD.get();
        if (buffer.bytes.length > KEPT) {
            buffer.bytes = new byte[INITIAL];
        }
        buffer.length = 0;
        return buffer;
    }

    /** The bytes so far are {@code bytes()[0, length())}; the array changes when the buffer grows. */
    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Drops everything after the first {@code length} bytes. */
    void truncate(int length) {
        if (length < 0 || length > this.length) {
            throw new IndexOutOfBoundsException(length);
        }
        this.length = length;
    }

    /** Appends an ASCII character. */
    Utf8Buffer append(char ascii) {
        if (ascii >= 0x80) {
            return append(String.valueOf(ascii));
        }
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    Utf8Buffer append(String text) {
        return append(text, 0, text.length());
    }

    /** Appends {@code text[from, to)} as UTF-8. */
    Utf8Buffer append(String text, int from, int to) {
        ensure(3 * (to - from)); // a char is at most 3 bytes; a surrogate pair, 2 chars, is 4
        byte[] out = bytes;
        int n = length;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xc0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3f);
            } else if (!Character.isSurrogate(c)) {
                out[n++] = (byte) (0xe0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xf0 | code >> 18);
                out[n++] = (byte) (0x80 | code >> 12 & 0x3f);
                out[n++] = (byte) (0x80 | code >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | code & 0x3f);
            } else {
                out[n++] = '?'; // what the JDK's encoder writes for a surrogate without its other half
            }
        }
        length = n;
        return this;
    }

    /**
     * Appends {@code text[from, to)}, which the caller knows to be ASCII (canonical URIs and
     * queries are escaped): a copy of the chars' low bytes, one array copy for a Latin-1 string.
     */
    @SuppressWarnings("deprecation") // the copy of low bytes is exactly right for ASCII, and allocates nothing
    Utf8Buffer appendAscii(String text, int from, int to) {
        ensure(to - from);
        text.getBytes(from, to, bytes, length);
        length += to - from;
        return this;
    }

    Utf8Buffer appendAscii(String text) {
        return appendAscii(text, 0, text.length());
    }

    /** Appends {@code data} in lower-case hex. */
    Utf8Buffer appendHex(byte[] data) {
        ensure(2 * data.length);
        for (byte b : data) {
            bytes[length++] = HEX_DIGITS[(b >> 4) & 0xf];
            bytes[length++] = HEX_DIGITS[b & 0xf];
        }
        return this;
    }

    private void ensure(int more) {
        if (bytes.length - length < more) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }

    /** Bytes {@code [from, to)} as text (for logs). */
    String toString(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return toString(0, length);
    }
}
