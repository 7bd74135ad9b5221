/**
 * What IAM keeps, for readers such as the Web Console: users, roles, managed policies, access keys
 * (never secrets) and the recent denials with their reasons; and the evaluation of resource-based
 * policies ({@link io.stratus.iam.api.ResourcePolicies}) for services that keep them. Implemented by {@code io.stratus.iam};
 * changes go through the IAM API on the AWS endpoint.
 */
@Export
@Version("1.1.0")
package io.stratus.iam.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
