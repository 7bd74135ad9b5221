package io.stratus.storage.impl;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.framework.BundleContext;

import io.stratus.aws.api.AwsService;
import io.stratus.aws.impl.AwsFrontDoor;
import io.stratus.lambda.api.FunctionPolicies;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real AWS front door with the S3 API over a {@link FileObjectStore} in a temp folder, on a
 * plain Jetty, and the SDK's S3Client for it (path-style, default checksums).
 */
final class S3Endpoint implements AutoCloseable {

    static final String ACCOUNT = "000000000000";

    /** Records asynchronous invocations; {@code refuse} makes it throw like a missing function. */
    static final class RecordingInvoker implements Invoker {
        final List<InvocationRequest> accepted = new CopyOnWriteArrayList<>();
        volatile boolean refuse;
        private volatile CountDownLatch latch = new CountDownLatch(1);

        @Override
        public InvocationResult invoke(InvocationRequest request) throws FunctionException {
            throw new FunctionException("InvalidRequestContentException", 400, "sync invoke not expected");
        }

        @Override
        public String invokeAsync(InvocationRequest request) throws FunctionException {
            if (refuse) {
                throw new FunctionException("ResourceNotFoundException", 404, "Function not found: " + request.functionName());
            }
            accepted.add(request);
            latch.countDown();
            return "req-" + accepted.size();
        }

        /** Waits until at least {@code count} events were accepted. */
        List<InvocationRequest> await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (accepted.size() < count && System.nanoTime() < deadline) {
                CountDownLatch l = new CountDownLatch(1);
                latch = l;
                if (accepted.size() >= count) {
                    break;
                }
                l.await(100, TimeUnit.MILLISECONDS);
            }
            return new ArrayList<>(accepted);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Path data;
    final FileObjectStore store;
    final RecordingInvoker invoker = new RecordingInvoker();
    final NotificationQueue queue;
    final S3Api api;
    final Map<String, List<NotificationRule>> declared = new HashMap<>();
    private final Server server;
    private final AwsFrontDoor frontDoor;
    final String endpoint;
    /** "function sourceArn" pairs the functions' policies allow (AddPermission for s3.amazonaws.com). */
    final Set<String> permitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final S3Client s3;

    S3Endpoint(long maxObjectSize, long minPartSize) throws Exception {
        this(maxObjectSize, minPartSize, "us-east-1");
    }

    S3Endpoint(long maxObjectSize, long minPartSize, String region) throws Exception {
        data = Files.createTempDirectory("s3-endpoint");
        store = new FileObjectStore(data.resolve("storage"), maxObjectSize, minPartSize, Clock.systemUTC(),
                io.stratus.durable.DurableFiles::syncDirectory);
        queue = new NotificationQueue(data.resolve("storage/events"), invoker, Clock.systemUTC());
        BucketEvents events = new BucketEvents(store, queue, b -> declared.getOrDefault(b, List.of()), region,
                Clock.systemUTC());
        api = new S3Api(store, events, name -> name.equals("transform") || name.equals("other"),
                (function, qualifier, service, sourceArn, account) -> new FunctionPolicies.Decision(
                        service.equals(FunctionPolicies.S3) && permitted.contains(function + " " + sourceArn), "test"),
                region, ACCOUNT);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(S3Endpoint.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return Map.of("stratus.account", ACCOUNT).get(args[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AwsFrontDoor.Config config = (AwsFrontDoor.Config) Proxy.newProxyInstance(S3Endpoint.class.getClassLoader(),
                new Class<?>[] { AwsFrontDoor.Config.class },
                (proxy, m, args) -> m.getName().equals("maxFormBytes") ? 1 << 20 : null);
        frontDoor = new AwsFrontDoor(context, config);
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", 1L);
        properties.put(AwsService.SERVICE, "s3");
        properties.put(AwsService.PROTOCOL, "rest-xml");
        properties.put(AwsService.FALLBACK, true);
        properties.put(AwsService.XML_NAMESPACE, S3Api.NAMESPACE);
        frontDoor.addService(api, properties);
        server = new Server();
        // as the AWS endpoint's Jetty instance: LEGACY URI compliance, so keys with "//" or "%25" reach the service
        org.eclipse.jetty.server.HttpConfiguration http = new org.eclipse.jetty.server.HttpConfiguration();
        http.setUriCompliance(org.eclipse.jetty.http.UriCompliance.LEGACY);
        ServerConnector connector = new ServerConnector(server, new org.eclipse.jetty.server.HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.getServletHandler().setDecodeAmbiguousURIs(true);
        handler.addServlet(new ServletHolder(frontDoor), "/*");
        server.setHandler(handler);
        server.start();
        endpoint = "http://127.0.0.1:" + connector.getLocalPort();
        s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    /** A raw request, for what the SDK will not send. */
    HttpResponse<String> raw(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every file under the data folder, relative, for "nothing changed on disk" checks. */
    List<String> files() throws IOException {
        try (var stream = Files.walk(data)) {
            return stream.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws Exception {
        s3.close();
        server.stop();
        queue.close();
        store.close();
        try (var stream = Files.walk(data)) {
            stream.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
