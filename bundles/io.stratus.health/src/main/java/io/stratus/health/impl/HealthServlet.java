package io.stratus.health.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardTarget;

import com.google.gson.Gson;

import io.stratus.health.api.HealthContributor;
import io.stratus.health.impl.HealthEvaluation.BundleView;
import io.stratus.health.impl.HealthEvaluation.ComponentView;
import io.stratus.health.impl.HealthEvaluation.Finding;
import io.stratus.health.impl.HealthEvaluation.Report;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /system/health} on the gateway port: 200 when every platform bundle is active, every
 * enabled component of those bundles is satisfied and no contributor reports a critical finding;
 * 503 otherwise. Open to anyone, so it names bundles, components and findings but nothing secret.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/system/health")
@HttpWhiteboardTarget("(!(stratus.endpoint=aws))")
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * Framework property: bundles whose location starts with this are platform bundles. The launcher
     * installs what it ships as {@code stratus:<file>}; tests that install from files set it to their
     * folder. Function bundles (deploy/, uploads) never match.
     */
    static final String PLATFORM_LOCATION_PREFIX = "stratus.platform.location.prefix";
    static final String DEFAULT_PLATFORM_LOCATION_PREFIX = "stratus:";

    private static final Gson GSON = new Gson();

    private final transient BundleContext context;
    private final transient ServiceComponentRuntime scr;
    private final String platformPrefix;
    private final transient List<HealthContributor> contributors = new CopyOnWriteArrayList<>();

    @Activate
    public HealthServlet(BundleContext context, @Reference(name = "scr") ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
        String prefix = context.getProperty(PLATFORM_LOCATION_PREFIX);
        this.platformPrefix = prefix == null || prefix.isBlank() ? DEFAULT_PLATFORM_LOCATION_PREFIX : prefix;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContributor(HealthContributor contributor) {
        contributors.add(contributor);
    }

    void removeContributor(HealthContributor contributor) {
        contributors.remove(contributor);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Report report = evaluate();
        response.setStatus(report.up() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(GSON.toJson(report));
    }

    Report evaluate() {
        List<Bundle> platform = platformBundles();
        List<BundleView> bundles = new ArrayList<>();
        for (Bundle bundle : platform) {
            bundles.add(new BundleView(bundle.getSymbolicName(), stateName(bundle.getState()), isFragment(bundle)));
        }
        List<ComponentView> components = new ArrayList<>();
        Collection<ComponentDescriptionDTO> descriptions = scr.getComponentDescriptionDTOs(platform.toArray(new Bundle[0]));
        for (ComponentDescriptionDTO description : descriptions) {
            boolean enabled = scr.isComponentEnabled(description);
            components.add(new ComponentView(description.name, description.bundle.symbolicName, enabled,
                    description.factory != null,
                    enabled ? List.copyOf(scr.getComponentConfigurationDTOs(description)) : List.of()));
        }
        return HealthEvaluation.evaluate(bundles, components, findings());
    }

    private List<Bundle> platformBundles() {
        List<Bundle> platform = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(platformPrefix)) {
                platform.add(bundle);
            }
        }
        return platform;
    }

    private List<Finding> findings() {
        List<Finding> findings = new ArrayList<>();
        for (HealthContributor contributor : contributors) {
            String source = contributor.getClass().getName();
            try {
                source = contributor.name();
                for (HealthContributor.Finding finding : contributor.findings()) {
                    findings.add(new Finding(source, finding.critical(), finding.message()));
                }
            } catch (RuntimeException e) {
                // a contributor that cannot answer cannot vouch for its module
                findings.add(new Finding(source, true, "health contributor failed: " + e));
            }
        }
        return findings;
    }

    private static boolean isFragment(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    static String stateName(int state) {
        switch (state) {
            case Bundle.UNINSTALLED: return "UNINSTALLED";
            case Bundle.INSTALLED: return "INSTALLED";
            case Bundle.RESOLVED: return "RESOLVED";
            case Bundle.STARTING: return "STARTING";
            case Bundle.STOPPING: return "STOPPING";
            case Bundle.ACTIVE: return "ACTIVE";
            default: return "UNKNOWN(" + state + ")";
        }
    }
}
