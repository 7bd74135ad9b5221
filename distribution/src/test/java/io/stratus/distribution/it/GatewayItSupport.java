package io.stratus.distribution.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.After;
import org.junit.Before;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What the gateway's integration tests share: a real HTTP client on the gateway port and waiting
 * for routes to come and go.
 */
public abstract class GatewayItSupport extends LambdaItSupport {

    /** distribution/test-functions-web. */
    static final String WEB = "io.stratus.test.functions.web.jar";
    /** examples/hello-web. */
    static final String HELLO_WEB = "io.stratus.examples.hello.web.jar";

    protected HttpClient http;

    @Before
    public void openHttpClient() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @After
    public void closeHttpClient() {
        // java.net.http.HttpClient is AutoCloseable only from Java 21: on 17 it goes with its last reference
        http = null;
    }

    protected HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(60));
    }

    protected HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> fetch(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(pathAndQuery).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** Waits until {@code GET path} answers {@code status}; returns that answer. */
    protected HttpResponse<String> awaitStatus(String path, int status) throws InterruptedException {
        return await("GET " + path + " answers " + status, DEPLOY, () -> {
            HttpResponse<String> answer = fetch(path);
            return answer.statusCode() == status ? answer : null;
        }, this::deploymentState);
    }

    /** The Content-Type without spaces (Jetty writes {@code text/html;charset=utf-8} for {@code text/html; charset=utf-8}). */
    static String contentType(HttpResponse<?> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** A header's value in a JSON object of headers, whatever the case of its name. */
    static String member(JsonObject headers, String name) {
        for (String key : headers.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return headers.get(key).isJsonArray() ? headers.get(key).toString() : headers.get(key).getAsString();
            }
        }
        return null;
    }
}
