package io.stratus.storage.api;

import java.time.Instant;

/**
 * One bucket.
 *
 * @param name         the bucket name (S3 naming rules)
 * @param creationDate when it was created
 */
public record BucketInfo(String name, Instant creationDate) {
}
