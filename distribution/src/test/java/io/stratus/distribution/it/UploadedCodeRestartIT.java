package io.stratus.distribution.it;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/**
 * Uploaded code, its published versions, its aliases and the configuration set through the API are
 * all still there after the platform is stopped and started again on the same data directory.
 */
public class UploadedCodeRestartIT {

    private static final Duration READY = Duration.ofSeconds(90);

    @Test
    public void versionsAliasesAndCodeSurviveARestart() throws Exception {
        Path work = Files.createDirectories(Path.of(StratusTestSupport.required("stratus.it.work")));
        Path directory = Files.createTempDirectory(work, "UploadedCodeRestartIT-");
        LambdaProject project = LambdaProject.compile(directory);
        byte[] first = project.shadedJar("r1");
        byte[] second = project.lambdaZip("r2");
        byte[] third = project.shadedJar("r3");

        StratusProcess stratus = StratusProcess.start(directory.resolve("platform"), Map.of());
        try {
            stratus.awaitBanner(READY);
            try (LambdaClient lambda = UploadedCodeIT.client(stratus)) {
                UploadedCodeIT.create(lambda, "kept", first, LambdaProject.HANDLER);
                lambda.publishVersion(b -> b.functionName("kept"));
                lambda.updateFunctionCode(b -> b.functionName("kept").zipFile(SdkBytes.fromByteArray(second)));
                lambda.publishVersion(b -> b.functionName("kept"));
                lambda.updateFunctionCode(b -> b.functionName("kept").zipFile(SdkBytes.fromByteArray(third)));
                lambda.updateFunctionConfiguration(b -> b.functionName("kept").memorySize(512));
                lambda.createAlias(b -> b.functionName("kept").name("live").functionVersion("1")
                        .routingConfig(r -> r.additionalVersionWeights(Map.of("2", 0.5))));
                lambda.createAlias(b -> b.functionName("kept").name("stable").functionVersion("2"));
            }
            assertEquals(0, stratus.stop(Duration.ofSeconds(60)));
        } finally {
            stratus.close();
        }

        try (StratusProcess again = stratus.restart(Map.of())) {
            again.awaitBanner(READY);
            try (LambdaClient lambda = UploadedCodeIT.client(again)) {
                RuntimeItSupport.awaitActive(lambda, "kept");
                List<FunctionConfiguration> versions = lambda.listVersionsByFunction(b -> b.functionName("kept"))
                        .versions();
                assertEquals(List.of("$LATEST", "1", "2"), versions.stream().map(FunctionConfiguration::version)
                        .toList());
                assertEquals(UploadedCodeIT.sha256(first), versions.get(1).codeSha256());
                assertEquals(UploadedCodeIT.sha256(second), versions.get(2).codeSha256());
                assertEquals(UploadedCodeIT.sha256(third), versions.get(0).codeSha256());
                assertEquals(512, versions.get(0).memorySize().intValue());

                assertEquals("r3", UploadedCodeIT.call(lambda, "kept", null, null).get("revisionFromClass").getAsString());
                assertEquals("r1", UploadedCodeIT.call(lambda, "kept", "1", null).get("revisionFromClass").getAsString());
                assertEquals("r2", UploadedCodeIT.call(lambda, "kept", "stable", null).get("revisionFromClass")
                        .getAsString());
                GetAliasResponse live = lambda.getAlias(b -> b.functionName("kept").name("live"));
                assertEquals("1", live.functionVersion());
                assertEquals(Map.of("2", 0.5), live.routingConfig().additionalVersionWeights());

                String location = lambda.getFunction(b -> b.functionName("kept").qualifier("2")).code().location();
                try (InputStream in = URI.create(location).toURL().openStream()) {
                    assertArrayEquals(second, in.readAllBytes());
                }
            }
        }
    }
}
