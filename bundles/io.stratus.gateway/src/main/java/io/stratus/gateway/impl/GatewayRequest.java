package io.stratus.gateway.impl;

import java.util.List;

/**
 * An HTTP request as the gateway maps it, independent of the servlet API.
 *
 * @param method     upper case
 * @param rawPath    the path as received (still percent-encoded)
 * @param rawQuery   the query string as received, or null
 * @param headers    every header line in the order received (names as sent)
 * @param body       the body bytes (empty when none)
 * @param sourceIp   the client's address
 * @param protocol   e.g. {@code HTTP/1.1}
 */
record GatewayRequest(String method, String rawPath, String rawQuery, List<Header> headers, byte[] body,
        String sourceIp, String protocol) {

    record Header(String name, String value) {
    }

    /** The last value of a header (case-insensitive), or null. */
    String header(String name) {
        String value = null;
        for (Header header : headers) {
            if (header.name().equalsIgnoreCase(name)) {
                value = header.value();
            }
        }
        return value;
    }
}
