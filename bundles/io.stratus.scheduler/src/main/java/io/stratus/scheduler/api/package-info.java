/**
 * The scheduler's service API: scheduled rules (EventBridge's cron and rate rules) and their
 * targets, behind {@link RuleService}. The scheduler bundle implements it on one node; a clustered
 * implementation (one firing per cluster) can replace it without its users noticing. The EventBridge
 * API and the Web Console use only this package.
 */
@Export
@Version("1.0.0")
package io.stratus.scheduler.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
