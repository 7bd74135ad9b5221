package io.stratus.console.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.impl.FileObjectStore;

/** The Storage page against the platform's own file object store in a temporary data directory. */
public class StoragePluginTest {

    @Rule
    public TemporaryFolder data = new TemporaryFolder();

    private FileObjectStore store;
    private StoragePlugin plugin;

    @Before
    public void startStore() throws Exception {
        Path dir = data.getRoot().toPath();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> method.getName().equals("getProperty")
                        && "stratus.data".equals(args[0]) ? dir.toString() : null);
        FileObjectStore.Config config = (FileObjectStore.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { FileObjectStore.Config.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "maxObjectSize" -> 1024L * 1024;
                    case "minPartSize" -> 5L * 1024 * 1024;
                    case "annotationType" -> (Class<? extends Annotation>) FileObjectStore.Config.class;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        store = new FileObjectStore(context, config);
        plugin = new StoragePlugin(store);
        store.createBucket("photos");
        put("2026/a.txt", "alpha");
        put("2026/11/b.txt", "bravo");
        put("top.txt", "top level");
    }

    @After
    public void stopStore() {
        store.close();
    }

    private void put(String key, String text) throws Exception {
        store.put("photos", key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                new ObjectMetadata("text/plain", Map.of(), Map.of()), ContentCheck.NONE);
    }

    private static String page(ObjectStore store, String bucket, String prefix) {
        return StoragePlugin.render(store, "/c/s", bucket, prefix, null, null, null, null);
    }

    private ServletFixtures.Response post(String action, Map<String, String> parameters, jakarta.servlet.http.Part file)
            throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.doPost(ServletFixtures.request(StoragePlugin.LABEL, action, parameters, file), response.proxy());
        assertEquals(302, response.status);
        return response;
    }

    @Test
    public void theFirstPageListsTheBucketsWithLinksToTheirObjects() {
        String html = page(store, null, null);
        assertTrue(html, html.contains("1 buckets"));
        assertTrue(html, html.contains("<a href='/c/s?bucket=photos'>photos</a>"));
    }

    @Test
    public void aBucketShowsItsTopLevelFoldersAndObjectsWithSizeETagAndLastModified() throws Exception {
        String html = page(store, "photos", "");
        assertTrue(html, html.contains("1 folders, 1 objects"));
        assertTrue(html, html.contains("<a href='/c/s?bucket=photos&amp;prefix=2026%2F'>2026/</a>"));
        var top = store.head("photos", "top.txt").orElseThrow();
        assertTrue(html, html.contains(">top.txt</a></td><td>9</td><td><code>" + top.eTag() + "</code></td><td>"
                + top.lastModified() + "</td><td>text/plain</td>"));
        assertFalse("objects below a folder stay inside it", html.contains("a.txt"));
    }

    @Test
    public void aPrefixShowsWhatIsBelowItWithBreadcrumbs() {
        String html = page(store, "photos", "2026/");
        assertTrue(html, html.contains("<a href='/c/s?bucket=photos&amp;prefix=2026%2F'>2026</a>"));
        assertTrue(html, html.contains(">11/</a>"));
        assertTrue(html, html.contains("data-key='2026/a.txt'"));
        assertTrue(html, html.contains(">a.txt</a></td><td>5</td>"));
        assertFalse(html, html.contains("top.txt"));
    }

    @Test
    public void uploadingStoresTheFileUnderThePrefixAndDownloadingGivesItBackByteExact() throws Exception {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        ServletFixtures.Response uploaded = post("/upload", Map.of("bucket", "photos", "prefix", "2026/"),
                ServletFixtures.file("C:\\Users\\me\\raw.bin", "application/octet-stream", bytes));
        assertTrue(uploaded.redirect, uploaded.redirect.startsWith("/system/console/stratus-storage?bucket=photos&prefix=2026%2F&message="));
        String eTag = store.head("photos", "2026/raw.bin").orElseThrow().eTag();
        assertEquals("Uploaded 2026/raw.bin (70000 bytes, ETag " + eTag + ")", uploaded.redirectParameter("message"));

        ServletFixtures.Response download = new ServletFixtures.Response();
        plugin.download("photos", "2026/raw.bin", download.proxy());
        assertEquals(200, download.status);
        assertArrayEquals(bytes, download.body.toByteArray());
        assertEquals("application/octet-stream", download.contentType);
        assertEquals("\"" + eTag + "\"", download.headers.get("ETag"));
        assertEquals("attachment; filename*=UTF-8''raw.bin", download.headers.get("Content-Disposition"));
    }

    @Test
    public void anExplicitKeyWinsOverTheFileName() throws Exception {
        post("/upload", Map.of("bucket", "photos", "prefix", "", "key", "docs/readme.md"),
                ServletFixtures.file("x.md", "text/markdown", "# hi".getBytes(StandardCharsets.UTF_8)));
        assertEquals(4, store.head("photos", "docs/readme.md").orElseThrow().size());
    }

    @Test
    public void aKeyTooLongIsRefusedWithS3sErrorAndNothingIsStored() throws Exception {
        String key = "k".repeat(1025);
        ServletFixtures.Response refused = post("/upload", Map.of("bucket", "photos", "prefix", "", "key", key),
                ServletFixtures.file("x", null, new byte[] { 1 }));
        assertEquals("KeyTooLongError: Your key is too long", refused.redirectParameter("error"));
        assertEquals(3, store.list("photos", "", null, null, 1000).objects().size());
    }

    @Test
    public void uploadingWithoutAFileOrIntoAMissingBucketIsRefused() throws Exception {
        assertEquals("InvalidArgument: Choose a file to upload",
                post("/upload", Map.of("bucket", "photos"), null).redirectParameter("error"));
        assertTrue(post("/upload", Map.of("bucket", "nope"), ServletFixtures.file("a", null, new byte[] { 1 }))
                .redirectParameter("error").startsWith("NoSuchBucket: "));
    }

    @Test
    public void deletingAsksForConfirmationFirstThenDeletes() throws Exception {
        String confirm = StoragePlugin.render(store, "/c/s", "photos", "", null, "top.txt", null, null);
        assertTrue(confirm, confirm.contains("Delete <b>photos/top.txt</b> (9 bytes"));
        assertTrue(confirm, confirm.contains("<form method='post' id='confirm-delete' action='/c/s/delete'>"));
        assertTrue(confirm, confirm.contains("name='key' value='top.txt'"));
        assertTrue("asking deletes nothing", store.head("photos", "top.txt").isPresent());

        Map<String, String> form = new HashMap<>(Map.of("bucket", "photos", "prefix", "", "key", "top.txt"));
        assertEquals("Deleted top.txt", post("/delete", form, null).redirectParameter("message"));
        assertTrue(store.head("photos", "top.txt").isEmpty());
        assertEquals("There was no object top.txt", post("/delete", form, null).redirectParameter("message"));
    }

    @Test
    public void aBadBucketNameIsRefusedWithTheS3Rule() throws Exception {
        ServletFixtures.Response refused = post("/create-bucket", Map.of("name", "Bad_Name"), null);
        assertTrue(refused.redirectParameter("error"), refused.redirectParameter("error").startsWith("InvalidBucketName: "));
        assertEquals(1, store.buckets().size());
        assertEquals("Created bucket logs-2026", post("/create-bucket", Map.of("name", "logs-2026"), null)
                .redirectParameter("message"));
        assertTrue(store.bucket("logs-2026").isPresent());
    }

    @Test
    public void downloadingAMissingObjectAnswersNoSuchKey() throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.download("photos", "nothing", response.proxy());
        assertEquals(404, response.status);
        assertTrue(response.text.toString(), response.text.toString().startsWith("NoSuchKey"));
    }

    @Test
    public void theOutcomeOfAWriteIsShownEscaped() {
        String html = StoragePlugin.render(store, "/c/s", null, null, null, null, "ok <b>", "bad <i>");
        assertTrue(html, html.contains("<p class='statline ui-state-error' id='error'>bad &lt;i&gt;</p>"));
        assertTrue(html, html.contains("id='message'>ok &lt;b&gt;</p>"));
    }

    @Test
    public void withoutTheStoreThePageSaysSoAndWritesChangeNothing() throws Exception {
        assertTrue(page(null, "photos", "").contains("The object store (io.stratus.storage.api.ObjectStore) is not running"));
        plugin = new StoragePlugin(null);
        assertEquals("The object store is not running: nothing was changed",
                post("/create-bucket", Map.of("name", "fine-name"), null).redirectParameter("error"));
        ServletFixtures.Response download = new ServletFixtures.Response();
        plugin.download("photos", "top.txt", download.proxy());
        assertEquals(503, download.status);
    }

    @Test
    public void aFormPostedFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
        ServletFixtures.Response response = new ServletFixtures.Response();
        plugin.doPost(ServletFixtures.request(StoragePlugin.LABEL, "/create-bucket", Map.of("name", "planted"), null,
                Map.of("Host", "localhost:8080", "Origin", "https://elsewhere.example")), response.proxy());
        assertEquals(403, response.status);
        assertTrue(store.bucket("planted").isEmpty());

        ServletFixtures.Response own = new ServletFixtures.Response();
        plugin.doPost(ServletFixtures.request(StoragePlugin.LABEL, "/create-bucket", Map.of("name", "planted"), null,
                Map.of("Host", "localhost:8080", "Origin", "http://localhost:8080")), own.proxy());
        assertEquals(302, own.status);
        assertTrue(store.bucket("planted").isPresent());
    }
}
