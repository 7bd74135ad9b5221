package io.stratus.storage.api;

import java.time.Instant;

/**
 * A multipart upload in progress.
 *
 * @param bucket    target bucket
 * @param key       target key
 * @param uploadId  its id
 * @param initiated when it was created
 * @param metadata  metadata the completed object will have
 */
public record Upload(String bucket, String key, String uploadId, Instant initiated, ObjectMetadata metadata) {
}
