package io.stratus.aws.codec;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;

/** aws-chunked bodies as the SDKs send them: signed chunks, unsigned with trailers, and broken ones. */
public class AwsChunkedInputStreamTest {

    private static AwsChunkedInputStream stream(String body, AwsChunkedInputStream.ChunkSignatures signatures) {
        return new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1)), signatures);
    }

    @Test
    public void unsignedChunksWithTrailerDecode() throws IOException {
        AwsChunkedInputStream in = stream("5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n", null);
        assertEquals("hello world", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(Map.of("x-amz-checksum-crc32", "DUoRhQ=="), in.trailers());
        assertEquals(11, in.decodedLength());
    }

    @Test
    public void chunkSignaturesReachTheHook() throws IOException {
        List<String> seen = new ArrayList<>();
        AwsChunkedInputStream.ChunkSignatures hook = new AwsChunkedInputStream.ChunkSignatures() {
            @Override
            public void begin(String signature, long size) {
                seen.add(signature + ":" + size);
            }

            @Override
            public void trailer(Map<String, String> trailers, String signature) {
                seen.add("trailer:" + signature);
            }
        };
        AwsChunkedInputStream in = stream("3;chunk-signature=s1\r\nabc\r\n0;chunk-signature=s2\r\n"
                + "x-amz-checksum-sha256:x\r\nx-amz-trailer-signature:s3\r\n\r\n", hook);
        assertEquals("abc", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(List.of("s1:3", "s2:0", "trailer:s3"), seen);
        assertFalse(in.trailers().containsKey("x-amz-trailer-signature"));
    }

    @Test
    public void aRefusingHookStopsTheBody() {
        AwsChunkedInputStream in = stream("3;chunk-signature=bad\r\nabc\r\n0\r\n\r\n",
                new AwsChunkedInputStream.ChunkSignatures() {
                    @Override
                    public void begin(String signature, long size) throws IOException {
                        throw new IOException("signature mismatch");
                    }
                });
        assertThrows(IOException.class, in::readAllBytes);
    }

    @Test
    public void brokenBodiesAreMalformed() {
        for (String body : List.of("zz\r\nabc\r\n0\r\n\r\n", "5\r\nabc", "3\r\nabcdef\r\n0\r\n\r\n", "3\r\nabc\r\n",
                "-1\r\n\r\n")) {
            assertThrows(body, AwsChunkedInputStream.MalformedChunkException.class, () -> stream(body, null).readAllBytes());
        }
    }

    @Test
    public void recognisesTheEncoding() {
        assertTrue(AwsChunkedInputStream.isAwsChunked("aws-chunked", null));
        assertTrue(AwsChunkedInputStream.isAwsChunked("gzip, aws-chunked", null));
        assertTrue(AwsChunkedInputStream.isAwsChunked(null, "STREAMING-UNSIGNED-PAYLOAD-TRAILER"));
        assertFalse(AwsChunkedInputStream.isAwsChunked("gzip", "UNSIGNED-PAYLOAD"));
    }
}
