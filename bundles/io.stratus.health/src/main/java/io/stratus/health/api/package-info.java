/**
 * Modules report problems that an operator should see on {@code /system/health} by registering a
 * {@link HealthContributor}.
 */
@Export
@Version("1.0.0")
package io.stratus.health.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
