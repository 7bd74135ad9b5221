package io.stratus.deployer.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;
import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.api.FunctionException;

/**
 * Turns a Lambda deployment package (a fat jar, or a ZIP with classes at its root and libraries in
 * {@code lib/}) into a function bundle: the package's own entries, a {@code Bundle-ClassPath} of the
 * root and every {@code lib/*.jar}, imports of exactly the Lambda packages the function API bundle
 * exports and the JDK packages the code refers to (nothing of the platform), and the
 * {@code io.stratus.function} capability declaring the function. bndlib finds what the code refers to.
 */
final class PackageWrapper {

    static final String LAMBDA_PACKAGES = "com.amazonaws.services.lambda.runtime";

    /** What the function's bundle must declare. */
    record Declaration(String name, String handler, int memorySize, int timeout, Map<String, String> environment,
            String role, String description, String version, long revision, String codeSha256, long codeSize) {
    }

    private final Set<String> lambdaPackages;
    private final Set<String> jdkPackages;
    private final long maxUnzippedBytes;

    /**
     * @param lambdaPackages   packages the function API bundle exports (aws-lambda-java-core, -events)
     * @param jdkPackages      packages of the JDK the system bundle exports (javax.*, org.w3c.*, ...)
     * @param maxUnzippedBytes Lambda's limit for the unzipped package
     */
    PackageWrapper(Set<String> lambdaPackages, Set<String> jdkPackages, long maxUnzippedBytes) {
        this.lambdaPackages = Set.copyOf(lambdaPackages);
        this.jdkPackages = Set.copyOf(jdkPackages);
        this.maxUnzippedBytes = maxUnzippedBytes;
    }

    /** The entries of a package, checked: a readable ZIP within the size limit. */
    Map<String, byte[]> read(byte[] zip) throws FunctionException {
        Map<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            byte[] buffer = new byte[64 * 1024];
            while ((entry = in.getNextEntry()) != null) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > maxUnzippedBytes) {
                        throw FunctionException.invalidParameter("Unzipped size must be smaller than "
                                + maxUnzippedBytes + " bytes");
                    }
                    if (!entry.isDirectory()) {
                        content.write(buffer, 0, n);
                    }
                }
                String name = entry.getName();
                if (!entry.isDirectory() && !name.startsWith("/") && !name.contains("..")) {
                    entries.put(name, content.toByteArray());
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            throw unzipError();
        } catch (IOException e) {
            throw unzipError();
        }
        if (entries.isEmpty()) {
            throw unzipError();
        }
        return entries;
    }

    static FunctionException unzipError() {
        return FunctionException.invalidParameter(
                "Could not unzip uploaded file. Please check your file, then try to upload again.");
    }

    /** {@code lib/*.jar} of a Lambda ZIP, in name order. */
    static List<String> libraries(Map<String, byte[]> entries) {
        List<String> libraries = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (name.startsWith("lib/") && name.endsWith(".jar") && name.indexOf('/', 4) < 0) {
                libraries.add(name);
            }
        }
        return libraries;
    }

    /**
     * Checks that the handler class is in the package (at its root or in a library).
     *
     * @throws FunctionException InvalidParameterValueException naming the missing class
     */
    static void requireHandler(Map<String, byte[]> entries, String handler) throws FunctionException {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String resource = className.replace('.', '/') + ".class";
        if (entries.containsKey(resource)) {
            return;
        }
        for (String library : libraries(entries)) {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(entries.get(library)))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (entry.getName().equals(resource)) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw FunctionException.invalidParameter("Library " + library + " of the deployment package is not "
                        + "a readable jar");
            }
        }
        throw FunctionException.invalidParameter("The handler class " + className + " is not in the deployment "
                + "package (looked for " + resource + " at its root and in lib/*.jar)");
    }

    /** The bundle jar for a checked package. */
    byte[] wrap(Map<String, byte[]> entries, Declaration declaration) throws FunctionException {
        List<String> classpath = new ArrayList<>();
        classpath.add(".");
        classpath.addAll(libraries(entries));
        Set<String> imports = imports(entries, classpath);

        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName(declaration.name()));
        main.putValue(Constants.BUNDLE_VERSION, bundleVersion(declaration));
        main.putValue(Constants.BUNDLE_NAME, "Function " + declaration.name()
                + (declaration.version() == null ? "" : " version " + declaration.version()));
        main.putValue(Constants.BUNDLE_CLASSPATH, String.join(",", classpath));
        if (!imports.isEmpty()) {
            main.putValue(Constants.IMPORT_PACKAGE, String.join(",", imports));
        }
        main.putValue(Constants.PROVIDE_CAPABILITY, capability(declaration));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (!ownedByWrapper(entry.getKey())) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new FunctionException("ServiceException", 500, "Cannot write the function bundle: " + e.getMessage());
        }
        return bytes.toByteArray();
    }

    /* The package's own manifest and signatures would describe another jar. */
    private static boolean ownedByWrapper(String name) {
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        return upper.equals("META-INF/MANIFEST.MF") || upper.startsWith("META-INF/") && (upper.endsWith(".SF")
                || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC"));
    }

    /* Referred packages bndlib finds in the root and the libraries, filtered to what the function may see. */
    private Set<String> imports(Map<String, byte[]> entries, List<String> classpath) throws FunctionException {
        Set<String> imports = new TreeSet<>();
        try (Jar jar = new Jar("function"); Analyzer analyzer = new Analyzer()) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                if (entry.getKey().endsWith(".class") || entry.getKey().endsWith(".jar")) {
                    jar.putResource(entry.getKey(), new aQute.bnd.osgi.EmbeddedResource(entry.getValue(), 0L));
                }
            }
            analyzer.setJar(jar);
            analyzer.setProperty(Constants.BUNDLE_CLASSPATH, String.join(",", classpath));
            analyzer.analyze();
            Collection<PackageRef> referred = new LinkedHashSet<>(analyzer.getReferred().keySet());
            for (PackageRef ref : referred) {
                String name = ref.getFQN();
                if (name.startsWith("java.") || name.equals("java")) {
                    continue;
                }
                if (lambdaPackages.contains(name)) {
                    imports.add(name); // the platform's copy, even when the jar carries its own
                } else if (jdkPackages.contains(name) && !analyzer.getContained().containsFQN(name)) {
                    imports.add(name);
                }
            }
        } catch (Exception e) {
            throw FunctionException.invalidParameter("Cannot analyse the deployment package: " + e.getMessage());
        }
        // a handler always sees the Lambda core types, even when it only names them reflectively
        if (lambdaPackages.contains(LAMBDA_PACKAGES)) {
            imports.add(LAMBDA_PACKAGES);
        }
        return imports;
    }

    static String symbolicName(String function) {
        return "stratus.function." + function;
    }

    static String bundleVersion(Declaration declaration) {
        return declaration.version() == null ? "0.0.0.r" + declaration.revision() : declaration.version() + ".0.0";
    }

    /** The capability header; text that may need quoting goes in one-element lists, which Felix unescapes. */
    static String capability(Declaration d) {
        StringBuilder header = new StringBuilder(FunctionNamespace.NAMESPACE);
        header.append(';').append(FunctionNamespace.NAMESPACE).append("=\"").append(d.name()).append('"');
        String handler = d.handler();
        int separator = handler.indexOf("::");
        header.append(';').append(FunctionNamespace.HANDLER_CLASS).append("=\"")
                .append(separator < 0 ? handler : handler.substring(0, separator)).append('"');
        if (separator >= 0) {
            header.append(';').append(FunctionNamespace.HANDLER_METHOD).append("=\"")
                    .append(handler.substring(separator + 2)).append('"');
        }
        header.append(';').append(FunctionNamespace.MEMORY_SIZE).append(":Long=").append(d.memorySize());
        header.append(';').append(FunctionNamespace.TIMEOUT).append(":Long=").append(d.timeout());
        if (!d.environment().isEmpty()) {
            List<String> variables = new ArrayList<>();
            new TreeMap<>(d.environment()).forEach((k, v) -> variables.add(escape(k + "=" + v)));
            header.append(';').append(FunctionNamespace.ENVIRONMENT).append(":List<String>=\"")
                    .append(String.join(",", variables)).append('"');
        }
        if (d.role() != null && !d.role().isEmpty()) {
            header.append(';').append(FunctionNamespace.ROLE).append(":List<String>=\"").append(escape(d.role()))
                    .append('"');
        }
        if (d.description() != null && !d.description().isEmpty()) {
            header.append(';').append(FunctionNamespace.DESCRIPTION).append(":List<String>=\"")
                    .append(escape(d.description())).append('"');
        }
        if (d.version() != null) {
            header.append(';').append(FunctionNamespace.FUNCTION_VERSION).append("=\"").append(d.version()).append('"');
        }
        header.append(';').append(FunctionNamespace.CODE_REVISION).append(":Long=").append(d.revision());
        header.append(';').append(FunctionNamespace.CODE_SHA256).append("=\"").append(d.codeSha256()).append('"');
        header.append(';').append(FunctionNamespace.CODE_SIZE).append(":Long=").append(d.codeSize());
        return header.toString();
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace(",", "\\,");
    }

    /** Whether a text can travel in a manifest header (no line breaks or other control characters). */
    static boolean headerSafe(String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
