package io.stratus.iam.impl.sigv4;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsPrincipal;

/**
 * Every signed request of the AWS SigV4 test suite (src/test/resources/sigv4, see its README)
 * verifies, and the same request with one byte of its signature changed does not.
 */
public class SigV4VectorsTest {

    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
    static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    static final AwsPrincipal EXAMPLE = new AwsPrincipal("111122223333", "arn:aws:iam::111122223333:user/example",
            "AIDAEXAMPLE", ACCESS_KEY);

    static SigV4Verifier verifier(boolean withToken) {
        SigningKeys keys = id -> ACCESS_KEY.equals(id)
                ? new SigningKeys.Key(ACCESS_KEY, SECRET, withToken ? TOKEN : null, null, EXAMPLE) : null;
        Clock fixed = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
        return new SigV4Verifier(keys, () -> fixed, () -> fixed, 1 << 20);
    }

    static List<Path> vectors(String file) throws IOException, URISyntaxException {
        Path root = Path.of(SigV4VectorsTest.class.getResource("/sigv4").toURI());
        List<Path> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(Files::isDirectory).sorted().forEach(dir -> {
                if (Files.isRegularFile(dir.resolve(file))) {
                    found.add(dir.resolve(file));
                }
            });
        }
        return found;
    }

    @Test
    public void everyHeaderSignedRequestOfTheSuiteVerifies() throws Exception {
        List<Path> cases = vectors("header-signed-request.txt");
        assertTrue("expected the suite's cases, found " + cases.size(), cases.size() >= 30);
        assertAllVerify(cases);
    }

    @Test
    public void everyPresignedRequestOfTheSuiteVerifies() throws Exception {
        List<Path> cases = vectors("query-signed-request.txt");
        assertTrue("expected the suite's presigned cases, found " + cases.size(), cases.size() >= 10);
        assertAllVerify(cases);
    }

    @Test
    public void aChangedSignatureInAnyCaseIsRefused() throws Exception {
        List<Path> cases = new ArrayList<>(vectors("header-signed-request.txt"));
        cases.addAll(vectors("query-signed-request.txt"));
        for (Path file : cases) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int at = text.indexOf("Signature=") + "Signature=".length();
            char flipped = text.charAt(at) == '0' ? '1' : '0';
            String tampered = text.substring(0, at) + flipped + text.substring(at + 1);
            try {
                verify(file, tampered);
                fail(name(file) + ": a wrong signature verified");
            } catch (AwsException e) {
                // the suite's requests go to a REST-JSON service here, which names the mismatch as Lambda does
                assertEquals(name(file), "InvalidSignatureException", e.code());
            }
        }
    }

    private static void assertAllVerify(List<Path> cases) throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path file : cases) {
            try {
                AwsPrincipal principal = verify(file, Files.readString(file, StandardCharsets.UTF_8));
                assertEquals(EXAMPLE.arn(), principal.arn());
            } catch (AwsException e) {
                failures.add(name(file) + ": " + e.code() + " " + e.getMessage());
            }
        }
        assertTrue(String.join("\n", failures), failures.isEmpty());
    }

    private static AwsPrincipal verify(Path file, String text) throws AwsException, IOException {
        String name = name(file);
        TestRequest request = TestRequest.parse(text);
        return verifier(name.contains("session-token")).verify(request, "service", !name.contains("unnormalized"));
    }

    private static String name(Path file) {
        return file.getParent().getFileName() + "/" + file.getFileName();
    }
}
