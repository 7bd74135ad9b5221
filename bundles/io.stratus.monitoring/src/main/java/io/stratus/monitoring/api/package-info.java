/**
 * What the monitoring module knows about functions, for other modules (the Web Console): metrics at
 * one-minute resolution, the log events of a function's log group and the monthly bill. The
 * monitoring bundle implements {@link io.stratus.monitoring.api.Monitoring}; the records are its answers.
 */
@Export
@Version("1.0.0")
package io.stratus.monitoring.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
