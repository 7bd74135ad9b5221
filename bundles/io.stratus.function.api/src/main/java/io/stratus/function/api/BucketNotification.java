package io.stratus.function.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Sends a bucket's object events to the function declared (with {@link Function}) on the same
 * class, as a bucket notification configuration would. bnd turns each use into an
 * {@code io.stratus.bucket.notification} capability; the storage service follows it while the
 * bundle is active, beside the notification configuration set through the S3 API.
 *
 * <pre>
 * &#64;Function(name = "thumbnail")
 * &#64;BucketNotification(bucket = "incoming", events = "s3:ObjectCreated:*", suffix = ".jpg")
 * public class Thumbnail implements RequestHandler&lt;S3Event, String&gt; { ... }
 * </pre>
 */
@Retention(CLASS)
@Target(TYPE)
@Repeatable(BucketNotification.List.class)
@Capability(namespace = BucketNotificationNamespace.NAMESPACE,
        attribute = BucketNotificationNamespace.HANDLER_CLASS + "=${@class}")
public @interface BucketNotification {
    /** The bucket whose events are sent. */
    @Attribute(BucketNotificationNamespace.NAMESPACE)
    String bucket();

    /** Event types: {@code s3:ObjectCreated:*}, {@code s3:ObjectCreated:Put}, {@code s3:ObjectRemoved:*}, ... */
    @Attribute(BucketNotificationNamespace.EVENTS)
    String[] events() default {BucketNotificationNamespace.DEFAULT_EVENT};

    /** Only keys starting with this. */
    @Attribute(BucketNotificationNamespace.PREFIX)
    String prefix() default "";

    /** Only keys ending with this. */
    @Attribute(BucketNotificationNamespace.SUFFIX)
    String suffix() default "";

    /** The configuration id events carry; empty for one derived from the bundle and function. */
    @Attribute(BucketNotificationNamespace.ID)
    String id() default "";

    /** Several notifications on one class. */
    @Retention(CLASS)
    @Target(TYPE)
    @interface List {
        BucketNotification[] value();
    }
}
