/**
 * What other services ask the Lambda service: whether a function's resource-based policy
 * (AddPermission) lets a service such as S3 or EventBridge invoke it; and what the Lambda service
 * asks of others: the {@link io.stratus.lambda.api.PackageSource} of packages given as S3Bucket/S3Key.
 */
@Export
@Version("1.0.0")
package io.stratus.lambda.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
