package io.stratus.lambda.impl;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.stratus.aws.codec.AwsJson;
import io.stratus.runtime.api.AliasInfo;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionSpec;

/** The JSON shapes of the Lambda API's answers, built from the runtime's snapshots. */
final class LambdaDocuments {

    static final String RUNTIME = "java17";
    static final String LATEST = "$LATEST";
    static final int EPHEMERAL_STORAGE_MB = 512;
    static final String TRACING_MODE = "PassThrough";
    static final String LOG_FORMAT = "Text";
    static final String ARCHITECTURE = "x86_64";

    /** Lambda's account limits that Stratus reports as AWS does. */
    static final long CODE_SIZE_UNZIPPED = 262_144_000L;
    static final long CODE_SIZE_ZIPPED = 52_428_800L;
    static final long TOTAL_CODE_SIZE = 80_530_636_800L;

    /** Lambda's LastModified format, e.g. {@code 2026-11-25T10:00:00.000+0000}. */
    static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private LambdaDocuments() {
    }

    static String logGroup(String functionName) {
        return "/aws/lambda/" + functionName;
    }

    static String timestamp(Instant instant) {
        return LAST_MODIFIED.format(instant == null ? Instant.EPOCH : instant);
    }

    /** FunctionConfiguration of a bundle-declared function. */
    static JsonObject configuration(FunctionInfo info) {
        return configuration(info, RUNTIME);
    }

    /** FunctionConfiguration; {@code runtime} as the function was created with. */
    static JsonObject configuration(FunctionInfo info, String runtime) {
        FunctionSpec spec = info.spec();
        JsonObject json = new JsonObject();
        json.addProperty("FunctionName", spec.name());
        json.addProperty("FunctionArn", info.arn());
        json.addProperty("Runtime", runtime);
        if (spec.role() != null) {
            json.addProperty("Role", spec.role());
        }
        json.addProperty("Handler", spec.handler());
        json.addProperty("CodeSize", info.codeSize());
        json.addProperty("Description", spec.description() == null ? "" : spec.description());
        json.addProperty("Timeout", spec.timeout());
        json.addProperty("MemorySize", spec.memorySize());
        json.addProperty("LastModified", timestamp(info.lastModified()));
        if (info.codeSha256() != null) {
            json.addProperty("CodeSha256", info.codeSha256());
        }
        json.addProperty("Version", info.version());
        if (!spec.environment().isEmpty()) {
            JsonObject variables = new JsonObject();
            new TreeMap<>(spec.environment()).forEach(variables::addProperty);
            JsonObject environment = new JsonObject();
            environment.add("Variables", variables);
            json.add("Environment", environment);
        }
        JsonObject tracing = new JsonObject();
        tracing.addProperty("Mode", TRACING_MODE);
        json.add("TracingConfig", tracing);
        json.addProperty("State", info.state().name());
        if (info.stateReason() != null) {
            json.addProperty("StateReason", info.stateReason());
        }
        if (info.stateReasonCode() != null) {
            json.addProperty("StateReasonCode", info.stateReasonCode());
        }
        json.addProperty("LastUpdateStatus", "Successful");
        json.addProperty("PackageType", "Zip");
        JsonArray architectures = new JsonArray();
        architectures.add(ARCHITECTURE);
        json.add("Architectures", architectures);
        JsonObject storage = new JsonObject();
        storage.addProperty("Size", EPHEMERAL_STORAGE_MB);
        json.add("EphemeralStorage", storage);
        JsonObject logging = new JsonObject();
        logging.addProperty("LogFormat", LOG_FORMAT);
        logging.addProperty("LogGroup", logGroup(spec.name()));
        json.add("LoggingConfig", logging);
        // the revision changes exactly when something above changes
        json.addProperty("RevisionId", UUID.nameUUIDFromBytes(AwsJson.toBytes(json)).toString());
        return json;
    }

    /** GetFunction's answer. */
    static JsonObject function(FunctionInfo info, String codeLocation) {
        return function(info, RUNTIME, codeLocation);
    }

    static JsonObject function(FunctionInfo info, String runtime, String codeLocation) {
        JsonObject json = new JsonObject();
        json.add("Configuration", configuration(info, runtime));
        JsonObject code = new JsonObject();
        code.addProperty("RepositoryType", "S3");
        code.addProperty("Location", codeLocation);
        json.add("Code", code);
        if (info.reservedConcurrency() != null) {
            json.add("Concurrency", concurrency(info.reservedConcurrency()));
        }
        json.add("Tags", new JsonObject());
        return json;
    }

    /** Put/GetFunctionConcurrency's answer; empty when none is reserved. */
    static JsonObject concurrency(Integer reserved) {
        JsonObject json = new JsonObject();
        if (reserved != null) {
            json.addProperty("ReservedConcurrentExecutions", reserved);
        }
        return json;
    }

    /** FunctionEventInvokeConfig; LastModified in epoch seconds as Lambda answers it. */
    static JsonObject eventInvokeConfig(FunctionInfo info) {
        EventInvokeConfig config = info.eventInvokeConfig();
        JsonObject json = new JsonObject();
        Instant lastModified = config.lastModified() == null ? Instant.EPOCH : config.lastModified();
        json.addProperty("LastModified", BigDecimal.valueOf(lastModified.toEpochMilli()).movePointLeft(3));
        json.addProperty("FunctionArn", info.arn() + ":" + LATEST);
        json.addProperty("MaximumRetryAttempts", config.maximumRetryAttempts());
        json.addProperty("MaximumEventAgeInSeconds", config.maximumEventAgeInSeconds());
        JsonObject destinations = new JsonObject();
        destinations.add("OnSuccess", new JsonObject());
        destinations.add("OnFailure", new JsonObject());
        json.add("DestinationConfig", destinations);
        return json;
    }

    /** GetAccountSettings' answer. */
    static JsonObject accountSettings(int concurrentExecutions, int unreserved, List<FunctionInfo> functions) {
        JsonObject limit = new JsonObject();
        limit.addProperty("TotalCodeSize", TOTAL_CODE_SIZE);
        limit.addProperty("CodeSizeUnzipped", CODE_SIZE_UNZIPPED);
        limit.addProperty("CodeSizeZipped", CODE_SIZE_ZIPPED);
        limit.addProperty("ConcurrentExecutions", concurrentExecutions);
        limit.addProperty("UnreservedConcurrentExecutions", unreserved);
        JsonObject usage = new JsonObject();
        usage.addProperty("TotalCodeSize", functions.stream().mapToLong(FunctionInfo::codeSize).sum());
        usage.addProperty("FunctionCount", functions.size());
        JsonObject json = new JsonObject();
        json.add("AccountLimit", limit);
        json.add("AccountUsage", usage);
        return json;
    }

    /** Stratus's dead-letter listing. */
    static JsonObject deadLetters(List<DeadLetter> letters) {
        JsonArray array = new JsonArray();
        for (DeadLetter letter : letters) {
            JsonObject json = new JsonObject();
            json.addProperty("RequestId", letter.requestId());
            json.addProperty("Payload", new String(letter.payload(), StandardCharsets.UTF_8));
            json.addProperty("Attempts", letter.attempts());
            json.addProperty("ErrorType", letter.errorType());
            json.addProperty("ErrorMessage", letter.errorMessage());
            json.addProperty("Accepted", timestamp(letter.accepted()));
            json.addProperty("Failed", timestamp(letter.failed()));
            array.add(json);
        }
        JsonObject json = new JsonObject();
        json.add("DeadLetters", array);
        return json;
    }

    /** AliasConfiguration. */
    static JsonObject alias(AliasInfo alias) {
        JsonObject json = new JsonObject();
        json.addProperty("AliasArn", alias.aliasArn());
        json.addProperty("Name", alias.name());
        json.addProperty("FunctionVersion", alias.functionVersion());
        json.addProperty("Description", alias.description() == null ? "" : alias.description());
        if (!alias.additionalVersionWeights().isEmpty()) {
            JsonObject weights = new JsonObject();
            new TreeMap<>(alias.additionalVersionWeights()).forEach(weights::addProperty);
            JsonObject routing = new JsonObject();
            routing.add("AdditionalVersionWeights", weights);
            json.add("RoutingConfig", routing);
        }
        json.addProperty("RevisionId", alias.revisionId());
        return json;
    }

    /** ListAliases' answer. */
    static JsonObject aliasList(List<AliasInfo> page, String nextMarker) {
        JsonArray aliases = new JsonArray();
        page.forEach(alias -> aliases.add(alias(alias)));
        JsonObject json = new JsonObject();
        json.add("Aliases", aliases);
        if (nextMarker != null) {
            json.addProperty("NextMarker", nextMarker);
        }
        return json;
    }

    /** ListVersionsByFunction's answer. */
    static JsonObject versionList(List<JsonObject> page, String nextMarker) {
        JsonArray versions = new JsonArray();
        page.forEach(versions::add);
        JsonObject json = new JsonObject();
        json.add("Versions", versions);
        if (nextMarker != null) {
            json.addProperty("NextMarker", nextMarker);
        }
        return json;
    }

    /** ListFunctions' answer. */
    static JsonObject functionList(List<FunctionInfo> page, String nextMarker) {
        return functionList(page, nextMarker, info -> RUNTIME);
    }

    static JsonObject functionList(List<FunctionInfo> page, String nextMarker,
            java.util.function.Function<FunctionInfo, String> runtime) {
        JsonArray functions = new JsonArray();
        page.forEach(info -> functions.add(configuration(info, runtime.apply(info))));
        JsonObject json = new JsonObject();
        json.add("Functions", functions);
        if (nextMarker != null) {
            json.addProperty("NextMarker", nextMarker);
        }
        return json;
    }

    /** Environment variables as Lambda measures them against the 4 KB limit. */
    static String measuredEnvironment(Map<String, String> variables) {
        return AwsJson.gson().toJson(new TreeMap<>(variables));
    }
}
