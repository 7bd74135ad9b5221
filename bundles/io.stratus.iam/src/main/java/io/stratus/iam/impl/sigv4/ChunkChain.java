package io.stratus.iam.impl.sigv4;

import java.nio.charset.StandardCharsets;

import io.stratus.aws.api.ChunkSignatures;

/**
 * The signature chain of an {@code aws-chunked} upload: each chunk is signed over the previous
 * signature (the request's own for the first chunk) and its data's hash.
 */
final class ChunkChain implements ChunkSignatures {

    private final byte[] signingKey;
    private final String amzDate;
    private final String scope;
    private final String seed;
    private String previous;

    ChunkChain(byte[] signingKey, String amzDate, String scope, String seed) {
        this.signingKey = signingKey;
        this.amzDate = amzDate;
        this.scope = scope;
        this.seed = seed;
        this.previous = seed;
    }

    @Override
    public String seedSignature() {
        return seed;
    }

    @Override
    public boolean verifyChunk(byte[] chunkSha256, String signature) {
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigV4.EMPTY_SHA256 + "\n" + SigV4.hex(chunkSha256);
        return advance(SigV4.signature(signingKey, stringToSign), signature);
    }

    @Override
    public boolean verifyTrailer(String trailerHeaders, String signature) {
        String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + SigV4.sha256Hex(trailerHeaders.getBytes(StandardCharsets.UTF_8));
        return advance(SigV4.signature(signingKey, stringToSign), signature);
    }

    private boolean advance(String expected, String given) {
        if (!SigV4.same(expected, given)) {
            return false;
        }
        previous = expected;
        return true;
    }
}
