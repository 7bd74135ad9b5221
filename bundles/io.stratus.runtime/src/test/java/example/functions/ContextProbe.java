package example.functions;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Answers with what its Context and environment say. */
public class ContextProbe implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", input);
        out.put("requestId", context.getAwsRequestId());
        out.put("logGroup", context.getLogGroupName());
        out.put("logStream", context.getLogStreamName());
        out.put("function", context.getFunctionName());
        out.put("version", context.getFunctionVersion());
        out.put("arn", context.getInvokedFunctionArn());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("remaining", context.getRemainingTimeInMillis());
        out.put("identity", context.getIdentity());
        if (context.getClientContext() != null) {
            out.put("appTitle", context.getClientContext().getClient().getAppTitle());
            out.put("custom", context.getClientContext().getCustom());
        }
        out.put("color", System.getenv("COLOR"));
        out.put("envFunction", System.getenv().get("AWS_LAMBDA_FUNCTION_NAME"));
        out.put("envStream", System.getenv("AWS_LAMBDA_LOG_STREAM_NAME"));
        out.put("envRegion", System.getenv("AWS_REGION"));
        out.put("envEndpoint", System.getenv("AWS_ENDPOINT_URL"));
        out.put("envMemory", System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        out.put("loader", Thread.currentThread().getContextClassLoader() == ContextProbe.class.getClassLoader());
        out.put("thread", Thread.currentThread().getName());
        out.put("secret", System.getenv("AWS_SECRET_ACCESS_KEY"));
        context.getLogger().log("bytes line".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out;
    }
}
