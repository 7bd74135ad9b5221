package io.stratus.monitoring.impl.logs;

import java.nio.charset.StandardCharsets;

/** How names and messages are written into file names and stream files (one event per line). */
final class LineCodec {

    private LineCodec() {
    }

    /** A file name for any group or stream name: letters, digits, '.', '_' and '-' kept, the rest %XX of UTF-8. */
    static String fileName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '.' && out.length() > 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        appendEscaped(out, text);
        return out.toString();
    }

    /** Backslash, line feed and carriage return escaped, so a message is one line. */
    static void appendEscaped(StringBuilder out, String text) {
        int plain = 0;
        while (plain < text.length()) {
            char c = text.charAt(plain);
            if (c == '\\' || c == '\n' || c == '\r') {
                break;
            }
            plain++;
        }
        // most messages need no escape: copied at once
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
