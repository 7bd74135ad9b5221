package io.stratus.storage.impl;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.Test;

/** The checksum algorithms against their published check values (input "123456789"). */
public class ChecksumsTest {

    private static String hex(String algorithm) {
        Checksums.Sum sum = Checksums.create(algorithm);
        byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
        sum.update(input, 0, input.length);
        return HexFormat.of().formatHex(Base64.getDecoder().decode(sum.base64()));
    }

    @Test
    public void crcCheckValues() {
        assertEquals("cbf43926", hex("CRC32"));
        assertEquals("e3069283", hex("CRC32C"));
        assertEquals("ae8b14860a799888", hex("CRC64NVME"));
    }

    @Test
    public void digestsAreSha() {
        assertEquals("f7c3bc1d808e04732adf679965ccc34ca7ae3441", hex("SHA1"));
        assertEquals("15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225", hex("SHA256"));
    }

    @Test
    public void headersNameTheirAlgorithm() {
        assertEquals("CRC32C", Checksums.algorithmOfHeader("X-Amz-Checksum-Crc32c"));
        assertEquals(null, Checksums.algorithmOfHeader("x-amz-checksum-md5"));
        for (String algorithm : Checksums.ALGORITHMS) {
            assertEquals("x-amz-checksum-" + algorithm.toLowerCase(java.util.Locale.ROOT), Checksums.header(algorithm));
            assertEquals(algorithm, Checksums.algorithmOfHeader(Checksums.header(algorithm)));
        }
    }
}
