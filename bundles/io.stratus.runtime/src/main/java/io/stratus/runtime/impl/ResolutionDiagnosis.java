package io.stratus.runtime.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;

/** Says why a bundle does not resolve, in the resolver's terms (missing requirements). */
final class ResolutionDiagnosis {

    private ResolutionDiagnosis() {
    }

    /**
     * The requirements of an unresolved bundle that nothing installed can satisfy, as a reason; null
     * when every requirement has a candidate (the framework resolves it when it is started).
     * Read-only on purpose: see {@code FunctionExtender#diagnose}.
     */
    static String explain(BundleContext context, Bundle bundle) {
        List<String> missing = missingRequirements(context, bundle);
        if (missing.isEmpty()) {
            return null;
        }
        String name = bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
        return "Unable to resolve bundle " + name + ": missing requirement " + String.join(", ", missing);
    }

    static List<String> missingRequirements(BundleContext context, Bundle bundle) {
        List<String> missing = new ArrayList<>();
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return missing;
        }
        Bundle[] bundles = context.getBundles();
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            if (Constants.RESOLUTION_OPTIONAL.equals(directives.get(Constants.RESOLUTION_DIRECTIVE))
                    || "dynamic".equals(directives.get(Constants.RESOLUTION_DIRECTIVE))
                    || HostNamespace.HOST_NAMESPACE.equals(requirement.getNamespace())) {
                continue;
            }
            String filterText = directives.get(Constants.FILTER_DIRECTIVE);
            if (!satisfied(bundles, requirement.getNamespace(), filterText)) {
                missing.add(requirement.getNamespace() + "; " + (filterText == null ? "" : filterText));
            }
        }
        return missing;
    }

    private static boolean satisfied(Bundle[] bundles, String namespace, String filterText) {
        Filter filter;
        try {
            filter = filterText == null ? null : FrameworkUtil.createFilter(filterText);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle candidate : bundles) {
            BundleWiring wiring = candidate.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleCapability capability : wiring.getCapabilities(namespace)) {
                if (filter == null || filter.matches(capability.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }
}
