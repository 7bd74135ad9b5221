/**
 * What function code is rewritten to call instead of {@code System.getenv}, {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt}: the runtime's weaving hook redirects those calls in
 * function bundles to {@link FunctionSystem}, so each function sees its own environment variables
 * and cannot stop the platform. Function authors never call this package themselves.
 */
@Export
@Version("1.0.0")
package io.stratus.runtime.sandbox;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
