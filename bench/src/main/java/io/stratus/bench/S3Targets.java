package io.stratus.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Writes the request targets (path and query, one per line) that wrk sends to Stratus's S3 API in
 * bench/storage.sh and bench/auth-cost.sh. wrk cannot sign, so they are URLs presigned with the SDK's
 * {@code S3Presigner} (query authentication, UNSIGNED-PAYLOAD, so one URL serves any body) by the
 * {@code default} profile of a shared-credentials file (the platform's data/credentials). The plain
 * paths for servers without authentication, with the same keys, come from bench/lib.sh.
 *
 * <p>Usage: {@code S3Targets ENDPOINT CREDENTIALS_FILE (GET|PUT BUCKET KEY COUNT FILE)...}: into each
 * FILE, the object KEY (COUNT 0) or the objects {@code KEY-1} to {@code KEY-COUNT}.
 */
public final class S3Targets {

    /** Long enough for any benchmark run, within the week SigV4 allows. */
    private static final Duration EXPIRY = Duration.ofDays(1);

    private S3Targets() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7 || (args.length - 2) % 5 != 0) {
            System.err.println("usage: S3Targets ENDPOINT CREDENTIALS_FILE (GET|PUT BUCKET KEY COUNT FILE)...");
            System.exit(2);
        }
        try (S3Presigner presigner = presigner(URI.create(args[0]), Path.of(args[1]))) {
            for (int spec = 2; spec < args.length; spec += 5) {
                String method = args[spec];
                if (!method.equals("GET") && !method.equals("PUT")) {
                    throw new IllegalArgumentException("method must be GET or PUT, not " + method);
                }
                write(presigner, method, args[spec + 1], keys(args[spec + 2], Integer.parseInt(args[spec + 3])),
                        Path.of(args[spec + 4]));
            }
        }
    }

    private static List<String> keys(String key, int count) {
        if (count == 0) {
            return List.of(key);
        }
        List<String> keys = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            keys.add(key + "-" + i);
        }
        return keys;
    }

    private static void write(S3Presigner presigner, String method, String bucket, List<String> keys, Path file)
            throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String key : keys) {
                PresignedRequest presigned = method.equals("PUT")
                        ? presigner.presignPutObject(p -> p.signatureDuration(EXPIRY)
                                .putObjectRequest(o -> o.bucket(bucket).key(key)))
                        : presigner.presignGetObject(p -> p.signatureDuration(EXPIRY)
                                .getObjectRequest(o -> o.bucket(bucket).key(key)));
                // wrk sends Host and nothing the signature could depend on besides
                if (!presigned.signedHeaders().keySet().equals(Set.of("host"))) {
                    throw new IllegalStateException("presigned " + method + " signs headers "
                            + presigned.signedHeaders().keySet() + ", which wrk would not send");
                }
                URI url = presigned.url().toURI();
                out.write(url.getRawPath() + "?" + url.getRawQuery() + "\n");
            }
        }
    }

    private static S3Presigner presigner(URI endpoint, Path credentials) {
        ProfileFile profiles = ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build();
        return S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(profiles).profileName("default").build())
                // path-style: wrk talks to one host, the endpoint itself
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
    }
}
