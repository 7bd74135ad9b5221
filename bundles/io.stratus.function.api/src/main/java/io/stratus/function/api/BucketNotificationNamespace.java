package io.stratus.function.api;

/**
 * Names of the OSGi capability a function bundle provides for each {@link BucketNotification} it
 * declares. The storage bundle reads it while the bundle is active.
 */
public final class BucketNotificationNamespace {
    /** Capability namespace; its value attribute of the same name is the bucket name. */
    public static final String NAMESPACE = "io.stratus.bucket.notification";
    /** The handler class the annotation is on; the function is the one declared for that class. */
    public static final String HANDLER_CLASS = "handler.class";
    /** Event types, e.g. {@code s3:ObjectCreated:*} (the default when absent). */
    public static final String EVENTS = "events";
    /** Key prefix filter; empty or absent for none. */
    public static final String PREFIX = "prefix";
    /** Key suffix filter; empty or absent for none. */
    public static final String SUFFIX = "suffix";
    /** Configuration id put into the event's {@code s3.configurationId}; generated when absent. */
    public static final String ID = "id";
    /** The event types used when none are given. */
    public static final String DEFAULT_EVENT = "s3:ObjectCreated:*";

    private BucketNotificationNamespace() {
    }
}
