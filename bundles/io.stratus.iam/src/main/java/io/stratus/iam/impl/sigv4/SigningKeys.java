package io.stratus.iam.impl.sigv4;

import java.time.Instant;

import io.stratus.aws.api.AwsPrincipal;

/** Where the verifier finds the secret behind an access key id. */
@FunctionalInterface
public interface SigningKeys {

    /** The active key with this id, or null when there is none (unknown, deleted or inactive). */
    Key find(String accessKeyId);

    /**
     * A signing key and who signs with it.
     *
     * @param sessionToken the session token temporary credentials must send, or null for long-term keys
     * @param expires      when temporary credentials stop working, or null
     */
    record Key(String accessKeyId, String secretAccessKey, String sessionToken, Instant expires,
            AwsPrincipal principal) {
    }
}
