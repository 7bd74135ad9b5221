package io.stratus.storage.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Called by {@link ObjectStore} writes once every byte was read and before anything becomes
 * visible: a writer's last chance to refuse the content (a digest that does not match).
 */
@FunctionalInterface
@ConsumerType
public interface ContentCheck {

    ContentCheck NONE = (size, md5) -> java.util.Map.of();

    /**
     * @param size the number of bytes read
     * @param md5  their MD5
     * @return checksums to keep with the object (algorithm to base64 value), possibly empty
     * @throws StorageException to refuse the write; nothing is stored
     */
    java.util.Map<String, String> verify(long size, byte[] md5) throws StorageException;
}
