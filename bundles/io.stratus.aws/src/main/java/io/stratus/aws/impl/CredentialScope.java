package io.stratus.aws.impl;

/**
 * The SigV4 credential scope a request names: {@code AKID/20260101/us-east-1/lambda/aws4_request},
 * from the {@code Authorization} header or, for presigned URLs, the {@code X-Amz-Credential}
 * query parameter. Only read here to route and to pick the region; verifying the signature is the
 * {@link io.stratus.aws.api.RequestAuthenticator}'s job.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {

    private static final String SIGV4 = "AWS4-HMAC-SHA256";

    /** The scope from the header or the (decoded) query parameter, or null when neither names one. */
    static CredentialScope of(String authorization, String queryCredential) {
        if (authorization != null && authorization.startsWith(SIGV4)) {
            int start = authorization.indexOf("Credential=");
            if (start >= 0) {
                start += "Credential=".length();
                int end = start;
                while (end < authorization.length() && authorization.charAt(end) != ','
                        && !Character.isWhitespace(authorization.charAt(end))) {
                    end++;
                }
                return parse(authorization.substring(start, end));
            }
            return null;
        }
        return queryCredential == null ? null : parse(queryCredential);
    }

    /** Parses {@code AKID/date/region/service/aws4_request}; null when it has another shape. */
    static CredentialScope parse(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5 || !"aws4_request".equals(parts[4])) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }
}
