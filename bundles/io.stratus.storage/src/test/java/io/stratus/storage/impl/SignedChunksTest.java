package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.Test;

import io.stratus.aws.api.AwsPrincipal;
import io.stratus.aws.api.ChunkSignatures;
import io.stratus.aws.codec.AwsChunkedInputStream;

/** Signed streaming uploads are read only as far as their chunk and trailer signatures match. */
public class SignedChunksTest {

    /** A chain that accepts, for each chunk, the hex SHA-256 of its data, and records the trailer it saw. */
    private static final class HashChain implements ChunkSignatures {
        final List<String> trailers = new ArrayList<>();

        @Override
        public String seedSignature() {
            return "seed";
        }

        @Override
        public boolean verifyChunk(byte[] chunkSha256, String signature) {
            return HexFormat.of().formatHex(chunkSha256).equals(signature);
        }

        @Override
        public boolean verifyTrailer(String trailerHeaders, String signature) {
            trailers.add(trailerHeaders);
            return "trailer-ok".equals(signature);
        }
    }

    private static String sha(String data) {
        return HexFormat.of().formatHex(FileObjectStore.digest("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8)));
    }

    private static String chunk(String data, String signature) {
        return Integer.toHexString(data.length()) + ";chunk-signature=" + signature + "\r\n" + data + "\r\n";
    }

    /** The final, empty chunk's line; trailing headers (if any) and an empty line follow it. */
    private static String last(String signature) {
        return "0;chunk-signature=" + signature + "\r\n";
    }

    private static String read(HashChain chain, String contentSha256, String body) throws IOException {
        AwsPrincipal principal = new AwsPrincipal("000000000000", "arn:aws:iam::000000000000:user/u", "AIDA", "AKIA", chain);
        try (AwsChunkedInputStream in = new AwsChunkedInputStream(
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), SignedChunks.of(principal, contentSha256))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void matchingChunksAreRead() throws IOException {
        String body = chunk("hello ", sha("hello ")) + chunk("world", sha("world")) + last(sha("")) + "\r\n";
        assertEquals("hello world", read(new HashChain(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", body));
    }

    @Test
    public void aWrongOrMissingChunkSignatureEndsTheRead() {
        String wrong = chunk("hello ", sha("hello ")) + chunk("world", sha("World")) + last(sha("")) + "\r\n";
        assertThrows(SignedChunks.SignatureMismatchException.class,
                () -> read(new HashChain(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", wrong));
        String missing = "5\r\nhello\r\n" + last(sha("")) + "\r\n";
        assertThrows(SignedChunks.SignatureMismatchException.class,
                () -> read(new HashChain(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", missing));
        String wrongFinal = chunk("hello", sha("hello")) + last(sha("x")) + "\r\n";
        assertThrows(SignedChunks.SignatureMismatchException.class,
                () -> read(new HashChain(), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", wrongFinal));
    }

    @Test
    public void aSignedTrailerIsCheckedAsSent() throws IOException {
        String data = chunk("hello", sha("hello")) + last(sha(""));
        HashChain chain = new HashChain();
        assertEquals("hello", read(chain, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                data + "x-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:trailer-ok\r\n\r\n"));
        assertEquals(List.of("x-amz-checksum-crc32:NhCmhg==\n"), chain.trailers);
        assertThrows(SignedChunks.SignatureMismatchException.class, () -> read(new HashChain(),
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
                data + "x-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:forged\r\n\r\n"));
        assertThrows(SignedChunks.SignatureMismatchException.class, () -> read(new HashChain(),
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", data + "x-amz-checksum-crc32:NhCmhg==\r\n\r\n"));
    }

    @Test
    public void unsignedPayloadsCarryNoChunkSignatures() throws IOException {
        AwsPrincipal principal = new AwsPrincipal("000000000000", "arn", "id", "AKIA", new HashChain());
        assertSame(AwsChunkedInputStream.ChunkSignatures.NONE, SignedChunks.of(principal, "STREAMING-UNSIGNED-PAYLOAD-TRAILER"));
        assertSame(AwsChunkedInputStream.ChunkSignatures.NONE,
                SignedChunks.of(new AwsPrincipal("000000000000", "arn", "id", "AKIA"), "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
        assertEquals("hello", read(new HashChain(), "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n"));
    }
}
