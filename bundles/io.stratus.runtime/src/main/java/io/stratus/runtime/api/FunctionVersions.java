package io.stratus.runtime.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Published versions and aliases of functions. Implemented by the runtime (which resolves qualified
 * invocations, {@code function:3} and {@code function:alias}, through it); published versions
 * themselves come from bundles declaring {@code function.version}. Names may be plain or ARNs.
 */
@ProviderType
public interface FunctionVersions {

    /** {@code $LATEST} and every published version of a function, in version order. */
    List<FunctionInfo> versions(String function) throws FunctionException;

    /** One version ({@code $LATEST} or a number) or the version an alias points at, as a qualifier names it. */
    Optional<FunctionInfo> version(String function, String qualifier);

    /**
     * Creates an alias.
     *
     * @throws FunctionException ResourceConflictException when it exists, ResourceNotFoundException for
     *                           an unknown function or version, InvalidParameterValueException for bad
     *                           routing weights
     */
    AliasInfo createAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description) throws FunctionException;

    /**
     * Changes an alias; a null argument keeps that part. Invocations that start afterwards use the new
     * target at once (rolling back is moving an alias back).
     *
     * @param expectedRevisionId when not null, must be the alias's current revision (PreconditionFailedException)
     */
    AliasInfo updateAlias(String function, String alias, String functionVersion,
            Map<String, Double> additionalVersionWeights, String description, String expectedRevisionId)
            throws FunctionException;

    Optional<AliasInfo> alias(String function, String alias);

    /** Aliases of a function by name; those routing to {@code functionVersion} only, when it is not null. */
    List<AliasInfo> aliases(String function, String functionVersion) throws FunctionException;

    void deleteAlias(String function, String alias) throws FunctionException;

    /**
     * Forgets what the runtime keeps about a function beyond its bundles (configuration set through
     * the API, aliases), for a function being deleted.
     */
    void forget(String function) throws FunctionException;
}
