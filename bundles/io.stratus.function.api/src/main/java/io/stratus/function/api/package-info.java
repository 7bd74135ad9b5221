/**
 * The function declaration that function bundles compile against. Handlers themselves implement the
 * official {@code com.amazonaws.services.lambda.runtime.RequestHandler} or
 * {@code RequestStreamHandler}, which this bundle exports unchanged.
 */
@Export
@Version("1.1.0")
package io.stratus.function.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
