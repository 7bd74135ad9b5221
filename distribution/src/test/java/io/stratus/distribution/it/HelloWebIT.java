package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

/** examples/hello-web as the README shows it: a page on GET /hello and the event back on POST /echo. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HelloWebIT extends GatewayItSupport {

    @Before
    public void deployExample() throws Exception {
        ensureDeployed(HELLO_WEB);
        awaitStatus("/hello", 200);
    }

    @Test
    public void helloShowsAPageGreetingTheName() throws Exception {
        HttpResponse<String> page = fetch("/hello?name=x");

        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=utf-8", contentType(page));
        assertTrue(page.body(), page.body().startsWith("<!DOCTYPE html>"));
        assertTrue(page.body(), page.body().contains("<h1>Hello, x!</h1>"));
        assertTrue(page.body(), page.body().contains("<code>hello-page</code>"));
    }

    @Test
    public void helloEscapesTheName() throws Exception {
        assertTrue(fetch("/hello?name=%3Cb%3E").body().contains("<h1>Hello, &lt;b&gt;!</h1>"));
    }

    @Test
    public void echoAnswersTheEventItReceived() throws Exception {
        HttpResponse<String> answer = send(request("/echo?debug=1").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hello\":\"world\"}")));

        assertEquals(200, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(null));
        JsonObject event = object(answer.body());
        assertEquals("2.0", event.get("version").getAsString());
        assertEquals("POST /echo", event.get("routeKey").getAsString());
        assertEquals("/echo", event.get("rawPath").getAsString());
        assertEquals("debug=1", event.get("rawQueryString").getAsString());
        assertEquals("{\"hello\":\"world\"}", event.get("body").getAsString());
        assertEquals("application/json", event.getAsJsonObject("headers").get("content-type").getAsString());
        assertEquals("000000000000", event.getAsJsonObject("requestContext").get("accountId").getAsString());
    }
}
