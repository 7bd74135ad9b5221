package io.stratus.storage.api;

import java.time.Instant;

/**
 * One uploaded part of a multipart upload.
 *
 * @param partNumber   1-10000
 * @param size         bytes
 * @param eTag         MD5 hex of its bytes (no quotes)
 * @param lastModified when it was uploaded
 */
public record PartInfo(int partNumber, long size, String eTag, Instant lastModified) {
}
