package io.stratus.aws.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The chained chunk signatures of a SigV4 streaming upload ({@code x-amz-content-sha256:
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD} or {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}). The
 * request's own signature is the seed; each chunk's signature covers the previous one and the
 * SHA-256 of the chunk's data. Implemented by the authenticator; the service that decodes the
 * {@code aws-chunked} body (S3) calls {@link #verifyChunk} once per chunk in order, the final
 * zero-length chunk included, then {@link #verifyTrailer} when the body has signed trailing headers.
 * An instance belongs to one request and is not thread-safe.
 */
@ProviderType
public interface ChunkSignatures {

    /** The request's signature, the first link of the chain. */
    String seedSignature();

    /**
     * Checks the next chunk's signature and advances the chain when it matches.
     *
     * @param chunkSha256 SHA-256 of the chunk's data (32 bytes; of nothing for the final chunk)
     * @param signature   the {@code chunk-signature} the chunk header carried, hex
     * @return whether it matches; on false the upload must be refused with SignatureDoesNotMatch
     */
    boolean verifyChunk(byte[] chunkSha256, String signature);

    /**
     * Checks the signature of the trailing headers that follow the final chunk.
     *
     * @param trailerHeaders the trailing header lines as sent, each {@code name:value\n}
     * @param signature      the {@code x-amz-trailer-signature} value, hex
     */
    boolean verifyTrailer(String trailerHeaders, String signature);
}
