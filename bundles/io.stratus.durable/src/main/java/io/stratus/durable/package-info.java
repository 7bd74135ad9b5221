/**
 * Crash-safe files: a write is either entirely there after a crash or not at all. Shared by every
 * module that keeps state in the data directory.
 */
@Export
@Version("1.0.0")
package io.stratus.durable;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
