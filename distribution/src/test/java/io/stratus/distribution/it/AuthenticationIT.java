package io.stratus.distribution.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Every service on the AWS endpoint (Lambda, IAM, STS) refuses unsigned, wrongly signed,
 * unknown-key, expired-presigned and skewed requests, each in its own error shape, and serves the
 * same request signed properly, in the header or presigned.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthenticationIT extends IamItSupport {

    /** One harmless request per service, and the codes its protocol uses. */
    record Call(String service, String method, String path, String form, String unknownKey, String unsigned,
            String expired, String badSignature) {
    }

    static final Call LAMBDA = new Call("lambda", "GET", "/2015-03-31/functions/", null, "UnrecognizedClientException",
            "MissingAuthenticationTokenException", "AccessDeniedException", "InvalidSignatureException");
    static final Call IAM = new Call("iam", "POST", "/", "Action=ListUsers&Version=2010-05-08", "InvalidClientTokenId",
            "MissingAuthenticationToken", "AccessDenied", "SignatureDoesNotMatch");
    static final Call STS = new Call("sts", "POST", "/", "Action=GetCallerIdentity&Version=2011-06-15",
            "InvalidClientTokenId", "MissingAuthenticationToken", "AccessDenied", "SignatureDoesNotMatch");
    static final Call[] ALL = {LAMBDA, IAM, STS};

    private HttpAnswer send(Call call, AwsCredentials credentials, Clock clock, Duration presign) throws IOException {
        byte[] body = call.form() == null ? null : call.form().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = body == null ? Map.of()
                : Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        String region = call.service().equals("iam") ? "us-east-1" : property("stratus.region");
        URI uri = awsEndpoint().resolve(call.path());
        if (presign != null && body != null) {
            // a presigned query-protocol call carries its parameters in the URL
            uri = URI.create(uri + "?" + call.form());
            body = null;
            headers = Map.of();
        }
        SdkHttpRequest signed = Signing.sign(call.method(), uri, headers, body, credentials, call.service(), region, clock,
                presign);
        return Signing.send(signed, body);
    }

    private static void assertRefused(String what, int status, String code, HttpAnswer answer) {
        assertEquals(what + ": " + answer.body(), status, answer.status());
        assertTrue(what + ": " + answer.body(), answer.body().contains(code));
    }

    @Test
    public void properlySignedRequestsAreServed() throws Exception {
        for (Call call : ALL) {
            HttpAnswer header = send(call, rootCredentials(), Clock.systemUTC(), null);
            assertEquals(call.service() + ": " + header.body(), 200, header.status());
            HttpAnswer presigned = send(call, rootCredentials(), Clock.systemUTC(), Duration.ofMinutes(5));
            assertEquals(call.service() + " presigned: " + presigned.body(), 200, presigned.status());
        }
    }

    @Test
    public void unsignedRequestsAreRefusedWith403() throws Exception {
        for (Call call : ALL) {
            assertRefused(call.service() + " unsigned", 403, call.unsigned(),
                    Signing.unsigned(awsEndpoint().resolve(call.path()), call.form()));
        }
    }

    @Test
    public void aWrongSecretIsNamedAsEachServiceNamesIt() throws Exception {
        AwsCredentials root = rootCredentials();
        AwsCredentials wrong = AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey() + "x");
        for (Call call : ALL) {
            assertRefused(call.service() + " wrong secret", 403, call.badSignature(),
                    send(call, wrong, Clock.systemUTC(), null));
        }
    }

    @Test
    public void anUnknownKeyIsNamedAsEachServiceNamesIt() throws Exception {
        AwsCredentials unknown = AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret");
        for (Call call : ALL) {
            assertRefused(call.service() + " unknown key", 403, call.unknownKey(), send(call, unknown, Clock.systemUTC(), null));
        }
    }

    @Test
    public void anExpiredPresignedUrlIsRefused() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        for (Call call : ALL) {
            HttpAnswer answer = send(call, rootCredentials(), twoHoursAgo, Duration.ofMinutes(60));
            assertRefused(call.service() + " expired presigned", 403, call.expired(), answer);
            assertTrue(answer.body(), answer.body().contains("Request has expired"));
        }
    }

    @Test
    public void aSkewedSignatureIsRequestTimeTooSkewed() throws Exception {
        for (Duration skew : new Duration[] {Duration.ofMinutes(20), Duration.ofMinutes(-20)}) {
            Clock skewed = Clock.fixed(Instant.now().plus(skew), ZoneOffset.UTC);
            for (Call call : ALL) {
                assertRefused(call.service() + " skewed " + skew, 403, "RequestTimeTooSkewed",
                        send(call, rootCredentials(), skewed, null));
            }
        }
    }

    @Test
    public void theCodeLocationIsAPresignedUrlThatWorksUnchangedOnly() throws Exception {
        deploy(HELLO);
        awaitFunction("hello");
        GetFunctionResponse function = lambda.getFunction(b -> b.functionName("hello"));
        String location = function.code().location();
        assertTrue(location, location.contains("X-Amz-Signature=") && location.contains("X-Amz-Expires=600"));
        HttpAnswer download = Signing.unsigned(URI.create(location), null);
        assertEquals(200, download.status());
        assertTrue(download.body().startsWith("PK"));
        HttpAnswer otherFunction = Signing.unsigned(URI.create(location.replace("/functions/hello/", "/functions/other/")), null);
        assertRefused("code of another function", 403, "InvalidSignatureException", otherFunction);
        HttpAnswer unsigned = Signing.unsigned(URI.create(location.substring(0, location.indexOf('?'))), null);
        assertRefused("code without the signature", 403, "MissingAuthenticationTokenException", unsigned);
    }
}
