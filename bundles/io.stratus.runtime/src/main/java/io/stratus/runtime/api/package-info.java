/**
 * The function runtime's service API: the registry of deployed functions, the {@link Invoker}
 * that runs them, and the {@link InvocationListener} whiteboard that hears about every invocation.
 * {@link FunctionVersions} adds published versions and aliases. The runtime bundle implements the provider types; other modules (Lambda API, gateway, storage
 * notifications, scheduler, monitoring) only use them.
 */
@Export
@Version("1.2.0")
package io.stratus.runtime.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
