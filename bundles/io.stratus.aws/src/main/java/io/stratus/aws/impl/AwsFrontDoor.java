package io.stratus.aws.impl;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.api.RequestAuthenticator;
import io.stratus.aws.api.RequestAuthorizer;
import io.stratus.aws.codec.AwsCbor;

/**
 * The AWS endpoint: one servlet on the AWS port's Jetty instance (see {@link AwsHttpInstance})
 * that identifies the target {@link AwsService} as AWS does, authenticates the request and renders
 * every error in the service's protocol.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/*",
        "osgi.http.whiteboard.servlet.name=stratus-aws-endpoint",
        "osgi.http.whiteboard.target=(" + AwsHttpInstance.ENDPOINT_PROPERTY + "=" + AwsHttpInstance.ENDPOINT_AWS + ")" })
@Designate(ocd = AwsFrontDoor.Config.class)
public final class AwsFrontDoor extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AwsFrontDoor.class);

    /** Framework property: the default region. */
    static final String REGION_PROPERTY = "stratus.region";
    /** Framework property: the account id. */
    static final String ACCOUNT_PROPERTY = "stratus.account";

    @ObjectClassDefinition(name = "Stratus AWS endpoint",
            description = "The front door of the AWS-compatible endpoint")
    public @interface Config {
        @AttributeDefinition(name = "Largest form body",
                description = "Largest application/x-www-form-urlencoded (query protocol) request body in bytes; larger ones are answered 413")
        int maxFormBytes() default 1024 * 1024;
    }

    private final String region;
    private final String account;
    private final int maxFormBytes;
    private final transient Object lock = new Object();
    private transient volatile ServiceTable services = ServiceTable.EMPTY;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile RequestAuthenticator authenticator;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile RequestAuthorizer authorizer;

    @Activate
    public AwsFrontDoor(BundleContext context, Config config) {
        this(orDefault(context.getProperty(REGION_PROPERTY), "us-east-1"),
                orDefault(context.getProperty(ACCOUNT_PROPERTY), "000000000000"), config.maxFormBytes());
    }

    AwsFrontDoor(String region, String account, int maxFormBytes) {
        this.region = region;
        this.account = account;
        this.maxFormBytes = maxFormBytes;
    }

    /** Public (like {@link #removeService}) so wire-level tests of services can stand the front door up without OSGi. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeService", updated = "updatedService")
    public void addService(AwsService service, Map<String, Object> properties) {
        ServiceTable.Entry entry;
        try {
            entry = ServiceTable.Entry.of(service, properties);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring AWS service {}: {}", properties.get("service.id"), e.getMessage());
            return;
        }
        synchronized (lock) {
            services = services.with(entry);
        }
        LOG.debug("AWS service {} ({}) bound", entry.signingName(), entry.protocol().id());
    }

    void updatedService(AwsService service, Map<String, Object> properties) {
        synchronized (lock) {
            services = services.without(service);
        }
        addService(service, properties);
    }

    public void removeService(AwsService service) {
        synchronized (lock) {
            services = services.without(service);
        }
    }

    ServiceTable services() {
        return services;
    }

    @Override
    protected void service(HttpServletRequest httpRequest, HttpServletResponse httpResponse) throws IOException {
        ServletAwsRequest request = new ServletAwsRequest(httpRequest, AwsErrors.newRequestId(), region);
        ServletAwsResponse response = new ServletAwsResponse(httpResponse);
        ServiceTable.Found found = services.identify(httpRequest.getHeader("X-Amz-Target"), request.scope(),
                request.rawPath());
        if (found == null || found.match() == ServiceTable.Match.FALLBACK && request.scope() == null
                && request.looksLikeQuery()) {
            // an unsigned query-protocol call (IAM, STS) is not the fallback service's (S3) to answer
            unknownService(request, httpResponse);
            return;
        }
        ServiceTable.Entry entry = found.entry();
        request.protocol(entry.protocolOf(httpRequest.getHeader("X-Amz-Target"),
                request.isForm() && "POST".equals(request.method())));
        AwsErrors.requestIdHeaders(request.protocol(), request.requestId(), httpResponse::setHeader);
        try {
            request.readForm(maxFormBytes);
            AwsPrincipal principal = authenticate(request, entry.signingName());
            request.principal(principal);
            authorize(entry, request, principal);
            entry.service().handle(request, response);
        } catch (AwsException e) {
            fail(request, response, httpResponse, entry, e);
        } catch (IOException e) {
            // the client went away or the body could not be read; nothing sensible to answer
            LOG.debug("I/O error serving {} {}: {}", request.method(), request.rawPath(), e.toString());
            throw e;
        } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
            LOG.error("AWS service {} failed on {} {} (request {})", entry.signingName(), request.method(),
                    request.rawPath(), request.requestId(), e);
            fail(request, response, httpResponse, entry, AwsErrors.internal(request.protocol()));
        }
    }

    private AwsPrincipal authenticate(ServletAwsRequest request, String service) throws AwsException, IOException {
        RequestAuthenticator current = authenticator;
        if (current != null) {
            return current.authenticate(request, service);
        }
        CredentialScope scope = request.scope();
        return new AwsPrincipal(account, "arn:aws:iam::" + account + ":root", account,
                scope == null ? null : scope.accessKeyId());
    }

    /**
     * Asks the authorizer about every access the service states for the request; the root is
     * always allowed, and a service that states nothing is open to the root only.
     */
    private void authorize(ServiceTable.Entry entry, ServletAwsRequest request, AwsPrincipal principal)
            throws AwsException, IOException {
        RequestAuthorizer current = authorizer;
        if (current == null || principal.isRoot()) {
            return;
        }
        List<AccessRequest> accesses = entry.service().access(request);
        if (accesses == null) {
            LOG.info("Access denied to {} on {} {} (request {}): service {} does not state the actions of its requests, "
                    + "so only the account root may call it", principal.arn(), request.method(), request.rawPath(),
                    request.requestId(), entry.signingName());
            throw denied(request.protocol(), "User: " + principal.arn() + " is not authorized to perform this "
                    + entry.signingName() + " operation");
        }
        for (AccessRequest access : accesses) {
            RequestAuthorizer.Decision decision = current.authorize(principal, access, request);
            if (!decision.allowed()) {
                LOG.info("Access denied to {} for {} on {} (request {}): {}", principal.arn(), access.action(),
                        access.resource(), request.requestId(), decision.reason());
                throw denied(request.protocol(), "User: " + principal.arn() + " is not authorized to perform: "
                        + access.action() + " on resource: " + access.resource() + " because " + decision.reason());
            }
        }
    }

    /** AccessDenied as the protocol names it. */
    static AwsException denied(AwsProtocol protocol, String message) {
        boolean json = protocol == AwsProtocol.REST_JSON || protocol == AwsProtocol.JSON_1_0
                || protocol == AwsProtocol.JSON_1_1;
        return new AwsException(403, json ? "AccessDeniedException" : "AccessDenied", message);
    }

    private void fail(ServletAwsRequest request, ServletAwsResponse response, HttpServletResponse httpResponse,
            ServiceTable.Entry entry, AwsException error) throws IOException {
        if (!response.canReplace()) {
            LOG.warn("AWS service {} failed after starting its answer to {} {} (request {}): {} {}",
                    entry.signingName(), request.method(), request.rawPath(), request.requestId(), error.code(),
                    error.getMessage());
            return;
        }
        request.discardUnreadBody();
        // a Smithy RPC v2 CBOR client reads errors in CBOR whatever the service's JSON form is
        boolean cbor = AwsCbor.PROTOCOL.equals(request.header(AwsCbor.PROTOCOL_HEADER));
        AwsErrors.Rendered rendered = cbor
                ? AwsErrors.renderCbor(error, request.requestId(), !"HEAD".equals(request.method()))
                : AwsErrors.render(request.protocol(), error, request.requestId(), entry.xmlNamespace(),
                        !"HEAD".equals(request.method()));
        if (!cbor && entry.acceptsQuery() && request.protocol() != AwsProtocol.QUERY) {
            // a query-compatible service (CloudWatch) names its JSON errors as its query protocol does
            rendered = rendered.withHeader(AwsErrors.QUERY_ERROR, AwsErrors.queryError(error));
        }
        if (request.bodyMayFollow()) {
            rendered = rendered.withHeader("Connection", "close");
        }
        write(httpResponse, rendered);
    }

    private void unknownService(ServletAwsRequest request, HttpServletResponse httpResponse) throws IOException {
        boolean query = request.looksLikeQuery();
        if (query) {
            try {
                request.readForm(maxFormBytes); // only to name the action in the error
            } catch (AwsException tooLarge) {
                // the error below still answers; it just cannot name the action
            }
        }
        String action = request.parameter("Action");
        if (authenticator != null && request.scope() == null) {
            // an unsigned request names no service; AWS refuses it before looking for one
            AwsException error = query
                    ? new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
                    : new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            request.discardUnreadBody();
            write(httpResponse, AwsErrors.render(query ? AwsProtocol.QUERY : AwsProtocol.JSON_1_1, error,
                    request.requestId(), null, !"HEAD".equals(request.method())));
            return;
        }
        String message = query && action != null
                ? "Could not find a service for action " + action
                        + ": sign the request (SigV4) so its credential scope names the service"
                : "Could not find a service for this request: sign it (SigV4) so its credential scope names the service, "
                        + "or send the X-Amz-Target header of a service this endpoint serves";
        AwsException error = new AwsException(400, query ? "InvalidAction" : "UnknownOperationException", message);
        request.discardUnreadBody();
        write(httpResponse, AwsErrors.render(query ? AwsProtocol.QUERY : AwsProtocol.JSON_1_1, error,
                request.requestId(), null, !"HEAD".equals(request.method())));
    }

    private static void write(HttpServletResponse httpResponse, AwsErrors.Rendered rendered) throws IOException {
        httpResponse.reset();
        httpResponse.setStatus(rendered.status());
        rendered.headers().forEach(httpResponse::setHeader);
        httpResponse.setContentType(rendered.contentType());
        httpResponse.setContentLength(rendered.body().length);
        httpResponse.getOutputStream().write(rendered.body());
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
