package io.stratus.runtime.api;

import java.time.Instant;

/**
 * A snapshot of one function as the registry knows it.
 *
 * @param spec                effective configuration
 * @param arn                 {@code arn:aws:lambda:<region>:<account>:function:<name>}
 * @param state               lifecycle state
 * @param stateReason         human-readable reason when not {@link FunctionState#Active}, else null
 * @param stateReasonCode     AWS reason code (e.g. {@code InvalidConfiguration}), else null
 * @param bundleId            id of the bundle that declares the function
 * @param bundleSymbolicName  that bundle's symbolic name
 * @param bundleVersion       that bundle's version
 * @param codeSha256          base64 SHA-256 of the bundle's jar, as Lambda reports CodeSha256
 * @param codeSize            size of the jar in bytes
 * @param lastModified        when the code or the configuration last changed
 * @param reservedConcurrency reserved concurrent executions, or null when none is set
 * @param eventInvokeConfig   asynchronous invocation settings (never null: defaults apply)
 * @param handlerInputType    the handler's declared input type (e.g.
 *                            {@code com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent},
 *                            {@code java.io.InputStream} for stream handlers), or null when unknown
 * @param version             {@code $LATEST} or the published version number
 */
public record FunctionInfo(FunctionSpec spec, String arn, FunctionState state, String stateReason,
        String stateReasonCode, long bundleId, String bundleSymbolicName, String bundleVersion, String codeSha256,
        long codeSize, Instant lastModified, Integer reservedConcurrency, EventInvokeConfig eventInvokeConfig,
        String handlerInputType, String version) {

    /** The function's current code ({@code $LATEST}) without the handler's input type (as in version 1.0 of this package). */
    public FunctionInfo(FunctionSpec spec, String arn, FunctionState state, String stateReason, String stateReasonCode,
            long bundleId, String bundleSymbolicName, String bundleVersion, String codeSha256, long codeSize,
            Instant lastModified, Integer reservedConcurrency, EventInvokeConfig eventInvokeConfig) {
        this(spec, arn, state, stateReason, stateReasonCode, bundleId, bundleSymbolicName, bundleVersion, codeSha256,
                codeSize, lastModified, reservedConcurrency, eventInvokeConfig, null, "$LATEST");
    }

    public String name() {
        return spec.name();
    }
}
