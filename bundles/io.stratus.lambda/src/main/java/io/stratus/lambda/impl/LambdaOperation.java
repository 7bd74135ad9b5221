package io.stratus.lambda.impl;

import java.util.ArrayList;
import java.util.List;

/**
 * The Lambda API's operations and their REST routes (method and path template), as in the
 * AWS Lambda API Reference, plus Stratus's own {@link #GET_FUNCTION_CODE} and {@link #LIST_DEAD_LETTERS}.
 */
enum LambdaOperation {
    INVOKE("POST", "/2015-03-31/functions/{FunctionName}/invocations", "InvokeFunction"),
    LIST_FUNCTIONS("GET", "/2015-03-31/functions", "ListFunctions"),
    GET_FUNCTION("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction"),
    GET_FUNCTION_CONFIGURATION("GET", "/2015-03-31/functions/{FunctionName}/configuration", "GetFunctionConfiguration"),
    UPDATE_FUNCTION_CONFIGURATION("PUT", "/2015-03-31/functions/{FunctionName}/configuration", "UpdateFunctionConfiguration"),
    /** Stratus: the function's bundle jar, the target of GetFunction's Code.Location. */
    GET_FUNCTION_CODE("GET", "/2015-03-31/functions/{FunctionName}/code", "GetFunction"),
    /** Stratus: asynchronous events that exhausted their retries. */
    LIST_DEAD_LETTERS("GET", "/2015-03-31/functions/{FunctionName}/dead-letters", "GetFunction"),
    PUT_FUNCTION_CONCURRENCY("PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency"),
    GET_FUNCTION_CONCURRENCY("GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency"),
    DELETE_FUNCTION_CONCURRENCY("DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency"),
    PUT_FUNCTION_EVENT_INVOKE_CONFIG("PUT", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "PutFunctionEventInvokeConfig"),
    UPDATE_FUNCTION_EVENT_INVOKE_CONFIG("POST", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "UpdateFunctionEventInvokeConfig"),
    GET_FUNCTION_EVENT_INVOKE_CONFIG("GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "GetFunctionEventInvokeConfig"),
    DELETE_FUNCTION_EVENT_INVOKE_CONFIG("DELETE", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "DeleteFunctionEventInvokeConfig"),
    GET_ACCOUNT_SETTINGS("GET", "/2016-08-19/account-settings", "GetAccountSettings"),
    CREATE_FUNCTION("POST", "/2015-03-31/functions", "CreateFunction"),
    UPDATE_FUNCTION_CODE("PUT", "/2015-03-31/functions/{FunctionName}/code", "UpdateFunctionCode"),
    DELETE_FUNCTION("DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction"),
    PUBLISH_VERSION("POST", "/2015-03-31/functions/{FunctionName}/versions", "PublishVersion"),
    LIST_VERSIONS_BY_FUNCTION("GET", "/2015-03-31/functions/{FunctionName}/versions", "ListVersionsByFunction"),
    CREATE_ALIAS("POST", "/2015-03-31/functions/{FunctionName}/aliases", "CreateAlias"),
    LIST_ALIASES("GET", "/2015-03-31/functions/{FunctionName}/aliases", "ListAliases"),
    GET_ALIAS("GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "GetAlias"),
    UPDATE_ALIAS("PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "UpdateAlias"),
    DELETE_ALIAS("DELETE", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "DeleteAlias"),
    ADD_PERMISSION("POST", "/2015-03-31/functions/{FunctionName}/policy", "AddPermission"),
    GET_POLICY("GET", "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy"),
    /** The {Name} segment is the StatementId. */
    REMOVE_PERMISSION("DELETE", "/2015-03-31/functions/{FunctionName}/policy/{Name}", "RemovePermission");

    /** The path prefixes the service claims on the AWS endpoint. */
    static final String[] PATH_PREFIXES = { "/2015-03-31/", "/2016-08-19/", "/2017-10-31/", "/2019-09-25/",
            "/2019-09-30/" };

    /**
     * An operation matched by a request, with the function name and the alias name (RemovePermission:
     * the statement id) from its path (decoded), if any.
     */
    record Route(LambdaOperation operation, String functionName, String aliasName) {
        Route(LambdaOperation operation, String functionName) {
            this(operation, functionName, null);
        }
    }

    private static final String NAME = "{FunctionName}";
    private static final String ALIAS = "{Name}";

    final String method;
    private final String[] segments;
    /** The IAM action authorizing it ({@code lambda:} + this), as in the Service Authorization Reference. */
    final String iamAction;

    LambdaOperation(String method, String template, String iamAction) {
        this.method = method;
        this.segments = template.substring(1).split("/");
        this.iamAction = "lambda:" + iamAction;
    }

    /**
     * The operation a request names, or null. A trailing slash is ignored ({@code /functions/} is
     * ListFunctions, as the SDKs send it).
     */
    static Route match(String method, String rawPath) {
        List<String> parts = split(rawPath);
        for (LambdaOperation operation : values()) {
            if (!operation.method.equals(method) || operation.segments.length != parts.size()) {
                continue;
            }
            String name = null;
            String alias = null;
            boolean matches = true;
            for (int i = 0; i < parts.size() && matches; i++) {
                if (operation.segments[i].equals(NAME)) {
                    name = decode(parts.get(i));
                    matches = !name.isEmpty();
                } else if (operation.segments[i].equals(ALIAS)) {
                    alias = decode(parts.get(i));
                    matches = !alias.isEmpty();
                } else {
                    matches = operation.segments[i].equals(parts.get(i));
                }
            }
            if (matches) {
                return new Route(operation, name, alias);
            }
        }
        return null;
    }

    private static List<String> split(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/", -1)) {
            parts.add(part);
        }
        return parts;
    }

    /** Percent-decoding of one path segment ('+' is literal in paths). */
    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && Character.digit(segment.charAt(i + 1), 16) >= 0
                    && Character.digit(segment.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(segment.charAt(i + 1), 16) << 4 | Character.digit(segment.charAt(i + 2), 16));
                i += 2;
            } else {
                int codePoint = segment.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
