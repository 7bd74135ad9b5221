package io.stratus.lambda.impl;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Opens the jar a function bundle was installed from (GetFunction's Code.Location serves it). */
@FunctionalInterface
interface BundleCode {

    InputStream open(long bundleId) throws IOException;

    /** Reads the bundle's location URL; Felix's {@code reference:} prefix points at the file itself. */
    static BundleCode of(BundleContext context) {
        return bundleId -> {
            Bundle bundle = context.getBundle(bundleId);
            if (bundle == null) {
                throw new FileNotFoundException("bundle " + bundleId + " is no longer installed");
            }
            String location = bundle.getLocation();
            String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
            try {
                return URI.create(url).toURL().openStream();
            } catch (IllegalArgumentException e) {
                throw new FileNotFoundException("bundle location " + location + " is not a URL");
            }
        };
    }
}
