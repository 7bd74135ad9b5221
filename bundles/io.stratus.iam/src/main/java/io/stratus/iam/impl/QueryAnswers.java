package io.stratus.iam.impl;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.codec.AwsXml;

/** Query-protocol answers ({@code <ActionResponse><ActionResult>...}) and list paging, shared by IAM and STS. */
final class QueryAnswers {

    /** Writes the inside of an {@code <ActionResult>}. */
    @FunctionalInterface
    interface Result {
        void write(AwsXml.Writer xml) throws AwsException;
    }

    private QueryAnswers() {
    }

    static void answer(AwsRequest request, AwsResponse response, String namespace, String action, Result result)
            throws AwsException, IOException {
        AwsXml.Writer xml = AwsXml.fragment().start(action + "Response").attribute("xmlns", namespace);
        if (result != null) {
            xml.start(action + "Result");
            result.write(xml);
            xml.end();
        }
        xml.start("ResponseMetadata").element("RequestId", request.requestId()).end();
        response.status(200);
        response.body("text/xml", xml.toBytes());
    }

    /** Policy documents travel URL-encoded in IAM answers (RFC 3986: a space is %20). */
    static String encodeDocument(String document) {
        return document == null ? null : URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String date(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** One page of a list: {@code Marker} is the index of the first item, {@code MaxItems} 1-1000 (default 100). */
    record Page<T>(List<T> items, boolean truncated, String nextMarker) {

        static <T> Page<T> of(List<T> all, AwsRequest request) throws AwsException {
            int max = 100;
            String maxItems = request.parameter("MaxItems");
            if (maxItems != null) {
                try {
                    max = Integer.parseInt(maxItems);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 1 || max > 1000) {
                    throw IamErrors.validation("1 validation error detected: Value '" + maxItems
                            + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
                }
            }
            int start = 0;
            String marker = request.parameter("Marker");
            if (marker != null) {
                try {
                    start = Integer.parseInt(marker);
                } catch (NumberFormatException e) {
                    start = -1;
                }
                if (start < 0 || start > all.size()) {
                    throw IamErrors.invalidInput("Invalid Marker: " + marker);
                }
            }
            int end = Math.min(all.size(), start + max);
            boolean truncated = end < all.size();
            return new Page<>(all.subList(start, end), truncated, truncated ? Integer.toString(end) : null);
        }

        void writeTail(AwsXml.Writer xml) {
            xml.element("IsTruncated", truncated);
            xml.element("Marker", nextMarker);
        }
    }
}
