package io.stratus.monitoring.impl;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Map;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.osgi.framework.BundleContext;

import io.stratus.aws.api.AwsService;
import io.stratus.aws.impl.AwsFrontDoor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The real AWS front door on a plain Jetty, with services added as the whiteboard would. */
final class Endpoint implements AutoCloseable {

    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
            .create(AwsBasicCredentials.create("test", "test"));

    final AwsFrontDoor frontDoor;
    final Server server;
    final URI uri;

    Endpoint() throws Exception {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(Endpoint.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getProperty")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        AwsFrontDoor.Config config = (AwsFrontDoor.Config) Proxy.newProxyInstance(Endpoint.class.getClassLoader(),
                new Class<?>[] {AwsFrontDoor.Config.class},
                (proxy, m, args) -> m.getName().equals("maxFormBytes") ? 1 << 20 : null);
        frontDoor = new AwsFrontDoor(context, config);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(frontDoor), "/*");
        server.setHandler(handler);
        server.start();
        uri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    void add(AwsService service, String... properties) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        map.put("service.id", (long) map.size());
        frontDoor.addService(service, map);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
