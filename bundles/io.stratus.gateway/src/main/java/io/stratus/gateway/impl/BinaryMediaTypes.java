package io.stratus.gateway.impl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Which request bodies reach the function base64-encoded ({@code isBase64Encoded: true}): those whose
 * Content-Type matches a configured binary media type ({@code image/png}, {@code image/*},
 * {@code *}{@code /*}), and any body that is not valid UTF-8 text.
 */
final class BinaryMediaTypes {

    private final List<String> types;

    BinaryMediaTypes(List<String> types) {
        this.types = types.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty()).toList();
    }

    boolean binary(String contentType, byte[] body) {
        if (body.length == 0) {
            return false;
        }
        if (contentType != null && matches(contentType)) {
            return true;
        }
        return !utf8(body);
    }

    boolean matches(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        for (String pattern : types) {
            if (pattern.equals("*/*") || pattern.equals(type)) {
                return true;
            }
            if (pattern.endsWith("/*") && type.startsWith(pattern.substring(0, pattern.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean utf8(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        // plain ASCII
        return true;
    }
}
