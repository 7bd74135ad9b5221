package io.stratus.storage.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Which bucket events invoke which functions (S3 triggers). Implemented by the storage bundle. */
@ProviderType
public interface BucketNotifications {

    /** Every rule sending a bucket's events to a function, configured through S3 or declared by a bundle. */
    List<NotificationInfo> notifications();
}
