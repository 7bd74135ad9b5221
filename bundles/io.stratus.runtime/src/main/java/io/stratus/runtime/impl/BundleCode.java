package io.stratus.runtime.impl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

import io.stratus.runtime.impl.core.FunctionCode;

/** A function bundle as the host sees it. The code hash is computed once, when first asked for. */
final class BundleCode implements FunctionCode {

    private final Bundle bundle;
    private final ClassLoader classLoader;
    private volatile String sha256;
    private volatile long size = -1;

    BundleCode(Bundle bundle) {
        this.bundle = bundle;
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        this.classLoader = wiring == null ? null : wiring.getClassLoader();
    }

    @Override
    public long bundleId() {
        return bundle.getBundleId();
    }

    @Override
    public String symbolicName() {
        return bundle.getSymbolicName();
    }

    @Override
    public String version() {
        return bundle.getVersion().toString();
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return bundle.loadClass(name);
    }

    @Override
    public ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public String codeSha256() {
        if (sha256 == null) {
            digest();
        }
        return sha256;
    }

    @Override
    public long codeSize() {
        if (size < 0) {
            digest();
        }
        return size;
    }

    @Override
    public Instant lastModified() {
        return Instant.ofEpochMilli(bundle.getLastModified());
    }

    /* The jar itself when the location names a file (deploy/ and uploads), else the bundle's entries. */
    private synchronized void digest() {
        if (sha256 != null) {
            return;
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            Path jar = jarPath();
            if (jar != null) {
                bytes = copy(Files.newInputStream(jar), digest);
            } else {
                List<URL> entries = new ArrayList<>();
                Enumeration<URL> found = bundle.findEntries("/", "*", true);
                while (found != null && found.hasMoreElements()) {
                    entries.add(found.nextElement());
                }
                entries.sort((a, b) -> a.getPath().compareTo(b.getPath()));
                for (URL entry : entries) {
                    if (!entry.getPath().endsWith("/")) {
                        digest.update(entry.getPath().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        bytes += copy(entry.openStream(), digest);
                    }
                }
            }
            size = bytes;
            sha256 = Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException | NoSuchAlgorithmException | IllegalStateException e) {
            size = 0;
            sha256 = "";
        }
    }

    private Path jarPath() {
        String location = bundle.getLocation();
        if (location.startsWith("reference:")) {
            location = location.substring("reference:".length());
        }
        try {
            Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : null;
            return path != null && Files.isRegularFile(path) ? path : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long copy(InputStream in, MessageDigest digest) throws IOException {
        long total = 0;
        try (InputStream stream = new DigestInputStream(in, digest)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                total += n;
            }
        }
        return total;
    }
}
