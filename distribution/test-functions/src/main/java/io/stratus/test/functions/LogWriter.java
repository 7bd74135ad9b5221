package io.stratus.test.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import io.stratus.function.api.Function;

/**
 * Writes one line to a CloudWatch Logs group from inside a function, as code in a function does:
 * with its role's credentials from the environment, at {@code AWS_ENDPOINT_URL}, signed with plain
 * SigV4. Input: {@code group} (default: its own group), {@code stream}, {@code message}. Answers
 * the status and body of CreateLogGroup, CreateLogStream and PutLogEvents.
 */
@Function(name = "log-writer")
public class LogWriter implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String group = String.valueOf(event.getOrDefault("group", "/aws/lambda/" + System.getenv("AWS_LAMBDA_FUNCTION_NAME")));
        String stream = String.valueOf(event.getOrDefault("stream", "from-inside"));
        String message = String.valueOf(event.getOrDefault("message", "written from inside"));
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("CreateLogGroup", call("CreateLogGroup", "{\"logGroupName\":" + quote(group) + "}"));
        answers.put("CreateLogStream", call("CreateLogStream",
                "{\"logGroupName\":" + quote(group) + ",\"logStreamName\":" + quote(stream) + "}"));
        answers.put("PutLogEvents", call("PutLogEvents", "{\"logGroupName\":" + quote(group) + ",\"logStreamName\":"
                + quote(stream) + ",\"logEvents\":[{\"timestamp\":" + System.currentTimeMillis() + ",\"message\":"
                + quote(message) + "}]}"));
        return answers;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** One JSON 1.1 call to CloudWatch Logs: "status body". */
    private static String call(String operation, String json) {
        try {
            String endpoint = System.getenv("AWS_ENDPOINT_URL");
            URL url = new URL(endpoint.endsWith("/") ? endpoint : endpoint + "/");
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String region = System.getenv("AWS_REGION");
            String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE);
            String date = amzDate.substring(0, 8);
            String host = url.getPort() == -1 || url.getPort() == url.getDefaultPort() ? url.getHost()
                    : url.getHost() + ":" + url.getPort();
            Map<String, String> headers = new LinkedHashMap<>(); // sorted by name, lower case
            headers.put("content-type", "application/x-amz-json-1.1");
            headers.put("host", host);
            headers.put("x-amz-date", amzDate);
            String token = System.getenv("AWS_SESSION_TOKEN");
            if (token != null) {
                headers.put("x-amz-security-token", token);
            }
            headers.put("x-amz-target", "Logs_20140328." + operation);
            StringBuilder canonicalHeaders = new StringBuilder();
            headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
            String signedHeaders = String.join(";", headers.keySet());
            String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + hex(sha256(body));
            String scope = date + "/" + region + "/logs/aws4_request";
            String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                    + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] key = hmac(("AWS4" + System.getenv("AWS_SECRET_ACCESS_KEY")).getBytes(StandardCharsets.UTF_8), date);
            for (String part : new String[] {region, "logs", "aws4_request"}) {
                key = hmac(key, part);
            }
            String signature = hex(hmac(key, toSign));

            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(20_000);
            connection.setRequestMethod("POST");
            headers.forEach((name, value) -> {
                if (!name.equals("host")) {
                    connection.setRequestProperty(name, value);
                }
            });
            connection.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=" + System.getenv("AWS_ACCESS_KEY_ID")
                    + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return status + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | GeneralSecurityException e) {
            return "failed " + e;
        }
    }

    private static byte[] sha256(byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
