package io.stratus.runtime.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.impl.core.FunctionHost;

/**
 * Follows bundles that declare {@code io.stratus.function} capabilities: registers their functions
 * when they are active, takes them away (after in-flight invocations) when they stop, and reports
 * bundles that cannot resolve as Failed with the resolver's reason.
 */
final class FunctionExtender implements BundleTrackerCustomizer<Boolean> {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionExtender.class);

    static final int STATES = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

    private final BundleContext context;
    private final FunctionHost host;
    private final ExecutorService diagnoser;

    FunctionExtender(BundleContext context, FunctionHost host, ExecutorService diagnoser) {
        this.context = context;
        this.host = host;
        this.diagnoser = diagnoser;
    }

    @Override
    public Boolean addingBundle(Bundle bundle, BundleEvent event) {
        if (declarations(bundle).isEmpty()) {
            return null;
        }
        changed(bundle);
        return Boolean.TRUE;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, Boolean tracked) {
        changed(bundle);
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, Boolean tracked) {
        host.undeploy(bundle.getBundleId());
    }

    private void changed(Bundle bundle) {
        List<Map<String, Object>> declarations = declarations(bundle);
        switch (bundle.getState()) {
            case Bundle.ACTIVE -> deploy(bundle, declarations);
            case Bundle.STARTING -> {
                if (lazy(bundle)) {
                    deploy(bundle, declarations);
                }
            }
            case Bundle.INSTALLED -> {
                host.undeploy(bundle.getBundleId());
                if (!declarations.isEmpty()) {
                    diagnoser.execute(() -> diagnose(bundle));
                }
            }
            default -> host.undeploy(bundle.getBundleId()); // STOPPING, RESOLVED (stopped)
        }
    }

    private void deploy(Bundle bundle, List<Map<String, Object>> declarations) {
        if (declarations.isEmpty()) {
            host.undeploy(bundle.getBundleId());
        } else {
            host.deploy(new BundleCode(bundle), declarations);
        }
    }

    /*
     * Off the framework's event thread, and read-only: resolving or starting the bundle here would
     * take Felix's global resolver lock, and a concurrent start() by FileInstall (which holds that
     * bundle's lock and may not wait for the global one) would then fail for good.
     */
    private void diagnose(Bundle bundle) {
        try {
            if (bundle.getState() != Bundle.INSTALLED) {
                return;
            }
            String reason = ResolutionDiagnosis.explain(context, bundle);
            if (reason == null || bundle.getState() != Bundle.INSTALLED) {
                return; // nothing missing: it resolves when it is started; the tracker follows it
            }
            LOG.warn("Function bundle {} [{}] cannot resolve: {}", bundle.getSymbolicName(), bundle.getBundleId(),
                    reason);
            host.deployFailed(new BundleCode(bundle), declarations(bundle), reason);
            if (bundle.getState() != Bundle.INSTALLED) {
                // it resolved meanwhile: bring the registry back in line with its state
                changed(bundle);
            }
        } catch (IllegalStateException e) {
            // uninstalled meanwhile (or the runtime stopped)
        }
    }

    static List<Map<String, Object>> declarations(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return List.of();
        }
        return revision.getDeclaredCapabilities(FunctionNamespace.NAMESPACE).stream()
                .map(BundleCapability::getAttributes).toList();
    }

    private static boolean lazy(Bundle bundle) {
        String policy = bundle.getHeaders("").get(Constants.BUNDLE_ACTIVATIONPOLICY);
        return policy != null && policy.trim().startsWith(Constants.ACTIVATION_LAZY);
    }
}
