package io.stratus.lambda.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.api.RequestPresigner;
import io.stratus.aws.codec.AwsJson;
import io.stratus.aws.codec.JsonBody;
import io.stratus.deployer.api.CodeDeployer;
import io.stratus.deployer.api.FunctionDefinition;
import io.stratus.lambda.api.PackageSource;
import io.stratus.runtime.api.AliasInfo;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.FunctionVersions;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;

/**
 * The AWS Lambda API (REST-JSON) over the function runtime: Invoke, the function and
 * configuration reads and updates, concurrency, asynchronous invocation settings and account
 * settings, answered in the shapes of the AWS Lambda API Reference.
 */
@Component(service = AwsService.class, property = {
        AwsService.SERVICE + "=lambda",
        AwsService.PROTOCOL + "=rest-json",
        AwsService.PATH_PREFIX + "=/2015-03-31/",
        AwsService.PATH_PREFIX + "=/2016-08-19/",
        AwsService.PATH_PREFIX + "=/2017-10-31/",
        AwsService.PATH_PREFIX + "=/2019-09-25/",
        AwsService.PATH_PREFIX + "=/2019-09-30/" })
public final class LambdaApi implements AwsService {

    static final String INVALID_PARAMETER = "InvalidParameterValueException";
    static final String NOT_FOUND = "ResourceNotFoundException";
    /** Bodies of the management operations are small; Invoke has its own 6 MB limit. */
    static final int MAX_REQUEST_BODY = 1024 * 1024;
    static final int LOG_TAIL_BYTES = 4096;
    static final int ENVIRONMENT_LIMIT_BYTES = 4096;
    static final int MAX_CLIENT_CONTEXT_BYTES = 3583;

    static final List<String> INVOCATION_TYPES = List.of("Event", "RequestResponse", "DryRun");
    static final List<String> LOG_TYPES = List.of("None", "Tail");
    static final Pattern ROLE = Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern ENVIRONMENT_KEY = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])+");
    /** Variables the Lambda runtime sets itself; AWS refuses them in a function's configuration. */
    static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    /** AWS's limit for a CreateFunction or UpdateFunctionCode request (a 50 MB package, base64 in JSON). */
    static final int MAX_CODE_REQUEST_BODY = 69_905_067;
    static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    static final Pattern FUNCTION_VERSION = Pattern.compile("(\\$LATEST|[0-9]+)");
    static final Pattern HANDLER = Pattern.compile("[^\\s]+");

    /** How long GetFunction's Code.Location works, as on AWS. */
    static final java.time.Duration CODE_LINK_LIFETIME = java.time.Duration.ofMinutes(10);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile RequestPresigner presigner;

    /** Stratus's object storage, where CreateFunction and UpdateFunctionCode find S3Bucket/S3Key. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PackageSource packages;

    /** AWS's limit for a package taken from S3 (the unzipped deployment package limit). */
    static final long MAX_S3_PACKAGE = 262_144_000L;

    private final FunctionRegistry registry;
    private final Invoker invoker;
    private final BundleCode code;
    private final String defaultCodeHost;
    private final FunctionVersions versions;
    private final CodeDeployer deployer;
    private final FunctionPolicyStore policies;

    @Activate
    public LambdaApi(@Reference FunctionRegistry registry, @Reference Invoker invoker,
            @Reference FunctionVersions versions, @Reference CodeDeployer deployer,
            @Reference FunctionPolicyStore policies, BundleContext context) {
        this(registry, invoker, BundleCode.of(context), codeHost(context.getProperty("stratus.aws.host"),
                context.getProperty("stratus.aws.port")), versions, deployer, policies);
    }

    /** Without versions and uploads: only $LATEST of bundle-declared functions exists. */
    LambdaApi(FunctionRegistry registry, Invoker invoker, BundleCode code, String defaultCodeHost) {
        this(registry, invoker, code, defaultCodeHost, null, null);
    }

    LambdaApi(FunctionRegistry registry, Invoker invoker, BundleCode code, String defaultCodeHost,
            FunctionVersions versions, CodeDeployer deployer) {
        this(registry, invoker, code, defaultCodeHost, versions, deployer, null);
    }

    LambdaApi(FunctionRegistry registry, Invoker invoker, BundleCode code, String defaultCodeHost,
            FunctionVersions versions, CodeDeployer deployer, FunctionPolicyStore policies) {
        this.policies = policies;
        this.registry = registry;
        this.invoker = invoker;
        this.code = code;
        this.defaultCodeHost = defaultCodeHost;
        this.versions = versions;
        this.deployer = deployer;
    }

    private static String codeHost(String host, String port) {
        String name = host == null || host.isBlank() || host.equals("0.0.0.0") ? "localhost" : host.trim();
        return name + ":" + (port == null || port.isBlank() ? "4566" : port.trim());
    }

    /**
     * Each operation's IAM action on the function's ARN ({@code *} for ListFunctions and
     * GetAccountSettings); the Stratus extensions count as GetFunction.
     */
    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        LambdaOperation.Route route = LambdaOperation.match(request.method(), request.rawPath());
        if (route == null) {
            throw new AwsException(404, "UnknownOperationException", "Unknown operation");
        }
        if (route.operation() == LambdaOperation.CREATE_FUNCTION) {
            JsonBody body = AwsJson.parseObject(codeBody(request, "CreateFunction"), AwsJson.INVALID_REQUEST_CONTENT);
            String name = body.string("FunctionName");
            AccessRequest create = new AccessRequest(route.operation().iamAction, name == null ? "*"
                    : "arn:aws:lambda:" + request.region() + ":" + account(request) + ":function:" + name);
            return body.has("Code") ? withPackageRead(create, body.object("Code")) : List.of(create);
        }
        if (route.functionName() == null) {
            return List.of(new AccessRequest(route.operation().iamAction, "*"));
        }
        FunctionRef ref = FunctionRef.parse(route.functionName(), null, 170);
        AccessRequest access = new AccessRequest(route.operation().iamAction,
                "arn:aws:lambda:" + request.region() + ":" + account(request) + ":function:" + ref.name());
        if (route.operation() == LambdaOperation.UPDATE_FUNCTION_CODE) {
            return withPackageRead(access, AwsJson.parseObject(codeBody(request, "UpdateFunctionCode"),
                    AwsJson.INVALID_REQUEST_CONTENT));
        }
        return List.of(access);
    }

    /* code taken from a bucket is read with the caller's own permissions, as Lambda does */
    private static List<AccessRequest> withPackageRead(AccessRequest access, JsonBody code) throws AwsException {
        String bucket = code.string("S3Bucket");
        String key = code.string("S3Key");
        if (bucket == null || key == null) {
            return List.of(access);
        }
        return List.of(access, new AccessRequest("s3:GetObject", "arn:aws:s3:::" + bucket + "/" + key));
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        LambdaOperation.Route route = LambdaOperation.match(request.method(), request.rawPath());
        if (route == null) {
            throw new AwsException(404, "UnknownOperationException", "Unknown operation");
        }
        try {
            switch (route.operation()) {
                case INVOKE -> invoke(request, response, route.functionName());
                case LIST_FUNCTIONS -> listFunctions(request, response);
                case GET_FUNCTION -> getFunction(request, response, route.functionName());
                case GET_FUNCTION_CONFIGURATION -> json(response, 200,
                        configuration(function(request, route.functionName(), true)));
                case UPDATE_FUNCTION_CONFIGURATION -> updateConfiguration(request, response, route.functionName());
                case GET_FUNCTION_CODE -> getCode(request, response, route.functionName());
                case LIST_DEAD_LETTERS -> {
                    FunctionInfo info = function(request, route.functionName(), false);
                    json(response, 200, LambdaDocuments.deadLetters(registry.deadLetters(info.name())));
                }
                case PUT_FUNCTION_CONCURRENCY -> putConcurrency(request, response, route.functionName());
                case GET_FUNCTION_CONCURRENCY -> json(response, 200,
                        LambdaDocuments.concurrency(function(request, route.functionName(), false).reservedConcurrency()));
                case DELETE_FUNCTION_CONCURRENCY -> {
                    registry.deleteConcurrency(function(request, route.functionName(), false).name());
                    noContent(response);
                }
                case PUT_FUNCTION_EVENT_INVOKE_CONFIG -> putEventInvokeConfig(request, response, route.functionName(), true);
                case UPDATE_FUNCTION_EVENT_INVOKE_CONFIG -> putEventInvokeConfig(request, response, route.functionName(), false);
                case GET_FUNCTION_EVENT_INVOKE_CONFIG -> json(response, 200,
                        LambdaDocuments.eventInvokeConfig(withEventInvokeConfig(request, route.functionName())));
                case DELETE_FUNCTION_EVENT_INVOKE_CONFIG -> {
                    registry.deleteEventInvokeConfig(withEventInvokeConfig(request, route.functionName()).name());
                    noContent(response);
                }
                case GET_ACCOUNT_SETTINGS -> json(response, 200, LambdaDocuments.accountSettings(
                        registry.accountConcurrencyLimit(), registry.unreservedConcurrency(), registry.list()));
                case CREATE_FUNCTION -> createFunction(request, response);
                case UPDATE_FUNCTION_CODE -> updateFunctionCode(request, response, route.functionName());
                case DELETE_FUNCTION -> deleteFunction(request, response, route.functionName());
                case PUBLISH_VERSION -> publishVersion(request, response, route.functionName());
                case LIST_VERSIONS_BY_FUNCTION -> listVersions(request, response, route.functionName());
                case CREATE_ALIAS -> createAlias(request, response, route.functionName());
                case LIST_ALIASES -> listAliases(request, response, route.functionName());
                case GET_ALIAS -> json(response, 200, LambdaDocuments.alias(alias(request, route)));
                case UPDATE_ALIAS -> updateAlias(request, response, route);
                case DELETE_ALIAS -> {
                    FunctionInfo info = function(request, route.functionName(), false);
                    alias(request, route);
                    requireVersions().deleteAlias(info.name(), route.aliasName());
                    noContent(response);
                }
                case ADD_PERMISSION -> addPermission(request, response, route.functionName());
                case GET_POLICY -> getPolicy(request, response, route.functionName());
                case REMOVE_PERMISSION -> removePermission(request, response, route);
                default -> throw new AwsException(404, "UnknownOperationException", "Unknown operation");
            }
        } catch (FunctionException e) {
            throw toAws(e);
        }
    }

    /** A runtime refusal, passed on 1:1 with Lambda's {@code Reason} member when there is one. */
    static AwsException toAws(FunctionException e) {
        return new AwsException(e.status(), e.code(), e.getMessage(), e.status() < 500,
                e.reason() == null ? Map.of() : Map.of("Reason", e.reason()));
    }

    // ---- Invoke

    private void invoke(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionRef ref = FunctionRef.parse(functionName, request.parameter("Qualifier"), 170);
        String invocationType = orDefault(request.header("X-Amz-Invocation-Type"), "RequestResponse");
        String logType = orDefault(request.header("X-Amz-Log-Type"), "None");
        if (!INVOCATION_TYPES.contains(invocationType)) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + invocationType
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: "
                    + INVOCATION_TYPES);
        }
        if (!LOG_TYPES.contains(logType)) {
            throw new AwsException(400, INVALID_PARAMETER, "1 validation error detected: Value '" + logType
                    + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: " + LOG_TYPES);
        }
        String clientContext = clientContext(request.header("X-Amz-Client-Context"));
        byte[] payload = payload(request, Invoker.MAX_SYNC_PAYLOAD);
        FunctionInfo info = function(request, ref);
        if (payload.length > 0) {
            AwsJson.requireWellFormed(payload, AwsJson.INVALID_REQUEST_CONTENT,
                    "Could not parse request body into json: Could not parse payload into json");
        }
        switch (invocationType) {
            case "DryRun" -> noContent(response);
            case "Event" -> {
                if (payload.length > Invoker.MAX_ASYNC_PAYLOAD) {
                    throw tooLarge(Invoker.MAX_ASYNC_PAYLOAD);
                }
                String requestId = invoker.invokeAsync(
                        new InvocationRequest(info.name(), ref.qualifier(), payload, clientContext, false));
                response.header("x-amzn-RequestId", requestId);
                response.status(202);
                response.body(null, new byte[0]);
            }
            default -> {
                InvocationResult result = invoker.invoke(new InvocationRequest(info.name(), ref.qualifier(), payload,
                        clientContext, "Tail".equals(logType)));
                response.header("x-amzn-RequestId", result.requestId());
                response.header("X-Amz-Executed-Version",
                        result.executedVersion() == null ? LambdaDocuments.LATEST : result.executedVersion());
                if (result.functionError() != null) {
                    response.header("X-Amz-Function-Error", result.functionError());
                }
                if ("Tail".equals(logType) && result.logTail() != null) {
                    response.header("X-Amz-Log-Result", logResult(result.logTail()));
                }
                response.status(200);
                response.body("application/json", result.payload() == null ? new byte[0] : result.payload());
            }
        }
    }

    private static byte[] payload(AwsRequest request, int limit) throws AwsException, IOException {
        try {
            return request.body(limit);
        } catch (AwsException e) {
            if (e.status() == 413) {
                throw tooLarge(limit);
            }
            throw e;
        }
    }

    private static AwsException tooLarge(int limit) {
        return new AwsException(413, "RequestTooLargeException",
                "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
    }

    /** The last 4 KB of the log, base64, cut at a character boundary. */
    static String logResult(String log) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int start = Math.max(0, bytes.length - LOG_TAIL_BYTES);
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
            start++; // never begin inside a multi-byte character
        }
        byte[] tail = new byte[bytes.length - start];
        System.arraycopy(bytes, start, tail, 0, tail.length);
        return Base64.getEncoder().encodeToString(tail);
    }

    private static String clientContext(String header) throws AwsException {
        if (header == null) {
            return null;
        }
        String invalid = "Client context must be a valid Base64-encoded JSON object.";
        if (header.length() > MAX_CLIENT_CONTEXT_BYTES) {
            throw new AwsException(400, "InvalidRequestContentException",
                    "Client context must be no longer than " + MAX_CLIENT_CONTEXT_BYTES + " bytes (base64).");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            throw new AwsException(400, "InvalidRequestContentException", invalid);
        }
        try {
            AwsJson.parseObject(decoded, AwsJson.INVALID_REQUEST_CONTENT);
        } catch (AwsException e) {
            throw new AwsException(400, "InvalidRequestContentException", invalid);
        }
        return header;
    }

    // ---- Functions and configuration

    private void listFunctions(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        String version = request.parameter("FunctionVersion");
        new Validation().oneOf("functionVersion", version, List.of("ALL"))
                .pattern("masterRegion", request.parameter("MasterRegion"),
                        Pattern.compile("ALL|[a-z]{2}(-gov)?-[a-z]+-\\d{1}"))
                .throwIfAny();
        int maxItems = FunctionListing.maxItems(request.parameter("MaxItems"));
        FunctionListing.Page page = FunctionListing.page(registry.list(), request.parameter("Marker"), maxItems);
        json(response, 200, LambdaDocuments.functionList(page.functions(), page.nextMarker(), this::runtime));
    }

    private void getFunction(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException {
        FunctionInfo info = function(request, functionName, true);
        String host = request.header("Host");
        String qualifier = FunctionRef.parse(functionName, request.parameter("Qualifier"), 140).qualifier();
        String location = "http://" + (host == null || host.isBlank() ? defaultCodeHost : host)
                + "/2015-03-31/functions/" + URLEncoder.encode(info.name(), StandardCharsets.UTF_8) + "/code"
                + (qualifier == null ? "" : "?Qualifier=" + URLEncoder.encode(qualifier, StandardCharsets.UTF_8));
        RequestPresigner signer = presigner;
        if (signer != null) {
            // as AWS's presigned S3 link: whoever has it may download the code, for ten minutes
            location = signer.presign("GET", location, "lambda", request.region(), CODE_LINK_LIFETIME);
        }
        json(response, 200, LambdaDocuments.function(info, runtime(info), location));
    }

    private void getCode(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException {
        FunctionInfo info = function(request, functionName, true);
        InputStream in;
        try {
            Optional<java.nio.file.Path> uploaded = deployer == null ? Optional.empty()
                    : deployer.code(info.name(), info.version());
            in = uploaded.isPresent() ? java.nio.file.Files.newInputStream(uploaded.get()) : code.open(info.bundleId());
        } catch (IOException e) {
            throw new AwsException(404, NOT_FOUND, "The code of function " + info.name()
                    + " cannot be read from its bundle (" + info.bundleSymbolicName() + "): " + e.getMessage());
        }
        try (in) {
            // no Content-Length from the registry's CodeSize: the file may have changed since it was measured
            response.status(200);
            try (OutputStream out = response.bodyStream("application/zip")) {
                in.transferTo(out);
            }
        }
    }

    private void updateConfiguration(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        Integer memorySize = body.integer("MemorySize");
        Integer timeout = body.integer("Timeout");
        String description = body.string("Description");
        String role = body.string("Role");
        String revisionId = body.string("RevisionId");
        Map<String, String> environment = null;
        JsonBody environmentMember = body.object("Environment");
        if (environmentMember != null) {
            environment = environmentMember.stringMap("Variables");
            if (environment == null) {
                environment = Map.of();
            }
        }
        Validation validation = new Validation()
                .range("memorySize", memorySize, 128, 10240)
                .range("timeout", timeout, 1, 900)
                .maxLength("description", description, 256)
                .pattern("role", role, ROLE);
        if (environment != null && environment.keySet().stream().anyMatch(k -> !ENVIRONMENT_KEY.matcher(k).matches())) {
            validation.add("Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy "
                    + "constraint: [Member must satisfy regular expression pattern: " + ENVIRONMENT_KEY.pattern() + "]");
        }
        validation.throwIfAny();
        refuseFixedMembers(body, info);
        if (environment != null) {
            checkEnvironment(environment);
        }
        if (revisionId != null && !revisionId.equals(
                LambdaDocuments.configuration(info).get("RevisionId").getAsString())) {
            throw new AwsException(412, "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id. "
                            + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        FunctionInfo updated = registry.update(info.name(),
                new FunctionUpdate(memorySize, timeout, environment, role, description));
        json(response, 200, configuration(updated));
    }

    /**
     * Members that describe the bundle's code or the platform rather than settings: accepted only
     * when they repeat what the function has (the aws CLI and SDKs send them back unchanged).
     */
    private void refuseFixedMembers(JsonBody body, FunctionInfo info) throws AwsException {
        String name = info.name();
        String handler = body.string("Handler");
        if (handler != null && !handler.equals(info.spec().handler())) {
            throw new AwsException(400, INVALID_PARAMETER, "The handler of function " + name
                    + " is declared by its bundle " + info.bundleSymbolicName() + " (" + info.spec().handler()
                    + "); change it in the bundle and redeploy the bundle");
        }
        String runtime = body.string("Runtime");
        if (runtime != null && !runtime.equals(runtime(info))) {
            throw new AwsException(400, INVALID_PARAMETER, "The runtime of function " + name + " is "
                    + runtime(info) + ": Stratus runs functions in its own Java platform");
        }
        JsonBody tracing = body.object("TracingConfig");
        if (tracing != null && tracing.string("Mode") != null && !LambdaDocuments.TRACING_MODE.equals(tracing.string("Mode"))) {
            throw fixed(name, "TracingConfig.Mode", LambdaDocuments.TRACING_MODE);
        }
        JsonBody storage = body.object("EphemeralStorage");
        if (storage != null && storage.integer("Size") != null
                && storage.integer("Size") != LambdaDocuments.EPHEMERAL_STORAGE_MB) {
            throw fixed(name, "EphemeralStorage.Size", String.valueOf(LambdaDocuments.EPHEMERAL_STORAGE_MB));
        }
        JsonBody logging = body.object("LoggingConfig");
        if (logging != null) {
            if (logging.string("LogFormat") != null && !LambdaDocuments.LOG_FORMAT.equals(logging.string("LogFormat"))) {
                throw fixed(name, "LoggingConfig.LogFormat", LambdaDocuments.LOG_FORMAT);
            }
            if (logging.string("LogGroup") != null && !LambdaDocuments.logGroup(name).equals(logging.string("LogGroup"))) {
                throw fixed(name, "LoggingConfig.LogGroup", LambdaDocuments.logGroup(name));
            }
        }
        for (String member : new String[] { "VpcConfig", "DeadLetterConfig", "KMSKeyArn", "Layers",
                "FileSystemConfigs", "ImageConfig", "SnapStart" }) {
            if (body.has(member) && !isEmpty(body.json().get(member), member)) {
                throw new AwsException(400, INVALID_PARAMETER, member + " cannot be set for function " + name
                        + ": Stratus functions run inside the platform process, where " + member + " has no effect");
            }
        }
    }

    private static AwsException fixed(String function, String member, String value) {
        return new AwsException(400, INVALID_PARAMETER,
                member + " of function " + function + " is always " + value + " on Stratus");
    }

    /** Null, "", [], {} or an object of such; SnapStart's ApplyOn "None" is its empty value. */
    private static boolean isEmpty(JsonElement element, String member) {
        if (element == null || element.isJsonNull()) {
            return true;
        }
        if (element.isJsonPrimitive()) {
            String text = element.getAsString();
            return text.isEmpty() || member.equals("SnapStart") && text.equals("None");
        }
        if (element.isJsonArray()) {
            return element.getAsJsonArray().isEmpty();
        }
        for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
            if (!isEmpty(entry.getValue(), member)) {
                return false;
            }
        }
        return true;
    }

    private static void checkEnvironment(Map<String, String> environment) throws AwsException {
        Set<String> reserved = new TreeSet<>(environment.keySet());
        reserved.retainAll(RESERVED_VARIABLES);
        if (!reserved.isEmpty()) {
            throw new AwsException(400, INVALID_PARAMETER, "Lambda was unable to configure your environment variables "
                    + "because the environment variables you have provided contains reserved keys that are currently "
                    + "not supported for modification. Reserved keys used in this request: " + String.join(", ", reserved));
        }
        String measured = LambdaDocuments.measuredEnvironment(environment);
        if (measured.getBytes(StandardCharsets.UTF_8).length > ENVIRONMENT_LIMIT_BYTES) {
            throw new AwsException(400, INVALID_PARAMETER, "Lambda was unable to configure your environment variables "
                    + "because the environment variables you have provided exceeded the 4KB limit. String measured: "
                    + measured);
        }
    }

    // ---- Concurrency and asynchronous invocation settings

    private void putConcurrency(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        Integer reserved = body.integer("ReservedConcurrentExecutions");
        new Validation().notNull("reservedConcurrentExecutions", reserved)
                .min("reservedConcurrentExecutions", reserved, 0).throwIfAny();
        FunctionInfo updated = registry.putConcurrency(info.name(), reserved);
        json(response, 200, LambdaDocuments.concurrency(updated.reservedConcurrency()));
    }

    private void putEventInvokeConfig(AwsRequest request, AwsResponse response, String functionName, boolean replace)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = replace ? function(request, functionName, true) : withEventInvokeConfig(request, functionName);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        Integer retries = body.integer("MaximumRetryAttempts");
        Integer age = body.integer("MaximumEventAgeInSeconds");
        new Validation().range("maximumRetryAttempts", retries, 0, 2)
                .range("maximumEventAgeInSeconds", age, 60, 21600).throwIfAny();
        JsonBody destinations = body.object("DestinationConfig");
        if (destinations != null) {
            for (String member : new String[] { "OnSuccess", "OnFailure" }) {
                JsonBody destination = destinations.object(member);
                if (destination != null && destination.string("Destination") != null
                        && !destination.string("Destination").isEmpty()) {
                    throw new AwsException(400, INVALID_PARAMETER, "DestinationConfig." + member
                            + " cannot be set for function " + info.name() + ": Stratus keeps events that fail every "
                            + "attempt as dead letters (GET /2015-03-31/functions/" + info.name() + "/dead-letters)");
                }
            }
        }
        EventInvokeConfig base = replace ? EventInvokeConfig.DEFAULT : info.eventInvokeConfig();
        FunctionInfo updated = registry.putEventInvokeConfig(info.name(),
                retries != null ? retries : base.maximumRetryAttempts(),
                age != null ? age : base.maximumEventAgeInSeconds());
        json(response, 200, LambdaDocuments.eventInvokeConfig(updated));
    }

    private FunctionInfo withEventInvokeConfig(AwsRequest request, String functionName) throws AwsException {
        FunctionInfo info = function(request, functionName, true);
        if (info.eventInvokeConfig() == null || info.eventInvokeConfig().lastModified() == null) {
            throw new AwsException(404, NOT_FOUND, "The function " + info.arn() + " doesn't have an EventInvokeConfig");
        }
        return info;
    }

    // ---- Uploaded code, versions and aliases

    private JsonObject configuration(FunctionInfo info) {
        return LambdaDocuments.configuration(info, runtime(info));
    }

    private String runtime(FunctionInfo info) {
        return deployer == null ? LambdaDocuments.RUNTIME : deployer.runtime(info.name()).orElse(LambdaDocuments.RUNTIME);
    }

    private CodeDeployer requireDeployer() throws AwsException {
        if (deployer == null) {
            throw new AwsException(404, "UnknownOperationException", "Unknown operation");
        }
        return deployer;
    }

    private FunctionVersions requireVersions() throws AwsException {
        if (versions == null) {
            throw new AwsException(404, "UnknownOperationException", "Unknown operation");
        }
        return versions;
    }

    private static byte[] codeBody(AwsRequest request, String operation) throws AwsException, IOException {
        try {
            return request.body(MAX_CODE_REQUEST_BODY);
        } catch (AwsException e) {
            if (e.status() == 413) {
                throw new AwsException(413, "RequestEntityTooLargeException", "Request must be smaller than "
                        + MAX_CODE_REQUEST_BODY + " bytes for the " + operation + " operation");
            }
            throw e;
        }
    }

    /** The package of a Code member (or of UpdateFunctionCode's body): ZipFile, or S3Bucket/S3Key. */
    private byte[] zipFile(JsonBody code) throws AwsException, IOException {
        String zip = code.string("ZipFile");
        if (zip != null) {
            try {
                return Base64.getDecoder().decode(zip);
            } catch (IllegalArgumentException e) {
                throw new AwsException(400, INVALID_PARAMETER,
                        "Could not unzip uploaded file. Please check your file, then try to upload again.");
            }
        }
        String bucket = code.string("S3Bucket");
        String key = code.string("S3Key");
        if (bucket != null || key != null) {
            return s3Package(bucket, key);
        }
        if (code.string("ImageUri") != null) {
            throw new AwsException(400, INVALID_PARAMETER, "Stratus runs Zip packages only: ImageUri is not accepted");
        }
        throw new AwsException(400, INVALID_PARAMETER, "Please provide a source for function code.");
    }

    /* the package stored in Stratus's own object storage, as Lambda reads it from S3 */
    private byte[] s3Package(String bucket, String key) throws AwsException, IOException {
        if (bucket == null || key == null) {
            throw new AwsException(400, INVALID_PARAMETER, "Both S3Bucket and S3Key must be provided");
        }
        PackageSource source = packages;
        if (source == null) {
            throw s3Error("NoSuchBucket", "The specified bucket does not exist");
        }
        try {
            return source.read(bucket, key, MAX_S3_PACKAGE);
        } catch (PackageSource.PackageSourceException e) {
            if ("EntityTooLarge".equals(e.code())) {
                throw new AwsException(400, INVALID_PARAMETER,
                        "Unzipped size must be smaller than " + MAX_S3_PACKAGE + " bytes");
            }
            throw s3Error(e.code(), e.getMessage());
        }
    }

    private static AwsException s3Error(String code, String message) {
        return new AwsException(400, INVALID_PARAMETER,
                "Error occurred while GetObject. S3 Error Code: " + code + ". S3 Error Message: " + message);
    }

    private void createFunction(AwsRequest request, AwsResponse response)
            throws AwsException, IOException, FunctionException {
        CodeDeployer target = requireDeployer();
        JsonBody body = AwsJson.parseObject(codeBody(request, "CreateFunction"), AwsJson.INVALID_REQUEST_CONTENT);
        String name = body.string("FunctionName");
        String role = body.string("Role");
        String handler = body.string("Handler");
        String runtime = body.string("Runtime");
        Integer memorySize = body.integer("MemorySize");
        Integer timeout = body.integer("Timeout");
        String description = body.string("Description");
        Map<String, String> environment = Map.of();
        JsonBody environmentMember = body.object("Environment");
        if (environmentMember != null && environmentMember.stringMap("Variables") != null) {
            environment = environmentMember.stringMap("Variables");
        }
        JsonBody codeMember = body.object("Code");
        Validation validation = new Validation()
                .notNull("functionName", name)
                .minLength("functionName", name, 1)
                .maxLength("functionName", name, 140)
                .pattern("functionName", name, FunctionRef.FUNCTION_NAME)
                .notNull("role", role)
                .pattern("role", role, ROLE)
                .maxLength("handler", handler, 128)
                .pattern("handler", handler, HANDLER)
                .range("memorySize", memorySize, 128, 10240)
                .range("timeout", timeout, 1, 900)
                .maxLength("description", description, 256)
                .notNull("code", codeMember);
        if (environment.keySet().stream().anyMatch(k -> !ENVIRONMENT_KEY.matcher(k).matches())) {
            validation.add("Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy "
                    + "constraint: [Member must satisfy regular expression pattern: " + ENVIRONMENT_KEY.pattern() + "]");
        }
        validation.throwIfAny();
        String functionName = FunctionRef.parse(name, null, 140).name();
        if (!"Zip".equals(orDefault(body.string("PackageType"), "Zip"))) {
            throw new AwsException(400, INVALID_PARAMETER, "Stratus runs Zip packages only");
        }
        if (handler == null) {
            throw new AwsException(400, INVALID_PARAMETER, "Handler must be provided for Zip package type");
        }
        if (runtime == null) {
            throw new AwsException(400, INVALID_PARAMETER, "Runtime must be provided for Zip package type");
        }
        checkEnvironment(environment);
        byte[] zip = zipFile(codeMember);
        Boolean publish = body.bool("Publish");
        FunctionInfo created = target.create(new FunctionDefinition(functionName, handler, runtime, role, memorySize,
                timeout, environment, description), zip, Boolean.TRUE.equals(publish));
        json(response, 201, configuration(created));
    }

    private void updateFunctionCode(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        CodeDeployer target = requireDeployer();
        FunctionInfo info = function(request, functionName, false);
        JsonBody body = AwsJson.parseObject(codeBody(request, "UpdateFunctionCode"), AwsJson.INVALID_REQUEST_CONTENT);
        String revisionId = body.string("RevisionId");
        if (revisionId != null && !revisionId.equals(configuration(info).get("RevisionId").getAsString())) {
            throw new AwsException(412, "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id. "
                            + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        if (!target.manages(info.name())) {
            throw new AwsException(400, INVALID_PARAMETER, "Function " + info.name() + " is declared by bundle "
                    + info.bundleSymbolicName() + ": replace the bundle to change its code");
        }
        byte[] zip = zipFile(body);
        if (Boolean.TRUE.equals(body.bool("DryRun"))) {
            json(response, 200, configuration(info));
            return;
        }
        FunctionInfo updated = target.updateCode(info.name(), zip, Boolean.TRUE.equals(body.bool("Publish")));
        json(response, 200, configuration(updated));
    }

    private void deleteFunction(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionRef ref = FunctionRef.parse(functionName, request.parameter("Qualifier"), 140);
        FunctionInfo info = function(request, ref.name(), false);
        CodeDeployer target = requireDeployer();
        if (!target.manages(info.name())) {
            throw new AwsException(400, INVALID_PARAMETER, "Function " + info.name() + " is declared by bundle "
                    + info.bundleSymbolicName() + ": remove the bundle (its jar in deploy/) to delete it");
        }
        if (ref.qualifier() != null && !LambdaDocuments.LATEST.equals(ref.qualifier())
                && !ref.qualifier().chars().allMatch(Character::isDigit)) {
            throw new AwsException(400, INVALID_PARAMETER, "Deletion of aliases is not supported by DeleteFunction: "
                    + "use DeleteAlias");
        }
        target.delete(info.name(), ref.qualifier());
        if (ref.qualifier() == null && policies != null) {
            policies.removeAll(info.name());
        }
        noContent(response);
    }

    private void publishVersion(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        String description = body.string("Description");
        new Validation().maxLength("description", description, 256).throwIfAny();
        String revisionId = body.string("RevisionId");
        if (revisionId != null && !revisionId.equals(configuration(info).get("RevisionId").getAsString())) {
            throw new AwsException(412, "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id. "
                            + "Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
        CodeDeployer target = requireDeployer();
        if (!target.manages(info.name())) {
            throw new AwsException(400, INVALID_PARAMETER, "Function " + info.name() + " is declared by bundle "
                    + info.bundleSymbolicName() + ": only uploaded functions have published versions");
        }
        FunctionInfo published = target.publish(info.name(), description, body.string("CodeSha256"));
        json(response, 201, configuration(published));
    }

    private void listVersions(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        List<FunctionInfo> all = versions == null ? List.of(info) : versions.versions(info.name());
        int maxItems = FunctionListing.maxItems(request.parameter("MaxItems"));
        int start = markerIndex(request.parameter("Marker"), all.size());
        int end = Math.min(all.size(), start + maxItems);
        List<JsonObject> page = new java.util.ArrayList<>();
        for (FunctionInfo version : all.subList(start, end)) {
            page.add(configuration(version));
        }
        json(response, 200, LambdaDocuments.versionList(page, end < all.size() ? Integer.toString(end) : null));
    }

    private static int markerIndex(String marker, int size) throws AwsException {
        if (marker == null || marker.isEmpty()) {
            return 0;
        }
        try {
            int index = Integer.parseInt(marker);
            if (index >= 0 && index <= size) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new AwsException(400, INVALID_PARAMETER, "Invalid marker: " + marker);
    }

    private static Map<String, Double> weights(JsonBody body) throws AwsException {
        JsonBody routing = body.object("RoutingConfig");
        if (routing == null) {
            return null;
        }
        JsonBody weights = routing.object("AdditionalVersionWeights");
        Map<String, Double> result = new java.util.LinkedHashMap<>();
        if (weights != null) {
            for (Map.Entry<String, JsonElement> entry : weights.json().entrySet()) {
                JsonElement value = entry.getValue();
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
                    throw new AwsException(400, "ValidationException", "1 validation error detected: Value at "
                            + "'routingConfig.additionalVersionWeights' failed to satisfy constraint: "
                            + "Map value must be a number");
                }
                double weight = value.getAsDouble();
                if (!entry.getKey().matches("[0-9]+") || weight < 0 || weight > 1) {
                    throw new AwsException(400, "ValidationException", "1 validation error detected: Value '"
                            + entry.getKey() + "=" + weight + "' at 'routingConfig.additionalVersionWeights' failed "
                            + "to satisfy constraint: Map keys must satisfy [0-9]+ and values must be between 0.0 "
                            + "and 1.0");
                }
                result.put(entry.getKey(), weight);
            }
        }
        return result;
    }

    private void createAlias(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        String name = body.string("Name");
        String version = body.string("FunctionVersion");
        String description = body.string("Description");
        new Validation().notNull("name", name).minLength("name", name, 1).maxLength("name", name, 128)
                .pattern("name", name, ALIAS_NAME).notNull("functionVersion", version)
                .maxLength("functionVersion", version, 1024).pattern("functionVersion", version, FUNCTION_VERSION)
                .maxLength("description", description, 256).throwIfAny();
        Map<String, Double> weights = weights(body);
        json(response, 201, LambdaDocuments.alias(requireVersions().createAlias(info.name(), name, version,
                weights == null ? Map.of() : weights, description == null ? "" : description)));
    }

    private void updateAlias(AwsRequest request, AwsResponse response, LambdaOperation.Route route)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, route.functionName(), false);
        alias(request, route);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        String version = body.string("FunctionVersion");
        String description = body.string("Description");
        new Validation().maxLength("functionVersion", version, 1024).pattern("functionVersion", version, FUNCTION_VERSION)
                .maxLength("description", description, 256).throwIfAny();
        json(response, 200, LambdaDocuments.alias(requireVersions().updateAlias(info.name(), route.aliasName(), version,
                weights(body), description, body.string("RevisionId"))));
    }

    private void listAliases(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException, FunctionException {
        FunctionInfo info = function(request, functionName, false);
        String version = request.parameter("FunctionVersion");
        new Validation().pattern("functionVersion", version, FUNCTION_VERSION).throwIfAny();
        List<AliasInfo> all = requireVersions().aliases(info.name(), version);
        int maxItems = FunctionListing.maxItems(request.parameter("MaxItems"));
        int start = markerIndex(request.parameter("Marker"), all.size());
        int end = Math.min(all.size(), start + maxItems);
        json(response, 200, LambdaDocuments.aliasList(all.subList(start, end),
                end < all.size() ? Integer.toString(end) : null));
    }

    private AliasInfo alias(AwsRequest request, LambdaOperation.Route route) throws AwsException {
        FunctionInfo info = function(request, route.functionName(), false);
        String name = route.aliasName();
        new Validation().maxLength("name", name, 128).pattern("name", name, ALIAS_NAME).throwIfAny();
        return requireVersions().alias(info.name(), name).orElseThrow(() -> new AwsException(404, NOT_FOUND,
                "Alias not found: " + info.arn() + ":" + name));
    }

    // ---- Resource-based policy

    static final Pattern STATEMENT_ID = Pattern.compile("([a-zA-Z0-9-_.]+)");
    static final Pattern POLICY_ACTION = Pattern.compile("(lambda:[*]|lambda:[a-zA-Z]+|[*])");
    static final Pattern PRINCIPAL = Pattern.compile("[^\\s]+");
    static final Pattern SOURCE_ARN = Pattern.compile(
            "arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)");
    static final Pattern SOURCE_ACCOUNT = Pattern.compile("\\d{12}");
    static final Pattern SERVICE_PRINCIPAL = Pattern.compile("[a-z0-9.-]+\\.amazonaws\\.com");

    private void addPermission(AwsRequest request, AwsResponse response, String functionName)
            throws AwsException, IOException {
        FunctionRef ref = FunctionRef.parse(functionName, request.parameter("Qualifier"), 140);
        JsonBody body = AwsJson.parseObject(request.body(MAX_REQUEST_BODY), AwsJson.INVALID_REQUEST_CONTENT);
        String sid = body.string("StatementId");
        String action = body.string("Action");
        String principal = body.string("Principal");
        String sourceArn = body.string("SourceArn");
        String sourceAccount = body.string("SourceAccount");
        new Validation().notNull("statementId", sid).minLength("statementId", sid, 1)
                .maxLength("statementId", sid, 100).pattern("statementId", sid, STATEMENT_ID)
                .notNull("action", action).pattern("action", action, POLICY_ACTION)
                .notNull("principal", principal).pattern("principal", principal, PRINCIPAL)
                .pattern("sourceArn", sourceArn, SOURCE_ARN)
                .pattern("sourceAccount", sourceAccount, SOURCE_ACCOUNT).throwIfAny();
        FunctionInfo info = function(request, ref);
        FunctionPolicyStore store = requirePolicies();
        JsonObject statement = new JsonObject();
        statement.addProperty("Sid", sid);
        statement.addProperty("Effect", "Allow");
        statement.add("Principal", principal(principal));
        statement.addProperty("Action", action);
        statement.addProperty("Resource", store.resourceArn(info.name(), ref.qualifier()));
        JsonObject condition = new JsonObject();
        if (sourceAccount != null) {
            JsonObject equals = new JsonObject();
            equals.addProperty("AWS:SourceAccount", sourceAccount);
            condition.add("StringEquals", equals);
        }
        if (sourceArn != null) {
            JsonObject like = new JsonObject();
            like.addProperty("AWS:SourceArn", sourceArn);
            condition.add("ArnLike", like);
        }
        if (condition.size() > 0) {
            statement.add("Condition", condition);
        }
        store.add(info.name(), ref.qualifier(), sid, statement, body.string("RevisionId"));
        JsonObject answer = new JsonObject();
        answer.addProperty("Statement", statement.toString());
        json(response, 201, answer);
    }

    /** Lambda's Principal parameter as a policy Principal: a service, an account, an ARN or everyone. */
    private static JsonElement principal(String principal) throws AwsException {
        if (principal.equals("*")) {
            return new com.google.gson.JsonPrimitive("*");
        }
        JsonObject named = new JsonObject();
        if (SERVICE_PRINCIPAL.matcher(principal).matches()) {
            named.addProperty("Service", principal);
        } else if (SOURCE_ACCOUNT.matcher(principal).matches()) {
            named.addProperty("AWS", "arn:aws:iam::" + principal + ":root");
        } else if (principal.startsWith("arn:aws:iam::")) {
            named.addProperty("AWS", principal);
        } else {
            throw new AwsException(400, INVALID_PARAMETER,
                    "The provided principal was invalid. Please check the principal and try again.");
        }
        return named;
    }

    private void getPolicy(AwsRequest request, AwsResponse response, String functionName) throws AwsException, IOException {
        FunctionRef ref = FunctionRef.parse(functionName, request.parameter("Qualifier"), 170);
        FunctionInfo info = function(request, ref);
        FunctionPolicyStore.StoredPolicy policy = requirePolicies().get(info.name(), ref.qualifier())
                .orElseThrow(() -> new AwsException(404, NOT_FOUND, "The resource you requested does not exist.", true,
                        Map.of("Type", "User")));
        JsonObject answer = new JsonObject();
        answer.addProperty("Policy", policy.document());
        answer.addProperty("RevisionId", policy.revisionId());
        json(response, 200, answer);
    }

    private void removePermission(AwsRequest request, AwsResponse response, LambdaOperation.Route route)
            throws AwsException, IOException {
        FunctionRef ref = FunctionRef.parse(route.functionName(), request.parameter("Qualifier"), 140);
        String sid = route.aliasName();
        new Validation().maxLength("statementId", sid, 100).pattern("statementId", sid, STATEMENT_ID).throwIfAny();
        FunctionInfo info = function(request, ref);
        requirePolicies().remove(info.name(), ref.qualifier(), sid, request.parameter("RevisionId"));
        noContent(response);
    }

    private FunctionPolicyStore requirePolicies() throws AwsException {
        if (policies == null) {
            throw new AwsException(500, "ServiceException", "Resource-based policies are not available");
        }
        return policies;
    }

    // ---- Helpers

    /** The function (version) a path names, with its Qualifier parameter when the operation takes one. */
    private FunctionInfo function(AwsRequest request, String functionName, boolean qualifierParameter)
            throws AwsException {
        return function(request, FunctionRef.parse(functionName,
                qualifierParameter ? request.parameter("Qualifier") : null, 140));
    }

    private FunctionInfo function(AwsRequest request, FunctionRef ref) throws AwsException {
        FunctionInfo info;
        if (!ref.isPublishedVersionOrAlias()) {
            info = registry.get(ref.name()).orElse(null);
        } else {
            info = versions == null ? null : versions.version(ref.name(), ref.qualifier()).orElse(null);
        }
        if (info == null) {
            String arn = "arn:aws:lambda:" + request.region() + ":" + account(request) + ":function:" + ref.name()
                    + (ref.qualifier() == null ? "" : ":" + ref.qualifier());
            throw new AwsException(404, NOT_FOUND, "Function not found: " + arn);
        }
        return info;
    }

    private static String account(AwsRequest request) {
        return request.principal() == null ? "000000000000" : request.principal().accountId();
    }

    private static void json(AwsResponse response, int status, JsonObject json) throws IOException {
        response.status(status);
        response.body("application/json", AwsJson.toBytes(json));
    }

    private static void noContent(AwsResponse response) throws IOException {
        response.status(204);
        response.body(null, new byte[0]);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
