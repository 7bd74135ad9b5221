package io.stratus.storage.api;

import java.util.List;

/**
 * One page of a bucket listing, in key order (UTF-8 binary order, as S3).
 *
 * @param objects        the objects of the page
 * @param commonPrefixes keys rolled up at the delimiter, each once
 * @param truncated      whether more follow
 * @param nextMarker     the last key or common prefix of the page, from which the next page starts
 */
public record ObjectListing(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated,
        String nextMarker) {
}
