package io.stratus.runtime.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard: register as a service to hear about every invocation (monitoring turns records into
 * logs, metrics and bills). Called after the caller has its answer, on a runtime thread; must not
 * block. The runtime depends on no listener.
 */
@ConsumerType
public interface InvocationListener {
    void invoked(InvocationRecord record);
}
