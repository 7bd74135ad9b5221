package io.stratus.runtime.impl;

import org.osgi.framework.hooks.weaving.WeavingException;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.wiring.BundleRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stratus.function.api.FunctionNamespace;
import io.stratus.runtime.impl.weaving.SandboxTransformer;

/**
 * Redirects {@code System.getenv/exit} and {@code Runtime.exit/halt} in classes of function bundles
 * (bundles declaring {@code io.stratus.function} capabilities) to the sandbox, and lets the woven
 * class import the sandbox package dynamically. Other bundles are never touched.
 * <p>
 * Registered by {@link FunctionRuntime} before it opens its bundle tracker, rather than as a DS
 * component: a hook whose class loads only after its service is registered is asked to weave its own
 * class while being created, which the framework reports as a service factory cycle.
 */
final class SandboxWeaver implements WeavingHook {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxWeaver.class);
    private static final String IMPORT = SandboxTransformer.TARGET_PACKAGE + ";version=\"[1.0,2)\"";

    @Override
    public void weave(WovenClass wovenClass) {
        BundleRevision revision = wovenClass.getBundleWiring().getRevision();
        if (revision.getDeclaredCapabilities(FunctionNamespace.NAMESPACE).isEmpty()) {
            return;
        }
        byte[] woven;
        try {
            woven = SandboxTransformer.transform(wovenClass.getBytes());
        } catch (RuntimeException e) {
            // a class we cannot parse must not load unsandboxed
            throw new WeavingException("cannot sandbox " + wovenClass.getClassName(), e);
        }
        if (woven != null) {
            wovenClass.setBytes(woven);
            wovenClass.getDynamicImports().add(IMPORT);
            LOG.debug("sandboxed {} of {}", wovenClass.getClassName(), revision.getSymbolicName());
        }
    }
}
