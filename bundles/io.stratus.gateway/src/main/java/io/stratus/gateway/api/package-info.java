/**
 * The HTTP gateway's service API: the routes it serves, where each comes from, and the problems
 * found in their declarations (conflicts, rejected routes). The gateway implements it; the Web
 * Console and tools read it.
 */
@Export
@Version("1.0.0")
package io.stratus.gateway.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
