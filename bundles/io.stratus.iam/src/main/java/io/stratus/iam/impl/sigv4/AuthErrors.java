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

    static AwsException signatureMismatch() {
        return new AwsException(403, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                        + "Check your AWS Secret Access Key and signing method.");
    }

    static AwsException skewed(String requestTime, String serverTime) {
        return new AwsException(403, "RequestTimeTooSkewed",
                "The difference between the request time (" + requestTime + ") and the server time (" + serverTime
                        + ") is more than 15 minutes.");
    }

    static AwsException expired(AwsProtocol protocol) {
        return new AwsException(403, json(protocol) ? "AccessDeniedException" : "AccessDenied", "Request has expired");
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
        return signatureMismatch();
    }
}
