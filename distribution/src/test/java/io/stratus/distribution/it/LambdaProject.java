package io.stratus.distribution.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * An ordinary Lambda project, as its author would build it without knowing anything of OSGi: a
 * handler using aws-lambda-java-events and Gson 2.10.1 (the platform runs 2.15), compiled with
 * javax.tools, packaged as a shaded jar (everything unpacked into one jar) or as a Lambda ZIP
 * (classes at the root, libraries in {@code lib/}). Its answer says which Gson it sees, whether it
 * sees the platform, its context class loader, and its revision read twice within one invocation
 * (from a class and again from a resource), so a mix of two revisions would show.
 */
final class LambdaProject {

    static final String HANDLER = "shop.Orders";
    static final String GSON_VERSION = "2.10.1";

    private static final String ORDERS = """
            package shop;

            import java.io.InputStream;
            import java.nio.charset.StandardCharsets;
            import java.util.LinkedHashMap;
            import java.util.Map;
            import java.util.Properties;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
            import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
            import com.google.gson.Gson;

            public class Orders implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
                private static final Gson GSON = new Gson();

                @Override
                public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("revisionFromClass", Revision.VALUE);
                    body.put("path", event.getPath());
                    body.put("gson", gsonVersion());
                    body.put("gsonIsOwn", Gson.class.getClassLoader() == Orders.class.getClassLoader());
                    body.put("seesNewerGson", exists("com.google.gson.Strictness"));
                    body.put("seesPlatform", exists("io.stratus.runtime.api.Invoker"));
                    body.put("contextLoaderIsOwn", Thread.currentThread().getContextClassLoader() == Orders.class.getClassLoader());
                    body.put("version", context.getFunctionVersion());
                    if (event.getBody() != null && event.getBody().startsWith("sleep:")) {
                        try {
                            Thread.sleep(Long.parseLong(event.getBody().substring(6)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    body.put("revisionFromResource", Revision.read());
                    return new APIGatewayProxyResponseEvent().withStatusCode(200).withBody(GSON.toJson(body));
                }

                private static String gsonVersion() {
                    try (InputStream in = Gson.class.getClassLoader()
                            .getResourceAsStream("META-INF/maven/com.google.code.gson/gson/pom.properties")) {
                        Properties properties = new Properties();
                        properties.load(in);
                        return properties.getProperty("version");
                    } catch (Exception e) {
                        return "unknown: " + e;
                    }
                }

                private static boolean exists(String name) {
                    try {
                        Class.forName(name, false, Orders.class.getClassLoader());
                        return true;
                    } catch (ClassNotFoundException e) {
                        return false;
                    }
                }
            }
            """;

    private static final String REVISION = """
            package shop;

            import java.io.InputStream;
            import java.nio.charset.StandardCharsets;

            public final class Revision {
                public static final String VALUE = read();

                static String read() {
                    try (InputStream in = Revision.class.getResourceAsStream("/revision.txt")) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    } catch (Exception e) {
                        return "unreadable: " + e;
                    }
                }
            }
            """;

    private final Map<String, byte[]> classes;

    private LambdaProject(Map<String, byte[]> classes) {
        this.classes = classes;
    }

    static Path libraries() {
        return Path.of(StratusTestSupport.required("stratus.lambda.libraries"));
    }

    static Path library(String prefix) throws IOException {
        try (var files = Files.list(libraries())) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(prefix + "* is missing from " + libraries()));
        }
    }

    /** Compiles the handler against the libraries (in a temporary folder under {@code work}). */
    static LambdaProject compile(Path work) throws IOException {
        Path sources = Files.createTempDirectory(work, "lambda-src-");
        Path output = Files.createDirectories(sources.resolve("classes"));
        Path shop = Files.createDirectories(sources.resolve("shop"));
        Files.writeString(shop.resolve("Orders.java"), ORDERS);
        Files.writeString(shop.resolve("Revision.java"), REVISION);
        String classpath = String.join(java.io.File.pathSeparator, library("aws-lambda-java-core").toString(),
                library("aws-lambda-java-events").toString(), library("gson").toString());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = compiler.run(null, null, errors, "--release", "17", "-cp", classpath, "-d", output.toString(),
                shop.resolve("Orders.java").toString(), shop.resolve("Revision.java").toString());
        if (status != 0) {
            throw new IllegalStateException("the Lambda project does not compile: " + errors);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (var files = Files.walk(output)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                classes.put(output.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return new LambdaProject(classes);
    }

    /** A shaded jar: the classes, revision.txt, and every library unpacked into it (core included). */
    byte[] shadedJar(String revision) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: shade\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        entries.putAll(classes);
        entries.put("revision.txt", revision.getBytes(StandardCharsets.UTF_8));
        for (String library : List.of("aws-lambda-java-core", "aws-lambda-java-events", "gson")) {
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(library(library)))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    String name = entry.getName();
                    String upper = name.toUpperCase(Locale.ROOT);
                    if (!entry.isDirectory() && !upper.equals("META-INF/MANIFEST.MF") && !upper.endsWith(".SF")
                            && !upper.endsWith(".RSA") && !upper.endsWith("MODULE-INFO.CLASS")) {
                        entries.putIfAbsent(name, in.readAllBytes());
                    }
                }
            }
        }
        return zip(entries);
    }

    /** A Lambda ZIP: the classes and revision.txt at the root, the libraries as {@code lib/*.jar}. */
    byte[] lambdaZip(String revision) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(classes);
        entries.put("revision.txt", revision.getBytes(StandardCharsets.UTF_8));
        for (String library : List.of("aws-lambda-java-core", "aws-lambda-java-events", "gson")) {
            Path jar = library(library);
            entries.put("lib/" + jar.getFileName(), Files.readAllBytes(jar));
        }
        return zip(entries);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
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

    /** A ZIP that unzips to more than {@code bytes} (zeros compress to almost nothing). */
    static byte[] inflatingTo(long bytes, Map<String, byte[]> besides) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : besides.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("data/zeros.bin"));
            byte[] block = new byte[1 << 20];
            for (long written = 0; written <= bytes; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    Map<String, byte[]> classes() {
        return classes;
    }
}
