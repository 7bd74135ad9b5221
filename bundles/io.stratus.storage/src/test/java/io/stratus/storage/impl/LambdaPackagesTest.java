package io.stratus.storage.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.stratus.lambda.api.PackageSource.PackageSourceException;
import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectMetadata;

public class LambdaPackagesTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aStoredObjectIsReadWholeAndMissingOnesNameTheS3Error() throws Exception {
        try (FileObjectStore store = new FileObjectStore(folder.getRoot().toPath(), 1 << 20, 5 << 20, Clock.systemUTC(),
                io.stratus.durable.DurableFiles::syncDirectory)) {
            store.createBucket("code");
            byte[] jar = "PK fake jar bytes".getBytes(StandardCharsets.UTF_8);
            store.put("code", "releases/app.jar", new ByteArrayInputStream(jar), ObjectMetadata.EMPTY, ContentCheck.NONE);
            LambdaPackages packages = new LambdaPackages(store);

            assertArrayEquals(jar, packages.read("code", "releases/app.jar", 1024));
            assertEquals("NoSuchKey", refused(packages, "code", "releases/none.jar", 1024));
            assertEquals("NoSuchBucket", refused(packages, "nothing", "app.jar", 1024));
            assertEquals("EntityTooLarge", refused(packages, "code", "releases/app.jar", 4));
        }
    }

    private static String refused(LambdaPackages packages, String bucket, String key, long max) throws Exception {
        try {
            packages.read(bucket, key, max);
        } catch (PackageSourceException e) {
            return e.code();
        }
        fail("not refused: " + bucket + "/" + key);
        return null;
    }
}
