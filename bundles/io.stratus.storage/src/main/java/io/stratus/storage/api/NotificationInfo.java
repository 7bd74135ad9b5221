package io.stratus.storage.api;

import java.util.List;

/**
 * One rule sending a bucket's events to a function.
 *
 * @param bucket   the bucket
 * @param id       the rule's configuration id
 * @param function the function's name
 * @param events   event types, e.g. {@code s3:ObjectCreated:*}
 * @param prefix   key prefix filter, empty for none
 * @param suffix   key suffix filter, empty for none
 * @param declared whether a function bundle declares it ({@code @BucketNotification}) rather than the S3 API
 */
public record NotificationInfo(String bucket, String id, String function, List<String> events, String prefix,
        String suffix, boolean declared) {

    public NotificationInfo {
        events = List.copyOf(events);
    }
}
