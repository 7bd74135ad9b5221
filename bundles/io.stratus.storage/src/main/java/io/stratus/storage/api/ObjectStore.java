package io.stratus.storage.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The object store: buckets of objects kept durably. Implemented by the storage bundle; used by
 * the S3 API and by other modules (console, Lambda code from S3).
 *
 * <p>Promises: a write that returned is durable (it survives a crash); readers see an object whole
 * or not at all; the last write to a key wins; reads and listings see every write that returned.
 * Keys are any UTF-8 of 1-1024 bytes and are never used as file names.
 */
@ProviderType
public interface ObjectStore {

    /** Largest key in UTF-8 bytes. */
    int MAX_KEY_BYTES = 1024;

    /** Every bucket, by name. */
    List<BucketInfo> buckets();

    Optional<BucketInfo> bucket(String name);

    /** @throws StorageException InvalidBucketName, BucketAlreadyOwnedByYou */
    BucketInfo createBucket(String name) throws StorageException, IOException;

    /** Deletes an empty bucket and its uploads in progress. @throws StorageException NoSuchBucket, BucketNotEmpty */
    void deleteBucket(String name) throws StorageException, IOException;

    /** A bucket setting kept with the bucket (e.g. its notification configuration), or empty. */
    Optional<String> bucketSetting(String bucket, String name) throws StorageException;

    /** Sets (or with null removes) a bucket setting durably. */
    void putBucketSetting(String bucket, String name, String value) throws StorageException, IOException;

    /**
     * Stores an object, replacing any of the same key, once {@code check} accepts the bytes.
     *
     * @throws StorageException NoSuchBucket, KeyTooLongError, EntityTooLarge, or what {@code check} throws
     */
    ObjectInfo put(String bucket, String key, InputStream content, ObjectMetadata metadata, ContentCheck check)
            throws StorageException, IOException;

    /** The object's description, or empty. @throws StorageException NoSuchBucket */
    Optional<ObjectInfo> head(String bucket, String key) throws StorageException;

    /** Opens the current version of an object. @throws StorageException NoSuchBucket, NoSuchKey */
    ObjectContent open(String bucket, String key) throws StorageException, IOException;

    /** Deletes an object durably; false when there was none. @throws StorageException NoSuchBucket */
    boolean delete(String bucket, String key) throws StorageException, IOException;

    /**
     * Lists keys starting with {@code prefix} after {@code marker}, rolling keys up at the first
     * {@code delimiter} after the prefix.
     *
     * @param marker    start after this key (or this common prefix and everything under it); null for the start
     * @param delimiter null for none
     * @param maxKeys   objects plus common prefixes in the page, 0-1000
     */
    ObjectListing list(String bucket, String prefix, String delimiter, String marker, int maxKeys)
            throws StorageException;

    // ---- multipart uploads

    Upload createUpload(String bucket, String key, ObjectMetadata metadata) throws StorageException, IOException;

    /** Stores (or replaces) one part. @throws StorageException NoSuchUpload, EntityTooLarge */
    PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content,
            ContentCheck check) throws StorageException, IOException;

    /** The parts uploaded so far, by number. */
    List<PartInfo> parts(String bucket, String key, String uploadId) throws StorageException;

    /** Uploads in progress in a bucket, by key then initiation. */
    List<Upload> uploads(String bucket) throws StorageException;

    /**
     * Assembles the listed parts (ascending part numbers, each ETag matching, every part but the
     * last at least {@code minPartSize} bytes) into the object and ends the upload.
     *
     * @param parts part numbers and the ETags the client was given, in the client's order
     * @throws StorageException NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall
     */
    ObjectInfo completeUpload(String bucket, String key, String uploadId, List<PartInfo> parts)
            throws StorageException, IOException;

    /** Ends an upload and removes its parts. @throws StorageException NoSuchUpload */
    void abortUpload(String bucket, String key, String uploadId) throws StorageException, IOException;
}
