package io.stratus.function.api;

/**
 * Names of the OSGi capability a function bundle provides for each function it declares. The
 * {@link Function} annotation generates it at build time; the runtime's extender reads it.
 */
public final class FunctionNamespace {
    /** Capability namespace; its value attribute of the same name is the function name. */
    public static final String NAMESPACE = "io.stratus.function";
    /** Fully qualified name of the handler class. */
    public static final String HANDLER_CLASS = "handler.class";
    /** Optional handler method name ({@code class::method}); empty means the interface method. */
    public static final String HANDLER_METHOD = "handler.method";
    /** Memory in MB, 128-10240. */
    public static final String MEMORY_SIZE = "memorySize";
    /** Timeout in seconds, 1-900. */
    public static final String TIMEOUT = "timeout";
    /** Environment variables as a list of {@code NAME=value}. */
    public static final String ENVIRONMENT = "environment";
    /** Execution role ARN. */
    public static final String ROLE = "role";
    /** Free text. */
    public static final String DESCRIPTION = "description";
    /**
     * Published version number of the function this capability declares (code uploaded through the
     * Lambda API); absent for the function's current code, {@code $LATEST}.
     */
    public static final String FUNCTION_VERSION = "function.version";
    /**
     * Revision (Long) of uploaded code: a bundle declaring a name already held by a bundle of a lower
     * revision takes it over at once (hot swap) while the older one finishes its invocations.
     */
    public static final String CODE_REVISION = "code.revision";
    /** Base64 SHA-256 of the uploaded code package, as Lambda reports CodeSha256. */
    public static final String CODE_SHA256 = "code.sha256";
    /** Size (Long) of the uploaded code package in bytes. */
    public static final String CODE_SIZE = "code.size";

    private FunctionNamespace() {
    }
}
