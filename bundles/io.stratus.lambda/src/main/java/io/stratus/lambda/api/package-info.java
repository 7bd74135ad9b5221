/**
 * What other services ask the Lambda service: whether a function's resource-based policy
 * (AddPermission) lets a service such as S3 or EventBridge invoke it.
 */
@Export
@Version("1.0.0")
package io.stratus.lambda.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
