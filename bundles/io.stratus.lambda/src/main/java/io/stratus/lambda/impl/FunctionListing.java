package io.stratus.lambda.impl;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;

import io.stratus.aws.api.AwsException;
import io.stratus.runtime.api.FunctionInfo;

/**
 * ListFunctions paging. The marker is opaque to callers; inside it is the name of the last
 * function returned, so a page boundary stays right when functions come and go between calls.
 */
final class FunctionListing {

    static final int DEFAULT_MAX_ITEMS = 50;
    static final int MAX_ITEMS = 10_000;

    /** One page and the marker of the next, or null when this is the last. */
    record Page(List<FunctionInfo> functions, String nextMarker) {
    }

    private FunctionListing() {
    }

    /**
     * @param all      every function, sorted by name
     * @param marker   the previous page's NextMarker, or null for the first page
     * @param maxItems the page size, already validated
     */
    static Page page(List<FunctionInfo> all, String marker, int maxItems) throws AwsException {
        int start = 0;
        if (marker != null) {
            String after = decode(marker);
            while (start < all.size() && all.get(start).name().compareTo(after) <= 0) {
                start++;
            }
        }
        int end = Math.min(all.size(), start + maxItems);
        List<FunctionInfo> page = List.copyOf(all.subList(start, end));
        String next = end < all.size() ? encode(page.get(page.size() - 1).name()) : null;
        return new Page(page, next);
    }

    /** Parses MaxItems (1-10000, default 50). */
    static int maxItems(String parameter) throws AwsException {
        if (parameter == null) {
            return DEFAULT_MAX_ITEMS;
        }
        int value;
        try {
            value = Integer.parseInt(parameter.trim());
        } catch (NumberFormatException e) {
            throw new AwsException(400, "ValidationException", "1 validation error detected: Value '" + parameter
                    + "' at 'maxItems' failed to satisfy constraint: Member must be an integer");
        }
        new Validation().range("maxItems", value, 1, MAX_ITEMS).throwIfAny();
        return value;
    }

    static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) throws AwsException {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(marker);
            String name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty");
            }
            return name;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new AwsException(400, "InvalidParameterValueException",
                    "The marker '" + marker + "' is not valid: pass the NextMarker of the previous ListFunctions answer");
        }
    }
}
