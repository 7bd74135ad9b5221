package io.stratus.test.functions;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/** Returns what the platform put in the Context, and writes one line to the function's log. */
@Function(name = "context")
public class ContextReport implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        context.getLogger().log("context function called with request " + context.getAwsRequestId());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("awsRequestId", context.getAwsRequestId());
        fields.put("functionName", context.getFunctionName());
        fields.put("functionVersion", context.getFunctionVersion());
        fields.put("invokedFunctionArn", context.getInvokedFunctionArn());
        fields.put("memoryLimitInMB", context.getMemoryLimitInMB());
        fields.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        fields.put("logGroupName", context.getLogGroupName());
        fields.put("logStreamName", context.getLogStreamName());
        return fields;
    }
}
