/**
 * The object store's service API: buckets, objects with their metadata, listings and multipart
 * uploads, kept durably by the storage bundle. The S3 API, the Web Console and the Lambda API
 * (code from an S3 bucket and key) use it; the storage bundle implements {@link ObjectStore}.
 */
@Export
@Version("1.1.0")
package io.stratus.storage.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
