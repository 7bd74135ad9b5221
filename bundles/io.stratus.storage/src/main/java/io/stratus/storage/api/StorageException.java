package io.stratus.storage.api;

/**
 * A refusal of the object store, named with the S3 error code it corresponds to (for example
 * {@code NoSuchBucket}, {@code NoSuchKey}, {@code BucketNotEmpty}) and the HTTP status S3 answers it with.
 */
public class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String NO_SUCH_BUCKET = "NoSuchBucket";
    public static final String NO_SUCH_KEY = "NoSuchKey";
    public static final String NO_SUCH_UPLOAD = "NoSuchUpload";
    public static final String BUCKET_NOT_EMPTY = "BucketNotEmpty";
    public static final String BUCKET_ALREADY_OWNED = "BucketAlreadyOwnedByYou";
    public static final String INVALID_BUCKET_NAME = "InvalidBucketName";
    public static final String KEY_TOO_LONG = "KeyTooLongError";
    public static final String INVALID_ARGUMENT = "InvalidArgument";
    public static final String INVALID_PART = "InvalidPart";
    public static final String INVALID_PART_ORDER = "InvalidPartOrder";
    public static final String ENTITY_TOO_SMALL = "EntityTooSmall";
    public static final String ENTITY_TOO_LARGE = "EntityTooLarge";
    public static final String BAD_DIGEST = "BadDigest";

    private final int status;
    private final String code;

    public StorageException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status S3 gives this error. */
    public int status() {
        return status;
    }

    /** The S3 error code. */
    public String code() {
        return code;
    }
}
