package io.stratus.runtime.impl.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.impl.handler.JsonMapping;

/** The {@link Context} a handler receives for one invocation. */
final class InvocationContext implements Context {

    private final String requestId;
    private final String functionName;
    private final String version;
    private final String arn;
    private final String logStreamName;
    private final int memory;
    private final ClientContext clientContext;
    private final Invocation invocation;
    private final LambdaLogger logger;

    InvocationContext(String requestId, String functionName, String version, String arn, String logStreamName,
            int memory, ClientContext clientContext, Invocation invocation, InvocationLog log) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.version = version;
        this.arn = arn;
        this.logStreamName = logStreamName;
        this.memory = memory;
        this.clientContext = clientContext;
        this.invocation = invocation;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.add(String.valueOf(message));
            }

            @Override
            public void log(byte[] message) {
                log.add(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return version;
    }

    @Override
    public String getInvokedFunctionArn() {
        return arn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return clientContext;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = (invocation.deadlineNanos() - System.nanoTime()) / 1_000_000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memory;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /**
     * Decodes Lambda's X-Amz-Client-Context (base64 JSON {@code {client, custom, env}}).
     *
     * @return null when none was given
     */
    static ClientContext decodeClientContext(String base64) throws FunctionException {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            String json = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
            JsonObject object = JsonMapping.GSON.fromJson(json, JsonObject.class);
            if (object == null) {
                throw new JsonParseException("empty");
            }
            return JsonMapping.GSON.fromJson(object, DecodedClientContext.class);
        } catch (IllegalArgumentException | JsonParseException | ClassCastException e) {
            throw new FunctionException("InvalidRequestContentException", 400,
                    "Client context must be a valid Base64-encoded JSON object.");
        }
    }

    private static final class DecodedClientContext implements ClientContext {
        DecodedClient client;
        Map<String, String> custom;
        Map<String, String> env;

        @Override
        public Client getClient() {
            return client;
        }

        @Override
        public Map<String, String> getCustom() {
            return custom;
        }

        @Override
        public Map<String, String> getEnvironment() {
            return env;
        }
    }

    private static final class DecodedClient implements Client {
        @SerializedName("installation_id")
        String installationId;
        @SerializedName("app_title")
        String appTitle;
        @SerializedName("app_version_name")
        String appVersionName;
        @SerializedName("app_version_code")
        String appVersionCode;
        @SerializedName("app_package_name")
        String appPackageName;

        @Override
        public String getInstallationId() {
            return installationId;
        }

        @Override
        public String getAppTitle() {
            return appTitle;
        }

        @Override
        public String getAppVersionName() {
            return appVersionName;
        }

        @Override
        public String getAppVersionCode() {
            return appVersionCode;
        }

        @Override
        public String getAppPackageName() {
            return appPackageName;
        }
    }
}
