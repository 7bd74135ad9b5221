package io.stratus.storage.impl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.codec.AwsChunkedInputStream;
import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.StorageException;

/**
 * The body of a PUT (object or part) as the store reads it: {@code aws-chunked} decoded, and
 * every checksum the client gave (Content-MD5, {@code x-amz-content-sha256}, {@code x-amz-checksum-*}
 * as header or trailer) computed on the way and compared before anything is stored.
 */
final class UploadBody {

    private final InputStream stream;
    private final AwsChunkedInputStream chunked;
    private final Map<String, Checksums.Sum> sums = new LinkedHashMap<>();
    /** Expected values from headers, by algorithm; trailer algorithms have none until the end. */
    private final Map<String, String> expected = new LinkedHashMap<>();
    private final String trailerAlgorithm;
    private final byte[] contentMd5;
    private final String contentSha256;
    private final long decodedLength;

    private UploadBody(InputStream raw, AwsChunkedInputStream chunked, String trailerAlgorithm, byte[] contentMd5,
            String contentSha256, long decodedLength, Map<String, Checksums.Sum> sums, Map<String, String> expected) {
        this.sums.putAll(sums);
        this.expected.putAll(expected);
        this.stream = sums.isEmpty() ? raw : new Summing(raw, this.sums.values().toArray(new Checksums.Sum[0]));
        this.chunked = chunked;
        this.trailerAlgorithm = trailerAlgorithm;
        this.contentMd5 = contentMd5;
        this.contentSha256 = contentSha256;
        this.decodedLength = decodedLength;
    }

    static UploadBody of(AwsRequest request) throws AwsException, IOException {
        byte[] md5 = null;
        String md5Header = request.header("Content-MD5");
        if (md5Header != null) {
            try {
                md5 = Base64.getDecoder().decode(md5Header.trim());
            } catch (IllegalArgumentException e) {
                md5 = null;
            }
            if (md5 == null || md5.length != 16) {
                throw new AwsException(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
            }
        }
        String sha = request.header("x-amz-content-sha256");
        String payloadSha = sha != null && sha.matches("[0-9a-fA-F]{64}") ? sha.toLowerCase(Locale.ROOT) : null;
        boolean isChunked = AwsChunkedInputStream.isAwsChunked(request.header("Content-Encoding"), sha);
        InputStream raw = request.bodyStream();
        AwsChunkedInputStream chunked = null;
        long decodedLength = -1;
        if (isChunked) {
            chunked = new AwsChunkedInputStream(raw, SignedChunks.of(request.principal(), sha));
            raw = chunked;
            String declared = request.header("x-amz-decoded-content-length");
            if (declared != null) {
                try {
                    decodedLength = Long.parseLong(declared.trim());
                } catch (NumberFormatException e) {
                    throw new AwsException(400, "InvalidArgument", "x-amz-decoded-content-length must be a number");
                }
            }
        }
        String trailer = null;
        String trailerHeader = request.header("x-amz-trailer");
        if (trailerHeader != null) {
            trailer = Checksums.algorithmOfHeader(trailerHeader.trim());
            if (trailer == null) {
                throw new AwsException(400, "InvalidRequest", "The value specified in the x-amz-trailer header is not supported");
            }
            if (!isChunked) {
                throw new AwsException(400, "InvalidRequest", "x-amz-trailer requires an aws-chunked body");
            }
        }
        Map<String, Checksums.Sum> sums = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (String algorithm : Checksums.ALGORITHMS) {
            String value = request.header(Checksums.header(algorithm));
            if (value != null) {
                expected.put(algorithm, value.trim());
                sums.put(algorithm, Checksums.create(algorithm));
            }
        }
        if (trailer != null) {
            sums.putIfAbsent(trailer, Checksums.create(trailer));
        }
        if (payloadSha != null) {
            sums.putIfAbsent("SHA256", Checksums.create("SHA256"));
        }
        return new UploadBody(raw, chunked, trailer, md5, payloadSha, decodedLength, sums, expected);
    }

    /** Feeds every byte read to the running checksums. */
    private static final class Summing extends FilterInputStream {
        private final Checksums.Sum[] sums;

        Summing(InputStream in, Checksums.Sum[] sums) {
            super(in);
            this.sums = sums;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                byte[] one = {(byte) b};
                for (Checksums.Sum sum : sums) {
                    sum.update(one, 0, 1);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                for (Checksums.Sum sum : sums) {
                    sum.update(b, off, n);
                }
            }
            return n;
        }
    }

    InputStream stream() {
        return stream;
    }

    /** Compares every given checksum once the store has read the body. */
    ContentCheck check() {
        return (size, md5) -> {
            if (chunked != null && decodedLength >= 0 && size != decodedLength) {
                throw new StorageException(400, "IncompleteBody",
                        "You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header");
            }
            if (contentMd5 != null && !java.util.Arrays.equals(contentMd5, md5)) {
                throw new StorageException(400, StorageException.BAD_DIGEST,
                        "The Content-MD5 you specified did not match what we received.");
            }
            Map<String, String> computed = new LinkedHashMap<>();
            sums.forEach((algorithm, sum) -> computed.put(algorithm, sum.base64()));
            if (contentSha256 != null) {
                String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(computed.get("SHA256")));
                if (!hex.equals(contentSha256)) {
                    throw new StorageException(400, "XAmzContentSHA256Mismatch",
                            "The provided 'x-amz-content-sha256' header does not match what was computed.");
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>(expected);
            if (trailerAlgorithm != null) {
                String value = chunked.trailers().get(Checksums.header(trailerAlgorithm));
                if (value == null) {
                    throw new StorageException(400, "MalformedTrailerError",
                            "The request contained trailing data that was not well-formed or did not conform to our published schema.");
                }
                wanted.put(trailerAlgorithm, value);
            }
            Map<String, String> kept = new LinkedHashMap<>();
            for (Map.Entry<String, String> want : wanted.entrySet()) {
                String have = computed.get(want.getKey());
                if (!have.equals(want.getValue())) {
                    throw new StorageException(400, StorageException.BAD_DIGEST,
                            "The " + want.getKey() + " you specified did not match the calculated checksum.");
                }
                kept.put(want.getKey(), have);
            }
            return kept;
        };
    }
}
