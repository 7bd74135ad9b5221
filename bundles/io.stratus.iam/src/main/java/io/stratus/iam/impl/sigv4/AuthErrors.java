package io.stratus.iam.impl.sigv4;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsProtocol;

/** Authentication failures named and shaped as each protocol's services name them. */
final class AuthErrors {

    private AuthErrors() {
    }

    private static boolean s3(AwsProtocol protocol) {
        return protocol == AwsProtocol.REST_XML;
    }

    private static boolean json(AwsProtocol protocol) {
        return protocol != AwsProtocol.REST_XML && protocol != AwsProtocol.QUERY;
    }

    static AwsException missing(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(403, "AccessDenied", "Access Denied: the request is not signed");
        }
        return json(protocol)
                ? new AwsException(403, "MissingAuthenticationTokenException", "Missing Authentication Token")
                : new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    static AwsException unknownKey(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(403, "InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.");
        }
        return new AwsException(403, json(protocol) ? "UnrecognizedClientException" : "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    static AwsException badToken(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
        }
        return new AwsException(403, json(protocol) ? "UnrecognizedClientException" : "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    static AwsException expiredToken(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(400, "ExpiredToken", "The provided token has expired.");
        }
        return new AwsException(403, json(protocol) ? "ExpiredTokenException" : "ExpiredToken",
                "The security token included in the request is expired");
    }

    /**
     * A signature that does not match. S3, IAM, STS and CloudWatch (query and its query-compatible
     * JSON 1.0) say SignatureDoesNotMatch (403); Lambda (REST-JSON) says InvalidSignatureException
     * with 403, CloudWatch Logs and EventBridge (JSON 1.1) InvalidSignatureException with 400.
     */
    static AwsException signatureMismatch(AwsProtocol protocol) {
        String message = "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method.";
        return switch (protocol) {
            case REST_JSON -> new AwsException(403, "InvalidSignatureException", message);
            case JSON_1_1 -> new AwsException(400, "InvalidSignatureException", message);
            default -> new AwsException(403, "SignatureDoesNotMatch", message);
        };
    }

    static AwsException skewed(String requestTime, String serverTime) {
        return new AwsException(403, "RequestTimeTooSkewed",
                "The difference between the request time (" + requestTime + ") and the server time (" + serverTime
                        + ") is more than 15 minutes.");
    }

    static AwsException expired(AwsProtocol protocol) {
        return new AwsException(403, json(protocol) ? "AccessDeniedException" : "AccessDenied", "Request has expired");
    }

    /** Signature Version 2 (S3's words for it where only Signature Version 4 is accepted). */
    static AwsException signatureVersion2(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(400, "InvalidRequest",
                    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        return new AwsException(400, "IncompleteSignature",
                "Signature Version 2 is not supported: sign with AWS4-HMAC-SHA256 (Signature Version 4)");
    }

    static AwsException malformed(AwsProtocol protocol, String message) {
        if (s3(protocol)) {
            return new AwsException(400, "AuthorizationHeaderMalformed", message);
        }
        return new AwsException(400, "IncompleteSignature", message);
    }

    static AwsException badQuery(AwsProtocol protocol, String message) {
        if (s3(protocol)) {
            return new AwsException(400, "AuthorizationQueryParametersError", message);
        }
        return new AwsException(400, "IncompleteSignature", message);
    }

    static AwsException contentMismatch(AwsProtocol protocol) {
        if (s3(protocol)) {
            return new AwsException(400, "XAmzContentSHA256Mismatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return signatureMismatch(protocol);
    }
}
