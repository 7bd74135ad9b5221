package io.stratus.console.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import org.apache.felix.webconsole.servlet.ServletConstants;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/** Requests and responses for calling the console pages directly, as the Web Console would. */
final class ServletFixtures {

    static final String ROOT = "/system/console/";

    private ServletFixtures() {
    }

    static HttpServletRequest request(String label, String rest, Map<String, String> parameters, Part file) {
        return request(label, rest, parameters, file, Map.of("Host", "localhost:8080"));
    }

    static HttpServletRequest request(String label, String rest, Map<String, String> parameters, Part file,
            Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ServletFixtures.class.getClassLoader(),
                new Class<?>[] { HttpServletRequest.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getPathInfo" -> "/" + label + rest;
                    case "getParameter" -> parameters.get((String) args[0]);
                    case "getAttribute" -> ServletConstants.ATTR_PLUGIN_ROOT.equals(args[0]) ? ROOT + label : null;
                    case "getPart" -> "file".equals(args[0]) ? file : null;
                    case "getHeader" -> headers.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static Part file(String fileName, String contentType, byte[] bytes) {
        return (Part) Proxy.newProxyInstance(ServletFixtures.class.getClassLoader(), new Class<?>[] { Part.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSubmittedFileName" -> fileName;
                    case "getContentType" -> contentType;
                    case "getInputStream" -> new ByteArrayInputStream(bytes);
                    case "getSize" -> (long) bytes.length;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** What a page or action wrote back. */
    static final class Response {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final StringWriter text = new StringWriter();
        final Map<String, String> headers = new HashMap<>();
        int status = 200;
        String redirect;
        String contentType;

        HttpServletResponse proxy() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
            PrintWriter writer = new PrintWriter(text, true);
            return (HttpServletResponse) Proxy.newProxyInstance(ServletFixtures.class.getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "getOutputStream" -> {
                                return stream;
                            }
                            case "getWriter" -> {
                                return writer;
                            }
                            case "setStatus" -> status = (Integer) args[0];
                            case "sendError" -> {
                                status = (Integer) args[0];
                                text.write(args.length > 1 ? (String) args[1] : "");
                            }
                            case "sendRedirect" -> {
                                status = 302;
                                redirect = (String) args[0];
                            }
                            case "setContentType" -> contentType = (String) args[0];
                            case "setHeader", "addHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setDateHeader", "addDateHeader", "setContentLengthLong", "setContentLength",
                                    "setCharacterEncoding" -> {
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }

        /** The query parameter {@code name} of the redirect, decoded. */
        String redirectParameter(String name) throws IOException {
            String query = redirect.substring(redirect.indexOf('?') + 1);
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (pair.substring(0, eq).equals(name)) {
                    return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }
}
