package io.stratus.distribution.it;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The Functions page in a real browser (headless Chromium driven over the DevTools protocol): log
 * into the console, open a function's page, invoke it from the form, and see the invocation's log
 * line arrive in the live tail and a point in the invocations chart. Skipped when no Chromium is
 * installed on a developer machine; on CI (CI=true) a missing browser fails the test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleBrowserIT extends LambdaItSupport {

    private static final List<String> BROWSERS = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final Duration PAGE = Duration.ofSeconds(30);

    private Process browser;
    private Path profile;
    private DevTools devTools;

    private static Path chromium() {
        for (String candidate : BROWSERS) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    @Before
    public void startBrowser() throws Exception {
        Path binary = chromium();
        if (binary == null && "true".equals(System.getenv("CI"))) {
            fail("CI must install Chromium (.ci/run does): none of " + BROWSERS);
        }
        assumeTrue("Chromium is not installed", binary != null);
        deployTestFunctions("printer");
        profile = Files.createTempDirectory("stratus-chromium");
        browser = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("browser.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        String port = await("Chromium's DevTools port", PAGE, () -> Files.isRegularFile(portFile)
                && !Files.readString(portFile).isBlank() ? Files.readAllLines(portFile).get(0).strip() : null);
        devTools = DevTools.connect(port);
    }

    @After
    public void stopBrowser() throws Exception {
        if (devTools != null) {
            devTools.close();
        }
        if (browser != null) {
            browser.destroy();
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void invokingFromTheFunctionPageShowsItsLogLineAndAChartPoint() throws Exception {
        // the framework property holds the hash; the password itself is where the banner says
        String password = Files.readString(Path.of(property("stratus.data")).resolve("console-password")).strip();
        String login = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        devTools.call("Network.enable", new JsonObject());
        JsonObject headers = new JsonObject();
        JsonObject authorization = new JsonObject();
        authorization.addProperty("Authorization", "Basic " + login);
        headers.add("headers", authorization);
        devTools.call("Network.setExtraHTTPHeaders", headers);

        navigate(gateway("/system/console/stratus-functions").toString());
        awaitTrue("the function list", "document.querySelector(\"#functions a[href$='/printer']\") !== null");
        devTools.evaluate("document.querySelector(\"#functions a[href$='/printer']\").click()");
        awaitTrue("the function page", "document.getElementById('invoke') !== null "
                + "&& document.getElementById('chart-hour-count').getAttribute('data-points') !== null");

        devTools.evaluate("document.getElementById('payload').value = '{\"text\":\"from-the-browser\"}'");
        devTools.evaluate("document.getElementById('invoke').click()");
        String requestId = await("the invocation's answer", PAGE, () -> {
            JsonElement id = devTools.evaluate("document.getElementById('result').getAttribute('data-request-id')");
            return id == null || id.isJsonNull() ? null : id.getAsString();
        });
        awaitTrue("the invocation's log line in the live tail", "document.getElementById('log').textContent"
                + ".indexOf('stdout from-the-browser') >= 0 && document.getElementById('log').textContent"
                + ".indexOf('END RequestId: " + requestId + "') >= 0");
        awaitTrue("a point in the invocations chart",
                "parseInt(document.getElementById('chart-hour-count').getAttribute('data-points'), 10) > 0");
        assertTrue(devTools.evaluate("document.getElementById('result').textContent").getAsString()
                .contains("from-the-browser"));
    }

    private void navigate(String url) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        JsonObject result = devTools.call("Page.navigate", params);
        if (result.has("errorText")) {
            fail("Chromium could not open " + url + ": " + result.get("errorText").getAsString() + "\n"
                    + Files.readString(profile.resolve("browser.log")));
        }
    }

    private void awaitTrue(String what, String expression) throws Exception {
        await(what, PAGE, () -> {
            JsonElement value = devTools.evaluate(expression);
            return value != null && value.isJsonPrimitive() && value.getAsBoolean() ? Boolean.TRUE : null;
        }, () -> {
            try {
                return "page: " + devTools.evaluate("location.href + '\\n' + document.body.innerText");
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    /** A minimal DevTools protocol client over the page target's WebSocket. */
    static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(String port) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String url = null;
            for (JsonElement target : JsonParser.parseString(list).getAsJsonArray()) {
                if ("page".equals(target.getAsJsonObject().get("type").getAsString())) {
                    url = target.getAsJsonObject().get("webSocketDebuggerUrl").getAsString();
                    break;
                }
            }
            assertTrue("no page target in " + list, url != null);
            DevTools devTools = new DevTools();
            devTools.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), devTools).get(30, TimeUnit.SECONDS);
            return devTools;
        }

        JsonObject call(String method, JsonObject params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> answer = new CompletableFuture<>();
            pending.put(id, answer);
            JsonObject message = new JsonObject();
            message.addProperty("id", id);
            message.addProperty("method", method);
            message.add("params", params);
            socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
            JsonObject response = answer.get(30, TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IOException(method + " failed: " + response.get("error"));
            }
            return response.getAsJsonObject("result");
        }

        /** The value of a JavaScript expression in the page (null when it threw or is undefined). */
        JsonElement evaluate(String expression) throws Exception {
            JsonObject params = new JsonObject();
            params.addProperty("expression", expression);
            params.addProperty("returnByValue", true);
            JsonObject result = call("Runtime.evaluate", params);
            if (result.has("exceptionDetails")) {
                return null;
            }
            return result.getAsJsonObject("result").get("value");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> answer = pending.remove(message.get("id").getAsInt());
                    if (answer != null) {
                        answer.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
