package io.stratus.lambda.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.runtime.api.DeadLetter;
import io.stratus.runtime.api.EventInvokeConfig;
import io.stratus.runtime.api.FunctionException;
import io.stratus.runtime.api.FunctionInfo;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.runtime.api.FunctionSpec;
import io.stratus.runtime.api.FunctionState;
import io.stratus.runtime.api.FunctionUpdate;
import io.stratus.runtime.api.InvocationRequest;
import io.stratus.runtime.api.InvocationResult;
import io.stratus.runtime.api.Invoker;

/** Test doubles for the runtime API and the front door's request/response. */
final class Fakes {

    static final String ACCOUNT = "123456789012";
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Fakes() {
    }

    static FunctionInfo function(String name) {
        return new FunctionInfo(
                new FunctionSpec(name, "com.example.Hello::handleRequest", 128, 3, Map.of(), null, ""),
                "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name, FunctionState.Active, null, null, 42L,
                "com.example.hello", "1.0.0", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", 2048L, T0, null,
                EventInvokeConfig.DEFAULT);
    }

    /** An in-memory registry with the runtime's contract for the calls the API makes. */
    static final class Registry implements FunctionRegistry {
        final Map<String, FunctionInfo> functions = new TreeMap<>();
        final Map<String, List<DeadLetter>> deadLetters = new TreeMap<>();
        final List<String> calls = new ArrayList<>();
        Instant now = T0.plusSeconds(60);

        Registry add(FunctionInfo info) {
            functions.put(info.name(), info);
            return this;
        }

        private FunctionInfo require(String name) throws FunctionException {
            FunctionInfo info = functions.get(name);
            if (info == null) {
                throw FunctionException.notFound("Function not found: " + name);
            }
            return info;
        }

        private FunctionInfo replace(FunctionInfo old, FunctionSpec spec, Integer reserved, EventInvokeConfig config) {
            FunctionInfo info = new FunctionInfo(spec, old.arn(), old.state(), old.stateReason(), old.stateReasonCode(),
                    old.bundleId(), old.bundleSymbolicName(), old.bundleVersion(), old.codeSha256(), old.codeSize(), now,
                    reserved, config);
            functions.put(info.name(), info);
            return info;
        }

        @Override
        public List<FunctionInfo> list() {
            return List.copyOf(functions.values());
        }

        @Override
        public Optional<FunctionInfo> get(String nameOrArn) {
            return Optional.ofNullable(functions.get(nameOrArn));
        }

        @Override
        public FunctionInfo update(String name, FunctionUpdate update) throws FunctionException {
            calls.add("update " + name);
            FunctionInfo old = require(name);
            FunctionSpec s = old.spec();
            FunctionSpec spec = new FunctionSpec(s.name(), s.handler(),
                    update.memorySize() != null ? update.memorySize() : s.memorySize(),
                    update.timeout() != null ? update.timeout() : s.timeout(),
                    update.environment() != null ? update.environment() : s.environment(),
                    update.role() != null ? update.role() : s.role(),
                    update.description() != null ? update.description() : s.description());
            return replace(old, spec, old.reservedConcurrency(), old.eventInvokeConfig());
        }

        @Override
        public FunctionInfo putConcurrency(String name, int reserved) throws FunctionException {
            calls.add("putConcurrency " + name + " " + reserved);
            if (reserved > unreservedConcurrency() - 100) {
                throw FunctionException.invalidParameter("Specified ReservedConcurrentExecutions for function decreases "
                        + "account's UnreservedConcurrentExecution below its minimum value of [100].");
            }
            FunctionInfo old = require(name);
            return replace(old, old.spec(), reserved, old.eventInvokeConfig());
        }

        @Override
        public FunctionInfo deleteConcurrency(String name) throws FunctionException {
            calls.add("deleteConcurrency " + name);
            FunctionInfo old = require(name);
            return replace(old, old.spec(), null, old.eventInvokeConfig());
        }

        @Override
        public FunctionInfo putEventInvokeConfig(String name, int retries, int age) throws FunctionException {
            calls.add("putEventInvokeConfig " + name + " " + retries + " " + age);
            FunctionInfo old = require(name);
            return replace(old, old.spec(), old.reservedConcurrency(), new EventInvokeConfig(retries, age, now));
        }

        @Override
        public FunctionInfo deleteEventInvokeConfig(String name) throws FunctionException {
            calls.add("deleteEventInvokeConfig " + name);
            FunctionInfo old = require(name);
            return replace(old, old.spec(), old.reservedConcurrency(), EventInvokeConfig.DEFAULT);
        }

        @Override
        public List<DeadLetter> deadLetters(String name) throws FunctionException {
            require(name);
            return deadLetters.getOrDefault(name, List.of());
        }

        @Override
        public int accountConcurrencyLimit() {
            return 1000;
        }

        @Override
        public int unreservedConcurrency() {
            return 1000 - functions.values().stream()
                    .mapToInt(f -> f.reservedConcurrency() == null ? 0 : f.reservedConcurrency()).sum();
        }
    }

    /** Records invocations and answers with a prepared result or refusal. */
    static final class RecordingInvoker implements Invoker {
        final List<InvocationRequest> sync = new ArrayList<>();
        final List<InvocationRequest> async = new ArrayList<>();
        InvocationResult result = new InvocationResult("inv-1", "$LATEST", "\"ok\"".getBytes(StandardCharsets.UTF_8),
                null, null);
        FunctionException refusal;

        @Override
        public InvocationResult invoke(InvocationRequest request) throws FunctionException {
            sync.add(request);
            if (refusal != null) {
                throw refusal;
            }
            return result;
        }

        @Override
        public String invokeAsync(InvocationRequest request) throws FunctionException {
            async.add(request);
            if (refusal != null) {
                throw refusal;
            }
            return "async-1";
        }
    }

    static final class Request implements AwsRequest {
        final String method;
        final String rawPath;
        final Map<String, List<String>> parameters = new LinkedHashMap<>();
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body = new byte[0];

        Request(String method, String rawPath) {
            this.method = method;
            this.rawPath = rawPath;
        }

        Request param(String name, String value) {
            parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        Request body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return LambdaOperation.decode(rawPath);
        }

        @Override
        public String rawPath() {
            return rawPath;
        }

        @Override
        public String rawQuery() {
            return "";
        }

        @Override
        public Map<String, List<String>> parameters() {
            return parameters;
        }

        @Override
        public String parameter(String name) {
            List<String> values = parameters.get(name);
            return values == null ? null : values.get(0);
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public List<String> headerNames() {
            return List.copyOf(headers.keySet());
        }

        @Override
        public String target() {
            return null;
        }

        @Override
        public byte[] body(int limit) throws AwsException {
            if (body.length > limit) {
                // what the front door answers
                throw new AwsException(413, "RequestTooLargeException", "Request must be smaller than " + limit + " bytes");
            }
            return body;
        }

        @Override
        public InputStream bodyStream() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public String requestId() {
            return "front-door-id";
        }

        @Override
        public String region() {
            return "us-east-1";
        }

        @Override
        public AwsPrincipal principal() {
            return new AwsPrincipal(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":root", ACCOUNT, null);
        }

        @Override
        public String sourceIp() {
            return "127.0.0.1";
        }
    }

    static final class Response implements AwsResponse {
        int status = -1;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        @Override
        public void status(int status) {
            this.status = status;
        }

        @Override
        public void header(String name, String value) {
            headers.put(name, value);
        }

        @Override
        public void body(String contentType, byte[] bytes) {
            this.contentType = contentType;
            body.writeBytes(bytes);
        }

        @Override
        public OutputStream bodyStream(String contentType) {
            this.contentType = contentType;
            return body;
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return JsonParser.parseString(text()).getAsJsonObject();
        }
    }
}
