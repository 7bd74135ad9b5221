package io.stratus.console.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.stratus.storage.api.BucketInfo;
import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectInfo;
import io.stratus.storage.api.ObjectListing;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.api.StorageException;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

/**
 * Web Console page "Storage": buckets, a bucket's objects with prefix navigation, upload (a
 * multipart form), download, and delete after a confirmation page. Every write goes through the
 * {@link ObjectStore}, which applies the same name and key rules as the S3 API; a refusal is shown
 * on the page with its S3 error code.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + StoragePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Storage",
        ServletConstants.PLUGIN_CATEGORY + "=Stratus",
        ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + FunctionsPlugin.LABEL + "/res/stratus.css" })
public final class StoragePlugin extends AbstractServlet {

    static final String LABEL = "stratus-storage";
    private static final long serialVersionUID = 1L;
    private static final int PAGE_SIZE = 1000;

    /** Optional and dynamic so the console keeps working, and says so, while storage is stopped. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile ObjectStore store;

    public StoragePlugin() {
    }

    StoragePlugin(ObjectStore store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ download

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (Pages.rest(request).equals("/download")) {
            download(request.getParameter("bucket"), request.getParameter("key"), response);
        }
        // anything else: the console renders the page through renderContent
    }

    void download(String bucket, String key, HttpServletResponse response) throws IOException {
        ObjectStore current = store;
        if (current == null) {
            response.sendError(503, "The object store is not running");
            return;
        }
        try (ObjectContent content = current.open(bucket, key)) {
            ObjectInfo info = content.info();
            setNoCache(response);
            response.setStatus(200);
            response.setContentType(info.metadata().contentType() == null ? "binary/octet-stream"
                    : info.metadata().contentType());
            response.setContentLengthLong(info.size());
            response.setHeader("ETag", "\"" + info.eTag() + "\"");
            response.setHeader("Content-Disposition", "attachment; filename*=UTF-8''" + encodePath(fileName(key)));
            content.transferTo(0, info.size(), response.getOutputStream());
        } catch (StorageException e) {
            response.sendError(e.status(), e.code() + ": " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ writes

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (!Pages.sameOrigin(request, response)) {
            return;
        }
        String action = Pages.rest(request);
        String bucket = request.getParameter("bucket");
        String prefix = request.getParameter("prefix") == null ? "" : request.getParameter("prefix");
        ObjectStore current = store;
        String message;
        boolean failed = false;
        if (current == null) {
            message = "The object store is not running: nothing was changed";
            failed = true;
        } else {
            try {
                message = switch (action) {
                    case "/create-bucket" -> "Created bucket " + current.createBucket(trimmed(request.getParameter("name"))).name();
                    case "/upload" -> upload(current, bucket, prefix, request);
                    case "/delete" -> delete(current, bucket, request.getParameter("key"));
                    default -> throw new StorageException(404, "NoSuchAction", "No such action: " + action);
                };
            } catch (StorageException e) {
                message = e.code() + ": " + e.getMessage();
                failed = true;
            }
        }
        StringBuilder location = new StringBuilder(Pages.pluginRoot(request, LABEL)).append('?');
        if (bucket != null && !action.equals("/create-bucket")) {
            location.append("bucket=").append(encode(bucket)).append("&prefix=").append(encode(prefix)).append('&');
        }
        location.append(failed ? "error=" : "message=").append(encode(message));
        response.sendRedirect(location.toString());
    }

    private static String upload(ObjectStore store, String bucket, String prefix, HttpServletRequest request)
            throws IOException, ServletException, StorageException {
        Part file = request.getPart("file");
        if (file == null || file.getSubmittedFileName() == null || file.getSubmittedFileName().isEmpty()) {
            throw new StorageException(400, StorageException.INVALID_ARGUMENT, "Choose a file to upload");
        }
        String name = trimmed(request.getParameter("key"));
        String key = name == null || name.isEmpty() ? prefix + fileName(file.getSubmittedFileName()) : name;
        ObjectInfo stored;
        try (InputStream content = file.getInputStream()) {
            stored = store.put(bucket, key, content, new ObjectMetadata(file.getContentType(), Map.of(), Map.of()),
                    ContentCheck.NONE);
        }
        return "Uploaded " + stored.key() + " (" + stored.size() + " bytes, ETag " + stored.eTag() + ")";
    }

    private static String delete(ObjectStore store, String bucket, String key) throws IOException, StorageException {
        if (key == null || key.isEmpty()) {
            throw new StorageException(400, StorageException.INVALID_ARGUMENT, "Object key must not be empty");
        }
        return store.delete(bucket, key) ? "Deleted " + key : "There was no object " + key;
    }

    // ------------------------------------------------------------------ pages

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = response.getWriter();
        out.print(render(store, Pages.pluginRoot(request, LABEL), request.getParameter("bucket"),
                request.getParameter("prefix"), request.getParameter("marker"), request.getParameter("confirm"),
                request.getParameter("message"), request.getParameter("error")));
    }

    static String render(ObjectStore store, String root, String bucket, String prefix, String marker, String confirm,
            String message, String error) {
        StringBuilder out = new StringBuilder();
        Pages.notice(out, message, error);
        if (store == null) {
            out.append("<p class='statline ui-state-error' id='unavailable'>The object store "
                    + "(io.stratus.storage.api.ObjectStore) is not running: no buckets to show.</p>\n");
            return out.toString();
        }
        if (bucket == null || bucket.isEmpty()) {
            buckets(out, store, root);
            return out.toString();
        }
        try {
            if (store.bucket(bucket).isEmpty()) {
                out.append("<p class='statline ui-state-error'>NoSuchBucket: no bucket ").append(Html.escape(bucket))
                        .append(". <a href='").append(Html.escape(root)).append("'>All buckets</a></p>\n");
                return out.toString();
            }
            if (confirm != null && !confirm.isEmpty()) {
                confirmation(out, store, root, bucket, prefix == null ? "" : prefix, confirm);
            } else {
                objects(out, store, root, bucket, prefix == null ? "" : prefix, marker);
            }
        } catch (StorageException e) {
            out.append("<p class='statline ui-state-error'>").append(Html.escape(e.code() + ": " + e.getMessage()))
                    .append("</p>\n");
        }
        return out.toString();
    }

    private static void buckets(StringBuilder out, ObjectStore store, String root) {
        List<BucketInfo> buckets = store.buckets();
        out.append("<p class='statline'>").append(buckets.size()).append(" buckets</p>\n");
        out.append("<table class='tablesorter nicetable stratus-buckets' id='buckets'><thead><tr><th>Bucket</th>")
                .append("<th>Created</th></tr></thead><tbody>\n");
        for (BucketInfo b : buckets) {
            out.append("<tr><td><a href='").append(Html.escape(root + "?bucket=" + encode(b.name()))).append("'>")
                    .append(Html.escape(b.name())).append("</a></td><td>").append(b.creationDate()).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
        out.append("<h3>New bucket</h3><form method='post' action='").append(Html.escape(root + "/create-bucket"))
                .append("' id='create-bucket'><input name='name' size='40' placeholder='my-bucket'> ")
                .append("<button type='submit'>Create</button> <span class='stratus-hint'>S3 bucket naming rules apply")
                .append("</span></form>\n");
    }

    private static void objects(StringBuilder out, ObjectStore store, String root, String bucket, String prefix,
            String marker) throws StorageException {
        ObjectListing page = store.list(bucket, prefix, "/", marker == null || marker.isEmpty() ? null : marker, PAGE_SIZE);
        out.append("<p class='statline'><a href='").append(Html.escape(root)).append("'>Buckets</a> / ");
        breadcrumbs(out, root, bucket, prefix);
        out.append(" — ").append(page.commonPrefixes().size()).append(" folders, ").append(page.objects().size())
                .append(" objects").append(page.truncated() ? " in this page" : "").append("</p>\n");
        out.append("<table class='tablesorter nicetable stratus-objects' id='objects' data-bucket='")
                .append(Html.escape(bucket)).append("' data-prefix='").append(Html.escape(prefix))
                .append("'><thead><tr><th>Key</th><th>Size (bytes)</th><th>ETag</th><th>Last modified</th>")
                .append("<th>Content type</th><th></th></tr></thead><tbody>\n");
        for (String folder : page.commonPrefixes()) {
            out.append("<tr class='stratus-folder'><td><a href='")
                    .append(Html.escape(root + "?bucket=" + encode(bucket) + "&prefix=" + encode(folder))).append("'>")
                    .append(Html.escape(folder.substring(prefix.length()))).append("</a></td><td></td><td></td><td></td>")
                    .append("<td></td><td></td></tr>\n");
        }
        for (ObjectInfo o : page.objects()) {
            String query = "?bucket=" + encode(bucket) + "&key=" + encode(o.key());
            out.append("<tr class='stratus-object' data-key='").append(Html.escape(o.key())).append("'><td><a href='")
                    .append(Html.escape(root + "/download" + query)).append("'>")
                    .append(Html.escape(o.key().substring(prefix.length()))).append("</a></td><td>").append(o.size())
                    .append("</td><td><code>").append(Html.escape(o.eTag())).append("</code></td><td>")
                    .append(o.lastModified()).append("</td><td>")
                    .append(Html.escape(o.metadata().contentType() == null ? "binary/octet-stream" : o.metadata().contentType()))
                    .append("</td><td><a class='stratus-delete' href='")
                    .append(Html.escape(root + "?bucket=" + encode(bucket) + "&prefix=" + encode(prefix) + "&confirm="
                            + encode(o.key()))).append("'>Delete…</a></td></tr>\n");
        }
        out.append("</tbody></table>\n");
        if (page.truncated()) {
            out.append("<p><a id='next-page' href='").append(Html.escape(root + "?bucket=" + encode(bucket) + "&prefix="
                    + encode(prefix) + "&marker=" + encode(page.nextMarker()))).append("'>Next page</a></p>\n");
        }
        out.append("<h3>Upload</h3><form method='post' enctype='multipart/form-data' id='upload' action='")
                .append(Html.escape(root + "/upload")).append("'><input type='hidden' name='bucket' value='")
                .append(Html.escape(bucket)).append("'><input type='hidden' name='prefix' value='")
                .append(Html.escape(prefix)).append("'><input type='file' name='file'> Key <input name='key' size='50' ")
                .append("placeholder='").append(Html.escape(prefix)).append("&lt;file name&gt;'> ")
                .append("<button type='submit'>Upload</button></form>\n");
    }

    private static void breadcrumbs(StringBuilder out, String root, String bucket, String prefix) {
        out.append("<a href='").append(Html.escape(root + "?bucket=" + encode(bucket))).append("'>")
                .append(Html.escape(bucket)).append("</a>");
        int start = 0;
        for (int slash = prefix.indexOf('/'); slash >= 0; slash = prefix.indexOf('/', slash + 1)) {
            String folder = prefix.substring(0, slash + 1);
            out.append(" / <a href='").append(Html.escape(root + "?bucket=" + encode(bucket) + "&prefix=" + encode(folder)))
                    .append("'>").append(Html.escape(prefix.substring(start, slash))).append("</a>");
            start = slash + 1;
        }
    }

    private static void confirmation(StringBuilder out, ObjectStore store, String root, String bucket, String prefix,
            String key) throws StorageException {
        Optional<ObjectInfo> object = store.head(bucket, key);
        String back = root + "?bucket=" + encode(bucket) + "&prefix=" + encode(prefix);
        if (object.isEmpty()) {
            out.append("<p class='statline ui-state-error'>NoSuchKey: no object ").append(Html.escape(key))
                    .append(" in ").append(Html.escape(bucket)).append(". <a href='").append(Html.escape(back))
                    .append("'>Back</a></p>\n");
            return;
        }
        ObjectInfo o = object.get();
        out.append("<p class='statline'>Delete <b>").append(Html.escape(bucket)).append('/').append(Html.escape(o.key()))
                .append("</b> (").append(o.size()).append(" bytes, last modified ").append(o.lastModified())
                .append(")? This cannot be undone.</p>\n");
        out.append("<form method='post' id='confirm-delete' action='").append(Html.escape(root + "/delete"))
                .append("'><input type='hidden' name='bucket' value='").append(Html.escape(bucket))
                .append("'><input type='hidden' name='prefix' value='").append(Html.escape(prefix))
                .append("'><input type='hidden' name='key' value='").append(Html.escape(o.key()))
                .append("'><button type='submit'>Delete</button> <a href='").append(Html.escape(back))
                .append("'>Cancel</a></form>\n");
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }

    /** The last path segment of a key or of a browser's file name (some browsers send a full path). */
    static String fileName(String name) {
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(cut + 1);
    }

    static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String encodePath(String value) {
        return encode(value).replace("+", "%20");
    }
}
