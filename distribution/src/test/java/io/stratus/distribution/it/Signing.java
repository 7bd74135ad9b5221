package io.stratus.distribution.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Raw HTTP requests on the AWS endpoint signed by the AWS SDK's own SigV4 signer, for what the
 * service clients cannot send: Stratus extensions, presigned URLs, signatures made at another time
 * or with the wrong secret, and unsigned requests.
 */
final class Signing {

    private Signing() {
    }

    /** The root key from the credentials file the launcher generated. */
    static AwsCredentials root(Path credentialsFile) {
        return ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(credentialsFile).type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("default").build().resolveCredentials();
    }

    /**
     * Signs a request as the SDK would.
     *
     * @param clock   the signer's clock (move it to sign in the past or future)
     * @param presign null to sign the Authorization header, else the presigned URL's lifetime
     */
    static SdkHttpRequest sign(String method, URI uri, Map<String, String> headers, byte[] body,
            AwsCredentialsIdentity identity, String service, String region, Clock clock, Duration presign) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity).request(request.build())
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock);
            if (body != null) {
                r.payload(ContentStreamProvider.fromByteArray(body));
            }
            if (presign != null) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presign);
            }
        });
        return signed.request();
    }

    /** Sends a request as it is (Host comes from the URI, as the signer assumed). */
    static StratusTestSupport.HttpAnswer send(SdkHttpRequest request, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.getUri().toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(20_000);
        connection.setRequestMethod(request.method().name());
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("Host")) {
                connection.setRequestProperty(header.getKey(), String.join(",", header.getValue()));
            }
        }
        if (body != null) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        return read(connection);
    }

    /** An unsigned GET or form POST (null form: GET). */
    static StratusTestSupport.HttpAnswer unsigned(URI uri, String form) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(20_000);
        if (form != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(form.getBytes(StandardCharsets.UTF_8));
            }
        }
        return read(connection);
    }

    /**
     * The status and body; REST-JSON services name their errors in a header
     * ({@code X-Amzn-ErrorType}), which then comes first in the body text.
     */
    private static StratusTestSupport.HttpAnswer read(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        String errorType = connection.getHeaderField("X-Amzn-ErrorType");
        InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        try (InputStream in = stream) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new StratusTestSupport.HttpAnswer(status, errorType == null ? body : errorType + " " + body);
        }
    }

    /** A GET signed with the root key, now. */
    static StratusTestSupport.HttpAnswer rootGet(URI uri, String service, String region, Path credentialsFile)
            throws IOException {
        AwsCredentials root = root(credentialsFile);
        return send(sign("GET", uri, Map.of(), null, root, service, region, Clock.systemUTC(), null), null);
    }
}
