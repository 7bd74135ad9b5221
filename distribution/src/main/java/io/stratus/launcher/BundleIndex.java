package io.stratus.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The list of platform bundles shipped inside stratus.jar, in start order, each with the SHA-256
 * of its content: {@code bundles/index}, one {@code <sha256> <file name>} per line.
 *
 * <p>The build writes it ({@link #main}) from the folder bnd exported; the launcher reads it at
 * every start and, thanks to the digests, reinstalls a bundle only when its content changed.
 */
public final class BundleIndex {

    static final String RESOURCE_FOLDER = "bundles/";
    static final String INDEX = RESOURCE_FOLDER + "index";

    /** One shipped bundle. */
    record Entry(String sha256, String file) {
        String location() {
            return PlatformBundles.LOCATION_SCHEME + file;
        }
    }

    // logging and configuration come first so every later bundle finds them; SCR starts once all
    // component bundles are active and activates them in one pass; deployed functions come last
    private static final List<String> FIRST = List.of("org.ops4j.pax.logging.pax-logging-api", "org.apache.felix.configadmin");
    private static final List<String> LAST = List.of("org.apache.felix.scr", "org.apache.felix.fileinstall");

    private BundleIndex() {
    }

    static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2 || parts[0].length() != 64) {
                throw new IOException("malformed bundle index line: " + line);
            }
            entries.add(new Entry(parts[0], parts[1]));
        }
        return entries;
    }

    /** Reads the index shipped in the launcher's own jar. */
    static List<Entry> shipped() throws IOException {
        try (InputStream in = BundleIndex.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new IOException(INDEX + " is missing: stratus.jar was not built by the distribution module");
            }
            return read(in);
        }
    }

    /**
     * Build step: copies the bundles of {@code args[0]} into {@code args[1]} (emptied first) and
     * writes the index there.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BundleIndex <exported run bundles folder> <target folder>");
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        List<Path> bundles = startOrder(jars(source));
        if (bundles.isEmpty()) {
            throw new IOException("no bundles in " + source);
        }
        if (Files.isDirectory(target)) {
            for (Path old : jars(target)) {
                Files.delete(old);
            }
        }
        Files.createDirectories(target);
        StringBuilder index = new StringBuilder("# platform bundles in start order: <sha256> <file>\n");
        for (Path bundle : bundles) {
            Files.copy(bundle, target.resolve(bundle.getFileName()));
            index.append(sha256(bundle)).append(' ').append(bundle.getFileName()).append('\n');
        }
        Files.writeString(target.resolve("index"), index, StandardCharsets.UTF_8);
    }

    static List<Path> startOrder(List<Path> bundles) {
        record Named(Path path, String symbolicName) {
        }
        List<Named> named = new ArrayList<>();
        for (Path bundle : bundles) {
            named.add(new Named(bundle, symbolicName(bundle)));
        }
        named.sort(Comparator.comparingInt((Named n) -> rank(n.symbolicName())).thenComparing(n -> n.path().getFileName().toString()));
        return named.stream().map(Named::path).toList();
    }

    private static int rank(String symbolicName) {
        if (FIRST.contains(symbolicName)) {
            return FIRST.indexOf(symbolicName) - FIRST.size();
        }
        if (LAST.contains(symbolicName)) {
            return LAST.indexOf(symbolicName) + 1;
        }
        return 0;
    }

    private static String symbolicName(Path bundle) {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            String name = jar.getManifest() == null ? null
                    : jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IOException(bundle + " is not a bundle (no Bundle-SymbolicName)");
            }
            int directives = name.indexOf(';');
            return (directives < 0 ? name : name.substring(0, directives)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> jars(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
