package io.stratus.deployer.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Test;

import com.google.gson.Gson;

import io.stratus.runtime.api.FunctionException;

public class PackageWrapperTest {

    private final PackageWrapper wrapper = new PackageWrapper(
            Set.of("com.amazonaws.services.lambda.runtime", "com.amazonaws.services.lambda.runtime.events"),
            Set.of("javax.xml.parsers", "org.w3c.dom", "javax.net.ssl"), 10_000_000);

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            return in.readAllBytes();
        }
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] gsonJar() throws Exception {
        return Files.readAllBytes(Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }

    private static PackageWrapper.Declaration declaration(String version) {
        return new PackageWrapper.Declaration("orders", "fixture.Handler::handleRequest", 256, 10,
                Map.of("GREETING", "a, \"quoted\" \\ value"), "arn:aws:iam::000000000000:role/r", "first, \"best\"",
                version, 3, "c2hh", 1234);
    }

    private static Attributes manifest(byte[] jar) throws IOException {
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            return in.getManifest().getMainAttributes();
        }
    }

    @Test
    public void aLambdaZipBecomesABundleSeeingItsLibrariesAndOnlyTheLambdaAndJdkPackages() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("fixture/Handler.class", classBytes(fixture.Handler.class));
        entries.put("lib/gson.jar", gsonJar());
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes());
        entries.put("META-INF/SIGNER.SF", new byte[] {1});

        Map<String, byte[]> read = wrapper.read(zip(entries));
        PackageWrapper.requireHandler(read, "fixture.Handler::handleRequest");
        Attributes main = manifest(wrapper.wrap(read, declaration(null)));

        assertEquals(".,lib/gson.jar", main.getValue("Bundle-ClassPath"));
        assertEquals("stratus.function.orders", main.getValue("Bundle-SymbolicName"));
        assertEquals("0.0.0.r3", main.getValue("Bundle-Version"));
        List<String> imports = List.of(main.getValue("Import-Package").split(","));
        assertTrue(imports.toString(), imports.contains("com.amazonaws.services.lambda.runtime"));
        assertTrue(imports.toString(), imports.contains("javax.xml.parsers"));
        assertFalse(imports.toString(), imports.stream().anyMatch(p -> p.startsWith("com.google.gson")));
        assertFalse("not referred, so not imported: " + imports, imports.contains("javax.net.ssl"));
        String capability = main.getValue("Provide-Capability");
        assertTrue(capability, capability.startsWith("io.stratus.function;io.stratus.function=\"orders\""));
        assertTrue(capability, capability.contains("handler.method=\"handleRequest\""));
        assertTrue(capability, capability.contains("environment:List<String>=\"GREETING=a\\, \\\"quoted\\\" \\\\ value\""));
        assertTrue(capability, capability.contains("code.revision:Long=3"));
        assertFalse(capability, capability.contains("function.version"));
    }

    @Test
    public void aPublishedVersionIsItsOwnBundleVersion() throws Exception {
        Map<String, byte[]> entries = Map.of("fixture/Handler.class", classBytes(fixture.Handler.class));
        Attributes main = manifest(wrapper.wrap(wrapper.read(zip(entries)), declaration("4")));
        assertEquals("4.0.0", main.getValue("Bundle-Version"));
        assertTrue(main.getValue("Provide-Capability").contains("function.version=\"4\""));
    }

    @Test
    public void somethingElseThanAZipIsRefused() {
        for (byte[] bad : new byte[][] {"plain text".getBytes(), new byte[0], {0x50, 0x4b, 3, 4, 9, 9}}) {
            try {
                wrapper.read(bad);
                fail("accepted");
            } catch (FunctionException e) {
                assertEquals("InvalidParameterValueException", e.code());
                assertEquals("Could not unzip uploaded file. Please check your file, then try to upload again.",
                        e.getMessage());
            }
        }
    }

    @Test
    public void aPackageUnzippingPastTheLimitIsRefused() throws Exception {
        byte[] zeros = zip(Map.of("big.bin", new byte[10_000_001]));
        try {
            wrapper.read(zeros);
            fail("accepted");
        } catch (FunctionException e) {
            assertEquals("InvalidParameterValueException", e.code());
            assertEquals("Unzipped size must be smaller than 10000000 bytes", e.getMessage());
        }
    }

    @Test
    public void aHandlerClassMissingFromRootAndLibrariesIsRefused() throws Exception {
        Map<String, byte[]> entries = wrapper.read(zip(Map.of("fixture/Handler.class", classBytes(fixture.Handler.class),
                "lib/gson.jar", gsonJar())));
        PackageWrapper.requireHandler(entries, "com.google.gson.Gson");
        try {
            PackageWrapper.requireHandler(entries, "fixture.Missing::run");
            fail("accepted");
        } catch (FunctionException e) {
            assertEquals("InvalidParameterValueException", e.code());
            assertTrue(e.getMessage(), e.getMessage().contains("fixture.Missing"));
        }
    }
}
