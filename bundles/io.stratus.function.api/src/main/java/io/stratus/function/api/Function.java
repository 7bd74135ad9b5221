package io.stratus.function.api;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.CLASS;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the annotated handler class as a Stratus function. bnd turns each use into an
 * {@code io.stratus.function} capability in the bundle manifest, so authors never write the
 * header by hand; the runtime registers the function when the bundle starts.
 *
 * <pre>
 * &#64;Function(name = "hello", memorySize = 256, timeout = 10, environment = "GREETING=Hi")
 * public class Hello implements RequestHandler&lt;Map&lt;String, String&gt;, String&gt; { ... }
 * </pre>
 */
@Retention(CLASS)
@Target(TYPE)
@Capability(namespace = FunctionNamespace.NAMESPACE, attribute = FunctionNamespace.HANDLER_CLASS + "=${@class}")
public @interface Function {
    /** Function name: 1-64 letters, digits, hyphens and underscores. */
    @Attribute(FunctionNamespace.NAMESPACE)
    String name();

    /** Handler method when the class does not implement a Lambda handler interface ({@code class::method}). */
    @Attribute(FunctionNamespace.HANDLER_METHOD)
    String method() default "";

    /** Memory in MB, 128-10240. */
    @Attribute(FunctionNamespace.MEMORY_SIZE)
    int memorySize() default 128;

    /** Timeout in seconds, 1-900. */
    @Attribute(FunctionNamespace.TIMEOUT)
    int timeout() default 3;

    /** Environment variables, each {@code NAME=value}; 4 KB in total. */
    @Attribute(FunctionNamespace.ENVIRONMENT)
    String[] environment() default {};

    /** Execution role ARN; empty means the platform's default role. */
    @Attribute(FunctionNamespace.ROLE)
    String role() default "";

    /** Free text shown by GetFunctionConfiguration. */
    @Attribute(FunctionNamespace.DESCRIPTION)
    String description() default "";
}
