package io.stratus.aws.impl;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpServletResponse;

import io.stratus.aws.api.AwsResponse;

/** An {@link AwsResponse} over a servlet response; remembers whether the body was started. */
final class ServletAwsResponse implements AwsResponse {

    private final HttpServletResponse response;
    private boolean bodyStarted;

    ServletAwsResponse(HttpServletResponse response) {
        this.response = response;
    }

    /** Whether an error can still replace what the service wrote. */
    boolean canReplace() {
        return !bodyStarted && !response.isCommitted();
    }

    @Override
    public void status(int status) {
        response.setStatus(status);
    }

    @Override
    public void header(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public void body(String contentType, byte[] body) throws IOException {
        bodyStarted = true;
        if (contentType != null) {
            response.setContentType(contentType);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public OutputStream bodyStream(String contentType) throws IOException {
        bodyStarted = true;
        if (contentType != null) {
            response.setContentType(contentType);
        }
        return response.getOutputStream();
    }
}
