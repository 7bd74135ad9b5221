package io.stratus.runtime.impl.core;

import java.time.Instant;

/**
 * Where a function's code comes from: in the platform a bundle, in tests any class loader. The host
 * needs nothing else from OSGi.
 */
public interface FunctionCode {

    long bundleId();

    String symbolicName();

    String version();

    /** Loads a class the way the function's code sees it ({@code Bundle.loadClass}). */
    Class<?> loadClass(String name) throws ClassNotFoundException;

    /** The context class loader of the function's threads. */
    ClassLoader classLoader();

    /** Base64 SHA-256 of the code package, as Lambda reports CodeSha256. */
    String codeSha256();

    /** Size of the code package in bytes. */
    long codeSize();

    /** When the code was installed or last updated. */
    Instant lastModified();
}
