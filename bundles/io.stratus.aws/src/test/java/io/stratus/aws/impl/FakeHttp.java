package io.stratus.aws.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Minimal servlet request/response doubles (dynamic proxies) for the methods the front door uses. */
final class FakeHttp {

    private FakeHttp() {
    }

    static final class Request {
        String method = "GET";
        String uri = "/";
        String query;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byte[] body = new byte[0];
        boolean declareLength = true;
        /** Overrides the declared Content-Length (to claim more than is sent). */
        long declaredLength = -2;
        int bytesRead;

        Request(String method, String uri) {
            this.method = method;
            int q = uri.indexOf('?');
            this.uri = q < 0 ? uri : uri.substring(0, q);
            this.query = q < 0 ? null : uri.substring(q + 1);
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

        /** Sends the body without a Content-Length (chunked). */
        Request chunked() {
            this.declareLength = false;
            return this;
        }

        Request signedFor(String service, String region) {
            return header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/" + region + "/" + service
                    + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc");
        }

        HttpServletRequest servlet() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream stream = new ServletInputStream() {
                @Override
                public int read() {
                    int b = in.read();
                    if (b >= 0) {
                        bytesRead++;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    int n = in.read(b, off, len);
                    if (n > 0) {
                        bytesRead += n;
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (proxy, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getRequestURI" -> uri;
                        case "getContextPath" -> "";
                        case "getQueryString" -> query;
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
                        case "getContentType" -> headers.get("Content-Type");
                        case "getContentLengthLong" -> declaredLength != -2 ? declaredLength
                                : declareLength ? (long) body.length : -1L;
                        case "getContentLength" -> declareLength ? body.length : -1;
                        case "getInputStream" -> stream;
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "toString" -> method + " " + uri;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static final class Response {
        int status = 200;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;
        final List<String> calls = new ArrayList<>();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse servlet() {
            ServletOutputStream stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    committed = true;
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    committed = true;
                    body.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] { HttpServletResponse.class }, (proxy, m, args) -> {
                        calls.add(m.getName());
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength", "setContentLengthLong" -> {
                            }
                            case "getOutputStream" -> {
                                return stream;
                            }
                            case "isCommitted" -> {
                                return committed;
                            }
                            case "reset" -> {
                                if (committed) {
                                    throw new IllegalStateException("committed");
                                }
                                status = 200;
                                headers.clear();
                                contentType = null;
                                body.reset();
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(proxy);
                            }
                            case "equals" -> {
                                return proxy == args[0];
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }
    }
}
