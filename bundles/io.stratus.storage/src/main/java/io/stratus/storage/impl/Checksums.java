package io.stratus.storage.impl;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The checksum algorithms S3 verifies ({@code x-amz-checksum-<algorithm>}), as running sums. */
final class Checksums {

    static final List<String> ALGORITHMS = List.of("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256");

    /** One running checksum. */
    interface Sum {
        void update(byte[] bytes, int offset, int length);

        /** The value as S3 writes it: base64 of the big-endian bytes. */
        String base64();
    }

    private Checksums() {
    }

    /** The header that carries an algorithm's value. */
    static String header(String algorithm) {
        return switch (algorithm) { // the known ones without building the string on every response
            case "CRC32" -> "x-amz-checksum-crc32";
            case "CRC32C" -> "x-amz-checksum-crc32c";
            case "CRC64NVME" -> "x-amz-checksum-crc64nvme";
            case "SHA1" -> "x-amz-checksum-sha1";
            case "SHA256" -> "x-amz-checksum-sha256";
            default -> "x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT);
        };
    }

    /** The algorithm a header names, or null. */
    static String algorithmOfHeader(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        for (String algorithm : ALGORITHMS) {
            if (lower.equals(header(algorithm))) {
                return algorithm;
            }
        }
        return null;
    }

    static Sum create(String algorithm) {
        return switch (algorithm) {
            case "CRC32" -> crc(new CRC32(), 4);
            case "CRC32C" -> crc(new CRC32C(), 4);
            case "CRC64NVME" -> crc(new Crc64Nvme(), 8);
            case "SHA1" -> digest("SHA-1");
            case "SHA256" -> digest("SHA-256");
            default -> throw new IllegalArgumentException("unknown checksum algorithm " + algorithm);
        };
    }

    private static Sum crc(Checksum checksum, int bytes) {
        return new Sum() {
            @Override
            public void update(byte[] b, int off, int len) {
                checksum.update(b, off, len);
            }

            @Override
            public String base64() {
                ByteBuffer buffer = ByteBuffer.allocate(8).putLong(checksum.getValue());
                byte[] all = buffer.array();
                byte[] value = new byte[bytes];
                System.arraycopy(all, 8 - bytes, value, 0, bytes);
                return Base64.getEncoder().encodeToString(value);
            }
        };
    }

    private static Sum digest(String name) {
        MessageDigest digest = FileObjectStore.digest(name);
        return new Sum() {
            @Override
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            @Override
            public String base64() {
                return Base64.getEncoder().encodeToString(digest.digest());
            }
        };
    }

    /** CRC-64/NVME (reflected polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones). */
    static final class Crc64Nvme implements Checksum {
        private static final long[] TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long crc = i;
                for (int k = 0; k < 8; k++) {
                    crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
                }
                TABLE[i] = crc;
            }
        }

        private long crc = -1L;

        @Override
        public void update(int b) {
            crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
        }

        @Override
        public void update(byte[] b, int off, int len) {
            long c = crc;
            for (int i = off; i < off + len; i++) {
                c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
            }
            crc = c;
        }

        @Override
        public long getValue() {
            return ~crc;
        }

        @Override
        public void reset() {
            crc = -1L;
        }
    }
}
