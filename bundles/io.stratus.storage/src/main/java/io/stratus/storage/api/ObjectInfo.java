package io.stratus.storage.api;

import java.time.Instant;
import java.util.Map;

/**
 * One stored object as listed or read.
 *
 * @param bucket       its bucket
 * @param key          its key, exactly as written
 * @param size         length in bytes
 * @param eTag         the entity tag without quotes: the MD5 hex of the bytes, or
 *                     {@code <md5-of-part-md5s>-<parts>} for a multipart upload
 * @param lastModified when it was written (second precision, as S3 reports it)
 * @param metadata     content type, standard headers and user metadata
 * @param partsCount   parts of a multipart upload, 0 for a single PUT
 * @param checksums    checksums given by the writer and verified, by algorithm ({@code CRC32},
 *                     {@code CRC32C}, {@code SHA1}, {@code SHA256}, {@code CRC64NVME}), base64
 */
public record ObjectInfo(String bucket, String key, long size, String eTag, Instant lastModified,
        ObjectMetadata metadata, int partsCount, Map<String, String> checksums) {

    public ObjectInfo {
        checksums = Map.copyOf(checksums == null ? Map.of() : checksums);
    }
}
