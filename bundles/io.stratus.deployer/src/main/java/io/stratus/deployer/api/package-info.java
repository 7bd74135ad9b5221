/**
 * Code uploaded as Lambda users upload it: plain jars and Lambda ZIPs, stored in the data directory,
 * wrapped into function bundles, versioned and replaced without dropping an invocation. The deployer
 * bundle implements {@link CodeDeployer}; the Lambda API uses it.
 */
@Export
@Version("1.0.0")
package io.stratus.deployer.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
