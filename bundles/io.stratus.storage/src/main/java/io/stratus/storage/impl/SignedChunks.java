package io.stratus.storage.impl;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Map;

import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.ChunkSignatures;
import io.stratus.aws.codec.AwsChunkedInputStream;

/**
 * Checks each chunk of a signed streaming upload ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} and its
 * {@code -TRAILER} variant) against the chained signatures of the request's principal as the chunk
 * ends, and the trailing headers' signature; a mismatch ends the read, so nothing is stored.
 */
final class SignedChunks implements AwsChunkedInputStream.ChunkSignatures {

    /** A chunk or trailer signature does not match: S3 answers SignatureDoesNotMatch (403). */
    static final class SignatureMismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        SignatureMismatchException(String message) {
            super(message);
        }
    }

    private static final String SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    private final ChunkSignatures chain;
    private final boolean signedTrailer;
    private final MessageDigest sha256 = FileObjectStore.digest("SHA-256");
    private String signature;
    private int chunk;

    private SignedChunks(ChunkSignatures chain, boolean signedTrailer) {
        this.chain = chain;
        this.signedTrailer = signedTrailer;
    }

    /**
     * The checker for a body with the given {@code x-amz-content-sha256}: signed streaming payloads
     * are checked through the principal's chain; other bodies carry no chunk signatures. Without a
     * chain (no authenticator runs) nothing can be checked.
     */
    static AwsChunkedInputStream.ChunkSignatures of(AwsPrincipal principal, String contentSha256) {
        boolean signed = SIGNED.equals(contentSha256) || SIGNED_TRAILER.equals(contentSha256);
        if (!signed || principal == null || principal.chunks() == null) {
            return AwsChunkedInputStream.ChunkSignatures.NONE;
        }
        return new SignedChunks(principal.chunks(), SIGNED_TRAILER.equals(contentSha256));
    }

    @Override
    public void begin(String signature, long size) throws IOException {
        if (signature == null) {
            throw new SignatureMismatchException("Chunk " + chunk + " of a signed streaming upload carries no chunk-signature");
        }
        this.signature = signature;
        sha256.reset();
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
    }

    @Override
    public void end() throws IOException {
        if (!chain.verifyChunk(sha256.digest(), signature)) {
            throw new SignatureMismatchException("The chunk signature of chunk " + chunk
                    + " does not match the signature calculated for its data");
        }
        chunk++;
    }

    @Override
    public void trailer(Map<String, String> trailers, String trailerSignature) throws IOException {
        if (!signedTrailer) {
            return;
        }
        if (trailerSignature == null) {
            throw new SignatureMismatchException("The signed trailer carries no x-amz-trailer-signature");
        }
        StringBuilder headers = new StringBuilder();
        trailers.forEach((name, value) -> headers.append(name).append(':').append(value).append('\n'));
        if (!chain.verifyTrailer(headers.toString(), trailerSignature)) {
            throw new SignatureMismatchException("The trailer signature does not match the signature calculated for the trailing headers");
        }
    }
}
