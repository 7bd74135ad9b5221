import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsProtocol;
import io.stratus.aws.api.AwsRequest;
import io.stratus.iam.impl.policy.Policy;
import io.stratus.iam.impl.policy.PolicyEvaluator;
import io.stratus.iam.impl.policy.PolicyParser;
import io.stratus.iam.impl.sigv4.SigV4;
import io.stratus.iam.impl.sigv4.SigV4Verifier;
import io.stratus.iam.impl.sigv4.SigningKeys;

/**
 * Per-request cost of what IAM adds to every request on the AWS endpoint: SigV4 verification of a
 * signed Lambda Invoke (1 KiB JSON body hashed, 5 signed headers) plus evaluation of a
 * 10-statement identity policy with conditions, measured one request at a time after a warm-up.
 * Run by bench/iam.sh.
 */
public class IamBench {

    static final String KEY_ID = "AKIABENCHBENCHBENCH0";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Instant now = Instant.parse("2026-11-26T02:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        AwsPrincipal user = new AwsPrincipal("000000000000", "arn:aws:iam::000000000000:user/bench", "AIDABENCH", KEY_ID);
        SigningKeys keys = id -> KEY_ID.equals(id) ? new SigningKeys.Key(KEY_ID, SECRET, null, null, user) : null;
        SigV4Verifier verifier = new SigV4Verifier(keys, () -> clock, () -> clock, 8 << 20);
        BenchRequest request = signedInvoke(now);
        List<Policy> policies = List.of(PolicyParser.parse("bench", tenStatements(), PolicyParser.Kind.IDENTITY));
        String resource = "arn:aws:lambda:us-east-1:000000000000:function:hello";

        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += once(verifier, request, policies, resource, now);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] nanos = new long[measured];
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < measured; i++) {
            long start = System.nanoTime();
            sink += once(verifier, request, policies, resource, now);
            nanos[i] = System.nanoTime() - start;
        }
        double cpuPerRequest = (threads.getCurrentThreadCpuTime() - cpuStart) / 1000.0 / measured;
        // the two halves apart, CPU time only
        long verifyStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < measured / 4; i++) {
            sink += verifier.verify(request, "lambda").arn().length();
        }
        double verifyCpu = (threads.getCurrentThreadCpuTime() - verifyStart) / 1000.0 / (measured / 4);
        // what bench/storage.sh and bench/auth-cost.sh send: an S3 GET presigned by the SDK (query authentication)
        BenchRequest presigned = presignedGet(now);
        for (int i = 0; i < warmup; i++) {
            sink += verifier.verify(presigned, "s3").arn().length();
        }
        long presignedStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < measured / 4; i++) {
            sink += verifier.verify(presigned, "s3").arn().length();
        }
        double presignedCpu = (threads.getCurrentThreadCpuTime() - presignedStart) / 1000.0 / (measured / 4);
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "JDK %s, %d cores; %d warm-up requests, %d measured (sink %d)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup, measured, sink);
        System.out.printf(Locale.ROOT, "SigV4 verify + 10-statement policy, per request (us): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                us(nanos, 0.50), us(nanos, 0.90), us(nanos, 0.99), us(nanos, 0.999), nanos[nanos.length - 1] / 1000.0);
        System.out.printf(Locale.ROOT, "CPU time per request (us, mean, not disturbed by other processes): %.2f, of which SigV4 verification %.2f%n",
                cpuPerRequest, verifyCpu);
        System.out.printf(Locale.ROOT, "CPU time per presigned S3 GET's SigV4 verification (us, mean): %.2f%n", presignedCpu);
        double p99 = us(nanos, 0.99);
        System.out.println(p99 <= 20 ? "goal p99 <= 20 us: MET" : "goal p99 <= 20 us: MISSED by " + (p99 - 20) + " us");
    }

    static double us(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1000.0;
    }

    /** One request's authentication and authorization, as the front door runs them. */
    static long once(SigV4Verifier verifier, BenchRequest request, List<Policy> policies, String resource, Instant now)
            throws Exception {
        AwsPrincipal principal = verifier.verify(request, "lambda");
        Map<String, List<String>> context = new HashMap<>();
        context.put("aws:principalarn", List.of(principal.arn()));
        context.put("aws:username", List.of("bench"));
        context.put("aws:userid", List.of(principal.userId()));
        context.put("aws:principalaccount", List.of(principal.accountId()));
        context.put("aws:currenttime", List.of(now.toString()));
        context.put("aws:epochtime", List.of(Long.toString(now.getEpochSecond())));
        context.put("aws:securetransport", List.of("false"));
        context.put("aws:sourceip", List.of(request.sourceIp()));
        context.put("aws:requestedregion", List.of("us-east-1"));
        PolicyEvaluator.Result result = PolicyEvaluator.evaluate(policies, "lambda:InvokeFunction", resource, context);
        if (!result.allowed()) {
            throw new IllegalStateException(result.reason());
        }
        return result.reason().length();
    }

    /** Ten statements: allows and denies on other services and resources, conditions of several kinds; the eighth allows. */
    static String tenStatements() {
        List<String> statements = new ArrayList<>();
        statements.add("{\"Sid\":\"S3Read\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::data\",\"arn:aws:s3:::data/*\"]}");
        statements.add("{\"Sid\":\"NoSecrets\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::secrets/*\"}");
        statements.add("{\"Sid\":\"Logs\",\"Effect\":\"Allow\",\"Action\":[\"logs:CreateLogGroup\",\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":\"*\"}");
        statements.add("{\"Sid\":\"Events\",\"Effect\":\"Allow\",\"Action\":\"events:Put*\",\"Resource\":\"arn:aws:events:*:000000000000:rule/nightly-*\"}");
        statements.add("{\"Sid\":\"NoIamWrites\",\"Effect\":\"Deny\",\"Action\":[\"iam:Create*\",\"iam:Delete*\",\"iam:Put*\"],\"Resource\":\"*\"}");
        statements.add("{\"Sid\":\"OwnKeys\",\"Effect\":\"Allow\",\"Action\":\"iam:*AccessKey*\",\"Resource\":\"arn:aws:iam::000000000000:user/${aws:username}\"}");
        statements.add("{\"Sid\":\"OnlyFromHere\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"NotIpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"10.0.0.0/8\"]}}}");
        statements.add("{\"Sid\":\"Invoke\",\"Effect\":\"Allow\",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:hel*\",\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":\"us-east-1\"},\"DateLessThan\":{\"aws:CurrentTime\":\"2030-01-01T00:00:00Z\"}}}");
        statements.add("{\"Sid\":\"NoProdConfig\",\"Effect\":\"Deny\",\"Action\":\"lambda:Update*\",\"Resource\":\"arn:aws:lambda:*:*:function:prod-*\"}");
        statements.add("{\"Sid\":\"ReadFunctions\",\"Effect\":\"Allow\",\"Action\":[\"lambda:Get*\",\"lambda:List*\"],\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}");
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** A Lambda Invoke as the SDK sends it, signed at {@code now}. */
    static BenchRequest signedInvoke(Instant now) {
        byte[] body = ("{\"payload\":\"" + "x".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        String amzDate = SigV4Verifier.format(now);
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("localhost:4566"));
        headers.put("x-amz-date", List.of(amzDate));
        headers.put("content-type", List.of("application/json"));
        headers.put("content-length", List.of(Integer.toString(body.length)));
        headers.put("amz-sdk-invocation-id", List.of("0f5f7d5c-6f57-4c9a-a2b5-3b9c0c1e2d3f"));
        List<String> signed = List.of("amz-sdk-invocation-id", "content-length", "content-type", "host", "x-amz-date");
        String path = "/2015-03-31/functions/hello/invocations";
        String canonical = SigV4.canonicalRequest("POST", SigV4.canonicalUri(path, false), "",
                SigV4.canonicalHeaders(headers, signed), String.join(";", signed), SigV4.sha256Hex(body));
        String scope = amzDate.substring(0, 8) + "/us-east-1/lambda/aws4_request";
        String signature = SigV4.signature(SigV4.signingKey(SECRET, amzDate.substring(0, 8), "us-east-1", "lambda"),
                SigV4.stringToSign(amzDate, scope, canonical));
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + scope + ", SignedHeaders="
                + String.join(";", signed) + ", Signature=" + signature));
        return new BenchRequest("POST", path, "", headers, body);
    }

    /**
     * A GET of a 1 KiB object presigned as the SDK's S3Presigner writes it (bench/S3Targets): host
     * signed, UNSIGNED-PAYLOAD, the parameters in the SDK's order, the credential's slashes escaped.
     */
    static BenchRequest presignedGet(Instant now) {
        String amzDate = SigV4Verifier.format(now);
        String scope = amzDate.substring(0, 8) + "/us-east-1/s3/aws4_request";
        String path = "/bench/get-1024";
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + amzDate + "&X-Amz-SignedHeaders=host"
                + "&X-Amz-Credential=" + SigV4.encode(KEY_ID + "/" + scope, true) + "&X-Amz-Expires=604800";
        String canonical = SigV4.canonicalRequest("GET", SigV4.canonicalUri(path, true),
                SigV4.canonicalQuery(query, null), "host:localhost:4566\n", "host", SigV4Verifier.UNSIGNED_PAYLOAD);
        String signature = SigV4.signature(SigV4.signingKey(SECRET, amzDate.substring(0, 8), "us-east-1", "s3"),
                SigV4.stringToSign(amzDate, scope, canonical));
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("localhost:4566"));
        headers.put("user-agent", List.of("wrk"));
        return new BenchRequest("GET", path, query + "&X-Amz-Signature=" + signature, headers, new byte[0]);
    }

    record BenchRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headerMap, byte[] content)
            implements AwsRequest {
        public String path() { return rawPath; }
        public Map<String, List<String>> parameters() { return Map.of(); }
        public String parameter(String name) { return null; }
        public String header(String name) {
            List<String> values = headerMap.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
        public List<String> headers(String name) { return headerMap.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()); }
        public List<String> headerNames() { return new ArrayList<>(headerMap.keySet()); }
        public String target() { return null; }
        public byte[] body(int limit) { return content; }
        public InputStream bodyStream() { return new ByteArrayInputStream(content); }
        public String requestId() { return "bench"; }
        public String region() { return "us-east-1"; }
        public AwsPrincipal principal() { return null; }
        public String sourceIp() { return "127.0.0.1"; }
        public AwsProtocol protocol() { return rawQuery.isEmpty() ? AwsProtocol.REST_JSON : AwsProtocol.REST_XML; }
    }
}
