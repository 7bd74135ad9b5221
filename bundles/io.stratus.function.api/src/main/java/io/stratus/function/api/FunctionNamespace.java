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

    private FunctionNamespace() {
    }
}
