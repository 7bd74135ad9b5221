package io.stratus.aws.impl;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;

/** An AWS service double that answers with its name and remembers what it saw. */
class RecordingService implements AwsService {
    final String name;
    AwsRequest lastRequest;
    AwsPrincipal lastPrincipal;
    String lastRegion;
    byte[] lastBody;
    int calls;

    RecordingService(String name) {
        this.name = name;
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, java.io.IOException {
        calls++;
        lastRequest = request;
        lastPrincipal = request.principal();
        lastRegion = request.region();
        lastBody = request.body(1024);
        response.status(200);
        response.body("text/plain", ("served-by:" + name).getBytes(StandardCharsets.UTF_8));
    }

    /** Whiteboard properties for a service. */
    static Map<String, Object> properties(long id, String signingName, String protocol, Object... more) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("service.id", id);
        properties.put(SERVICE, signingName);
        properties.put(PROTOCOL, protocol);
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1] instanceof List<?> list ? list.toArray(new String[0]) : more[i + 1]);
        }
        return properties;
    }
}
