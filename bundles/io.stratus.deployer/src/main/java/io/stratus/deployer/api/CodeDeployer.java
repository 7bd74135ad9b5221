package io.stratus.deployer.api;

import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;

/**
 * Functions whose code was uploaded (a jar or a Lambda ZIP) rather than deployed as a bundle.
 * Implemented by the deployer; every method either does all it says or changes nothing, and fails
 * with the error AWS Lambda answers ({@link FunctionException#code()}).
 */
@ProviderType
public interface CodeDeployer {

    /** Runtimes accepted for uploaded code. */
    java.util.List<String> RUNTIMES = java.util.List.of("java17", "java21", "java25");

    /**
     * Stores the package, wraps it and starts it as the function's {@code $LATEST}; with
     * {@code publish}, also publishes version 1.
     *
     * @return the function's $LATEST (or the published version when {@code publish})
     */
    FunctionInfo create(FunctionDefinition definition, byte[] zip, boolean publish) throws FunctionException;

    /**
     * Replaces the code of {@code $LATEST}: invocations that start afterwards run the new code, those
     * running finish on the old one, which is released after the last of them.
     */
    FunctionInfo updateCode(String function, byte[] zip, boolean publish) throws FunctionException;

    /**
     * Publishes {@code $LATEST} (code and configuration) as the next version number; when nothing
     * changed since the last published version, answers that version.
     *
     * @param expectedCodeSha256 when not null, $LATEST's CodeSha256 must be this
     */
    FunctionInfo publish(String function, String description, String expectedCodeSha256) throws FunctionException;

    /**
     * Deletes the function with every version and alias ({@code qualifier} null or {@code $LATEST}), or
     * one published version (refused while an alias points at it).
     */
    void delete(String function, String qualifier) throws FunctionException;

    /** Whether the function's code was uploaded (and so is this deployer's). */
    boolean manages(String function);

    /** The uploaded package of a version ({@code null} or {@code $LATEST} for the current code). */
    Optional<Path> code(String function, String qualifier);

    /** The runtime the function was created with, if it is an uploaded one. */
    Optional<String> runtime(String function);
}
