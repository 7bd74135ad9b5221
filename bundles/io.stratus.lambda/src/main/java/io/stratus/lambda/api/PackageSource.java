package io.stratus.lambda.api;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Where CreateFunction and UpdateFunctionCode find a deployment package given as
 * {@code S3Bucket}/{@code S3Key}. Implemented by the object storage; without one, every bucket is
 * unknown to the Lambda service.
 */
@ConsumerType
public interface PackageSource {

    /**
     * The whole object.
     *
     * @param maxBytes the largest package accepted
     * @throws PackageSourceException with S3's error code ({@code NoSuchBucket}, {@code NoSuchKey},
     *                                {@code EntityTooLarge}, ...)
     */
    byte[] read(String bucket, String key, long maxBytes) throws PackageSourceException, IOException;

    /** A package that cannot be read, with the S3 error code that says why. */
    final class PackageSourceException extends Exception {

        private static final long serialVersionUID = 1L;

        private final String code;

        public PackageSourceException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
