package io.stratus.gateway.impl;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.stream.JsonWriter;

import io.stratus.aws.codec.UrlCodec;
import io.stratus.gateway.impl.GatewayRequest.Header;

/**
 * Writes the Lambda proxy event of a request, in payload format 1.0 (REST API) or 2.0 (HTTP API),
 * field for field as API Gateway sends it.
 */
final class ProxyEvents {

    /** What the event says about the API and this request beyond the HTTP request itself. */
    record Context(String accountId, String apiId, String stage, String requestId, long epochMillis,
            BinaryMediaTypes binaryMediaTypes) {
    }

    /* API Gateway's CLF-style request time: 12/Mar/2020:19:03:58 +0000 */
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter
            .ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    /* the formatted time of the last second seen: formatting it per request costs more than the rest of the event */
    private record Stamp(long second, String text) {
    }

    private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    private ProxyEvents() {
    }

    static String requestTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Stamp stamp = lastStamp;
        if (stamp.second() != second) {
            stamp = new Stamp(second, REQUEST_TIME.format(Instant.ofEpochSecond(second)));
            lastStamp = stamp;
        }
        return stamp.text();
    }

    static byte[] write(PayloadFormat format, GatewayRequest request, RouteTable.Match match, Context context) {
        StringWriter text = new StringWriter(512 + request.body().length * 4 / 3);
        try (JsonWriter json = new JsonWriter(text)) {
            json.setHtmlSafe(false);
            if (format == PayloadFormat.V1) {
                v1(json, request, match, context);
            } else {
                v2(json, request, match, context);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void v1(JsonWriter json, GatewayRequest request, RouteTable.Match match, Context context)
            throws IOException {
        RoutePattern pattern = match.route().pattern();
        String path = UrlCodec.decodePath(request.rawPath());
        String resource = pattern.catchAll() ? RoutePattern.DEFAULT : pattern.path();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header header : request.headers()) {
            headers.computeIfAbsent(header.name(), k -> new ArrayList<>(1)).add(header.value());
        }
        Map<String, List<String>> query = UrlCodec.parseForm(request.rawQuery());
        String host = request.header("Host");

        json.setSerializeNulls(true);
        json.beginObject();
        json.name("version").value("1.0");
        json.name("resource").value(resource);
        json.name("path").value(path);
        json.name("httpMethod").value(request.method());
        singleValued(json.name("headers"), headers);
        multiValued(json.name("multiValueHeaders"), headers);
        singleValued(json.name("queryStringParameters"), query);
        multiValued(json.name("multiValueQueryStringParameters"), query);
        json.name("requestContext").beginObject();
        json.name("accountId").value(context.accountId());
        json.name("apiId").value(context.apiId());
        json.name("domainName").value(host);
        json.name("domainPrefix").value(domainPrefix(host));
        json.name("extendedRequestId").value(context.requestId());
        json.name("httpMethod").value(request.method());
        json.name("identity").beginObject();
        for (String absent : new String[] {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId"}) {
            json.name(absent).nullValue();
        }
        json.name("sourceIp").value(request.sourceIp());
        json.name("user").nullValue();
        json.name("userAgent").value(request.header("User-Agent"));
        json.name("userArn").nullValue();
        json.endObject();
        json.name("path").value(path);
        json.name("protocol").value(request.protocol());
        json.name("requestId").value(context.requestId());
        json.name("requestTime").value(requestTime(context.epochMillis()));
        json.name("requestTimeEpoch").value(context.epochMillis());
        json.name("resourceId").nullValue();
        json.name("resourcePath").value(resource);
        json.name("stage").value(context.stage());
        json.endObject();
        strings(json.name("pathParameters"), match.pathParameters());
        json.name("stageVariables").nullValue();
        body(json, request, context);
        json.endObject();
    }

    private static void v2(JsonWriter json, GatewayRequest request, RouteTable.Match match, Context context)
            throws IOException {
        RoutePattern pattern = match.route().pattern();
        String routeKey = pattern.routeKey();
        // HTTP APIs lower-case header names and join repeated values with commas; cookies travel apart
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Header header : request.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.value().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
                continue;
            }
            headers.merge(name, header.value(), (a, b) -> a + "," + b);
        }
        Map<String, List<String>> query = UrlCodec.parseForm(request.rawQuery());
        String host = headers.get("host");

        // HTTP API events leave out what the request does not have, rather than writing nulls
        json.setSerializeNulls(false);
        json.beginObject();
        json.name("version").value("2.0");
        json.name("routeKey").value(routeKey);
        json.name("rawPath").value(request.rawPath());
        json.name("rawQueryString").value(request.rawQuery() == null ? "" : request.rawQuery());
        if (!cookies.isEmpty()) {
            json.name("cookies").beginArray();
            for (String cookie : cookies) {
                json.value(cookie);
            }
            json.endArray();
        }
        strings(json.name("headers"), headers);
        if (!query.isEmpty()) {
            json.name("queryStringParameters").beginObject();
            for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
                json.name(parameter.getKey()).value(String.join(",", parameter.getValue()));
            }
            json.endObject();
        }
        json.name("requestContext").beginObject();
        json.name("accountId").value(context.accountId());
        json.name("apiId").value(context.apiId());
        json.name("domainName").value(host);
        json.name("domainPrefix").value(domainPrefix(host));
        json.name("http").beginObject();
        json.name("method").value(request.method());
        json.name("path").value(UrlCodec.decodePath(request.rawPath()));
        json.name("protocol").value(request.protocol());
        json.name("sourceIp").value(request.sourceIp());
        json.name("userAgent").value(headers.get("user-agent"));
        json.endObject();
        json.name("requestId").value(context.requestId());
        json.name("routeKey").value(routeKey);
        json.name("stage").value(context.stage());
        json.name("time").value(requestTime(context.epochMillis()));
        json.name("timeEpoch").value(context.epochMillis());
        json.endObject();
        if (!match.pathParameters().isEmpty()) {
            strings(json.name("pathParameters"), match.pathParameters());
        }
        body(json, request, context);
        json.endObject();
    }

    private static void body(JsonWriter json, GatewayRequest request, Context context) throws IOException {
        byte[] body = request.body();
        boolean binary = context.binaryMediaTypes().binary(request.header("Content-Type"), body);
        if (body.length == 0) {
            if (json.getSerializeNulls()) {
                json.name("body").nullValue();
            }
        } else {
            json.name("body").value(binary ? Base64.getEncoder().encodeToString(body)
                    : new String(body, StandardCharsets.UTF_8));
        }
        json.name("isBase64Encoded").value(binary);
    }

    /* the first label of the Host (without port), as API Gateway's domainPrefix */
    static String domainPrefix(String host) {
        if (host == null) {
            return null;
        }
        String name = host;
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.indexOf(']') < colon) {
            name = name.substring(0, colon);
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    private static void singleValued(JsonWriter json, Map<String, List<String>> values) throws IOException {
        if (values.isEmpty()) {
            json.nullValue();
            return;
        }
        json.beginObject();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            // a single-valued map carries the last value, as API Gateway's does
            json.name(entry.getKey()).value(entry.getValue().get(entry.getValue().size() - 1));
        }
        json.endObject();
    }

    private static void multiValued(JsonWriter json, Map<String, List<String>> values) throws IOException {
        if (values.isEmpty()) {
            json.nullValue();
            return;
        }
        json.beginObject();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            json.name(entry.getKey()).beginArray();
            for (String value : entry.getValue()) {
                json.value(value);
            }
            json.endArray();
        }
        json.endObject();
    }

    private static void strings(JsonWriter json, Map<String, String> values) throws IOException {
        if (values.isEmpty()) {
            json.nullValue();
            return;
        }
        json.beginObject();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
        }
        json.endObject();
    }
}
