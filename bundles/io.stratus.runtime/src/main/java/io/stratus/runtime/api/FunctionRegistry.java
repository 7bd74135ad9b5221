package io.stratus.runtime.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The functions deployed on this node. Implemented by the runtime; names may be given as a plain
 * name, a full or partial ARN.
 */
@ProviderType
public interface FunctionRegistry {

    /** Every known function, including failed ones, sorted by name. */
    List<FunctionInfo> list();

    /** One function by name or ARN. */
    Optional<FunctionInfo> get(String nameOrArn);

    /** Changes and persists a function's configuration; the change applies to new invocations. */
    FunctionInfo update(String nameOrArn, FunctionUpdate update) throws FunctionException;

    /** Sets reserved concurrency (0 throttles every invocation). */
    FunctionInfo putConcurrency(String nameOrArn, int reservedConcurrentExecutions) throws FunctionException;

    /** Removes reserved concurrency. */
    FunctionInfo deleteConcurrency(String nameOrArn) throws FunctionException;

    /** Sets the asynchronous invocation settings. */
    FunctionInfo putEventInvokeConfig(String nameOrArn, int maximumRetryAttempts, int maximumEventAgeInSeconds)
            throws FunctionException;

    /** Resets the asynchronous invocation settings to the defaults. */
    FunctionInfo deleteEventInvokeConfig(String nameOrArn) throws FunctionException;

    /** Dead letters recorded for a function, oldest first. */
    List<DeadLetter> deadLetters(String nameOrArn) throws FunctionException;

    /** The account-wide concurrency limit. */
    int accountConcurrencyLimit();

    /** Concurrency not reserved by any function. */
    int unreservedConcurrency();
}
