package io.stratus.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BundleIndexTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void buildStepCopiesBundlesAndIndexesThemInStartOrder() throws Exception {
        Path exported = folder.newFolder("export").toPath();
        TestBundles.write(exported, "scr.jar", "org.apache.felix.scr", "2.2.18", Map.of());
        TestBundles.write(exported, "fileinstall.jar", "org.apache.felix.fileinstall", "3.7.4", Map.of());
        TestBundles.write(exported, "b-runtime.jar", "io.stratus.runtime", "1.0.0", Map.of());
        TestBundles.write(exported, "a-aws.jar", "io.stratus.aws", "1.0.0", Map.of());
        TestBundles.write(exported, "zz-configadmin.jar", "org.apache.felix.configadmin;singleton:=true", "1.9.26", Map.of());
        TestBundles.write(exported, "zz-logging.jar", "org.ops4j.pax.logging.pax-logging-api", "2.3.2", Map.of());
        Files.writeString(exported.resolve("README.txt"), "not a bundle");
        Path target = folder.getRoot().toPath().resolve("classes/bundles");

        BundleIndex.main(new String[] {exported.toString(), target.toString()});

        List<BundleIndex.Entry> entries;
        try (var in = Files.newInputStream(target.resolve("index"))) {
            entries = BundleIndex.read(in);
        }
        assertEquals(List.of("zz-logging.jar", "zz-configadmin.jar", "a-aws.jar", "b-runtime.jar", "scr.jar", "fileinstall.jar"),
                entries.stream().map(BundleIndex.Entry::file).toList());
        for (BundleIndex.Entry entry : entries) {
            assertTrue(Files.exists(target.resolve(entry.file())));
            assertEquals(BundleIndex.sha256(exported.resolve(entry.file())), entry.sha256());
        }
        assertEquals("stratus:a-aws.jar", entries.get(2).location());
    }

    @Test
    public void rebuildDropsBundlesNoLongerExported() throws Exception {
        Path exported = folder.newFolder("export").toPath();
        Path target = folder.getRoot().toPath().resolve("bundles");
        TestBundles.write(exported, "old.jar", "old", "1.0.0", Map.of());
        BundleIndex.main(new String[] {exported.toString(), target.toString()});
        Files.delete(exported.resolve("old.jar"));
        TestBundles.write(exported, "new.jar", "new", "1.0.0", Map.of());

        BundleIndex.main(new String[] {exported.toString(), target.toString()});

        assertTrue(Files.exists(target.resolve("new.jar")));
        assertTrue(Files.notExists(target.resolve("old.jar")));
    }

    @Test
    public void emptyExportFailsTheBuild() throws Exception {
        Path exported = folder.newFolder("export").toPath();
        IOException e = assertThrows(IOException.class,
                () -> BundleIndex.main(new String[] {exported.toString(), folder.getRoot().toPath().resolve("t").toString()}));
        assertTrue(e.getMessage(), e.getMessage().startsWith("no bundles in"));
    }

    @Test
    public void plainJarIsRefused() throws Exception {
        Path exported = folder.newFolder("export").toPath();
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(exported.resolve("plain.jar")))) {
            out.putNextEntry(new java.util.zip.ZipEntry("x.txt"));
        }
        assertThrows(RuntimeException.class,
                () -> BundleIndex.main(new String[] {exported.toString(), folder.getRoot().toPath().resolve("t").toString()}));
    }

    @Test
    public void readSkipsCommentsAndBlankLines() throws Exception {
        String sha = "a".repeat(64);
        List<BundleIndex.Entry> entries = read("# header\n\n" + sha + " one.jar\n" + sha + "   two.jar\n");
        assertEquals(List.of(new BundleIndex.Entry(sha, "one.jar"), new BundleIndex.Entry(sha, "two.jar")), entries);
    }

    @Test
    public void malformedLineIsRejected() {
        assertThrows(IOException.class, () -> read("abc one.jar\n"));
        assertThrows(IOException.class, () -> read("a".repeat(64) + "\n"));
    }

    private static List<BundleIndex.Entry> read(String text) throws IOException {
        return BundleIndex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
