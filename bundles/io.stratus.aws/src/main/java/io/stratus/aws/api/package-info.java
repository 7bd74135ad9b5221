/**
 * The AWS endpoint's service API. Each Stratus service (Lambda, S3, EventBridge, IAM, STS,
 * CloudWatch, Logs) registers an {@link AwsService} whiteboard service; the front door in
 * {@code io.stratus.aws} identifies the target service of each request on the AWS port the way
 * AWS does, authenticates it through the {@link RequestAuthenticator} and renders any
 * {@link AwsException} in the service's protocol.
 */
@Export
@Version("1.3.0")
package io.stratus.aws.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
