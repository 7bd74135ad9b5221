package io.stratus.aws.impl;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the AWS endpoint its own Jetty: a factory configuration of Felix HTTP's
 * {@code org.apache.felix.http} ManagedServiceFactory, listening on the AWS port. Felix copies
 * every {@code org.apache.felix.http.runtime.init.*} key (prefix removed) onto that instance's
 * HttpServiceRuntime service, so {@code stratus.endpoint=aws} is what whiteboard servlets target to
 * land on this port ({@code (stratus.endpoint=aws)}) or to avoid it ({@code (!(stratus.endpoint=aws))}).
 */
@Component(immediate = true, service = {})
public final class AwsHttpInstance {
    private static final Logger LOG = LoggerFactory.getLogger(AwsHttpInstance.class);

    static final String FELIX_HTTP_FACTORY_PID = "org.apache.felix.http";
    static final String CONFIGURATION_NAME = "aws";
    static final String ENDPOINT_PROPERTY = "stratus.endpoint";
    static final String ENDPOINT_AWS = "aws";

    static final String PORT = "org.osgi.service.http.port";
    static final String HOST = "org.osgi.service.http.host";
    static final String NAME = "org.apache.felix.http.name";
    static final String RUNTIME_ENDPOINT = "org.apache.felix.http.runtime.init." + ENDPOINT_PROPERTY;
    /** S3 keys may hold encoded slashes and dot segments; Jetty's default compliance would refuse them. */
    static final String URI_COMPLIANCE = "org.eclipse.jetty.UriComplianceMode";

    /** Framework property: the AWS port. */
    static final String PORT_PROPERTY = "stratus.aws.port";
    /** Framework property: the interface the AWS port listens on (all when unset). */
    static final String HOST_PROPERTY = "stratus.aws.host";
    static final int DEFAULT_PORT = 4566;

    @Activate
    public AwsHttpInstance(BundleContext context, @Reference ConfigurationAdmin configurationAdmin) throws IOException {
        Dictionary<String, Object> wanted = wanted(context.getProperty(PORT_PROPERTY), context.getProperty(HOST_PROPERTY));
        Configuration configuration = configurationAdmin.getFactoryConfiguration(FELIX_HTTP_FACTORY_PID,
                CONFIGURATION_NAME, "?");
        if (needsUpdate(configuration.getProperties(), wanted)) {
            LOG.info("AWS endpoint Jetty instance on port {}", wanted.get(PORT));
            configuration.update(wanted);
        }
    }

    /** The configuration the AWS Jetty instance should have. */
    static Dictionary<String, Object> wanted(String portProperty, String hostProperty) {
        int port = DEFAULT_PORT;
        if (portProperty != null && !portProperty.isBlank()) {
            try {
                port = Integer.parseInt(portProperty.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PORT_PROPERTY + " must be a port number, not '" + portProperty + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(PORT_PROPERTY + " must be 0-65535, not " + port);
            }
        }
        Hashtable<String, Object> wanted = new Hashtable<>();
        wanted.put(PORT, port);
        if (hostProperty != null && !hostProperty.isBlank()) {
            wanted.put(HOST, hostProperty.trim());
        }
        wanted.put(NAME, "Stratus AWS endpoint");
        wanted.put(RUNTIME_ENDPOINT, ENDPOINT_AWS);
        wanted.put(URI_COMPLIANCE, "LEGACY");
        return wanted;
    }

    /**
     * Whether the stored configuration differs in anything this component manages; an unchanged one
     * is left alone so a restart does not bounce Jetty.
     */
    static boolean needsUpdate(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        if (current == null) {
            return true;
        }
        for (String key : new String[] { PORT, HOST, NAME, RUNTIME_ENDPOINT, URI_COMPLIANCE }) {
            if (!Objects.equals(text(current.get(key)), text(wanted.get(key)))) {
                return true;
            }
        }
        return false;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }
}
