package io.stratus.storage.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a writer says about an object besides its bytes.
 *
 * @param contentType  the Content-Type, or null for {@code binary/octet-stream}
 * @param headers      the other standard headers kept with the object ({@link #STANDARD_HEADERS}), by
 *                     their canonical names
 * @param userMetadata {@code x-amz-meta-*} values by lower-case name without the prefix
 */
public record ObjectMetadata(String contentType, Map<String, String> headers, Map<String, String> userMetadata) {

    /** Standard headers an object keeps and returns besides Content-Type. */
    public static final java.util.List<String> STANDARD_HEADERS = java.util.List.of("Cache-Control",
            "Content-Disposition", "Content-Encoding", "Content-Language", "Expires");

    public ObjectMetadata {
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        userMetadata = java.util.Collections.unmodifiableMap(new TreeMap<>(userMetadata == null ? Map.of() : userMetadata));
    }

    public static final ObjectMetadata EMPTY = new ObjectMetadata(null, Map.of(), Map.of());
}
