package io.stratus.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Baseline for the invoke benchmark: a bare Jetty 12 handler that reads the request body and
 * answers the same bytes the hello function answers, so the difference is what Stratus adds.
 * Usage: {@code BareJetty <port> <answer> [content type]} (default {@code application/json}).
 */
public final class BareJetty {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] answer = args[1].getBytes(StandardCharsets.UTF_8);
        String contentType = args.length > 2 ? args[2] : "application/json";
        Server server = new Server(port);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asString(request, StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        server.start();
        System.out.println("bare jetty on " + port);
        server.join();
    }
}
