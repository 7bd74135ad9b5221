package io.stratus.storage.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import io.stratus.aws.api.AccessRequest;
import io.stratus.aws.api.AwsException;
import io.stratus.aws.api.AwsRequest;
import io.stratus.aws.api.AwsResponse;
import io.stratus.aws.api.AwsService;
import io.stratus.aws.codec.AwsChunkedInputStream;
import io.stratus.aws.codec.AwsXml;
import io.stratus.runtime.api.FunctionRegistry;
import io.stratus.lambda.api.FunctionPolicies;
import io.stratus.runtime.api.Invoker;
import io.stratus.storage.api.BucketInfo;
import io.stratus.storage.api.BucketNotifications;
import io.stratus.storage.api.NotificationInfo;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectInfo;
import io.stratus.storage.api.ObjectListing;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.api.PartInfo;
import io.stratus.storage.api.StorageException;
import io.stratus.storage.api.Upload;

/**
 * The Amazon S3 REST API (path-style and {@code <bucket>.localhost} virtual-host style) over the
 * {@link ObjectStore}, answered in the XML of the S3 API Reference, with bucket notifications to
 * functions. S3 is the endpoint's fallback service, as on AWS: unsigned requests no other service
 * claims come here.
 */
@Component(service = {AwsService.class, BucketNotifications.class}, property = {
        AwsService.SERVICE + "=s3",
        AwsService.PROTOCOL + "=rest-xml",
        AwsService.FALLBACK + ":Boolean=true",
        AwsService.XML_NAMESPACE + "=" + S3Api.NAMESPACE })
public final class S3Api implements AwsService, BucketNotifications {

    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    static final String MALFORMED = "The XML you provided was not well-formed or did not validate against our published schema";
    private static final int MAX_XML_BODY = 2 * 1024 * 1024;
    private static final int MAX_DELETE_KEYS = 1000;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /* query parameter, header it sets; an array since every GET walks it */
    private static final String[][] RESPONSE_OVERRIDES = {
            {"response-content-language", "Content-Language"},
            {"response-expires", "Expires"},
            {"response-cache-control", "Cache-Control"},
            {"response-content-disposition", "Content-Disposition"},
            {"response-content-encoding", "Content-Encoding"}};

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Api.class);

    private final ObjectStore store;
    private final BucketEvents events;
    private final Predicate<String> functionExists;
    private final FunctionPolicies policies;
    private final String region;
    private final String ownerId;
    private final AutoCloseable[] owned;
    /* the rules function bundles declare, for listing */
    private final java.util.function.Supplier<List<DeclaredNotifications.Declared>> declaredRules;

    @Activate
    public S3Api(@Reference ObjectStore store, @Reference Invoker invoker, @Reference FunctionRegistry registry,
            @Reference FunctionPolicies policies, BundleContext context) throws IOException {
        String region = property(context, "stratus.region", "us-east-1");
        Path data = Path.of(property(context, "stratus.data", "./data"));
        NotificationQueue queue = new NotificationQueue(data.resolve("storage").resolve("events"), invoker,
                Clock.systemUTC());
        DeclaredNotifications declared = new DeclaredNotifications(context);
        this.store = store;
        this.functionExists = name -> registry.get(name).isPresent();
        this.policies = policies;
        this.region = region;
        this.ownerId = ownerId(property(context, "stratus.account", "000000000000"));
        this.events = new BucketEvents(store, queue, declared::rules, region, Clock.systemUTC());
        this.owned = new AutoCloseable[] { declared, queue };
        this.declaredRules = declared::all;
    }

    /** Without OSGi, for tests. */
    S3Api(ObjectStore store, BucketEvents events, Predicate<String> functionExists, FunctionPolicies policies,
            String region, String account) {
        this.store = store;
        this.events = events;
        this.functionExists = functionExists;
        this.policies = policies;
        this.region = region;
        this.ownerId = ownerId(account);
        this.owned = new AutoCloseable[0];
        this.declaredRules = List::of;
    }

    @Deactivate
    void deactivate() throws Exception {
        for (AutoCloseable closeable : owned) {
            closeable.close();
        }
    }

    @Override
    public List<NotificationInfo> notifications() {
        List<NotificationInfo> all = new ArrayList<>();
        for (BucketInfo bucket : store.buckets()) {
            try {
                for (NotificationRule rule : events.configured(bucket.name())) {
                    all.add(info(bucket.name(), rule, false));
                }
            } catch (StorageException e) {
                // deleted while listing: it has no notifications any more
            }
        }
        for (DeclaredNotifications.Declared d : declaredRules.get()) {
            all.add(info(d.bucket(), d.rule(), true));
        }
        return all;
    }

    private static NotificationInfo info(String bucket, NotificationRule rule, boolean declared) {
        return new NotificationInfo(bucket, rule.id(), rule.function(), rule.events(), rule.prefix(), rule.suffix(),
                declared);
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** S3's canonical user id of the account: 64 hex characters. */
    static String ownerId(String account) {
        return HexFormat.of().formatHex(FileObjectStore.digest("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- dispatch

    @Override
    public List<AccessRequest> access(AwsRequest request) throws AwsException, IOException {
        return S3Access.of(request);
    }

    @Override
    public void handle(AwsRequest request, AwsResponse response) throws AwsException, IOException {
        S3Request target = S3Request.of(request);
        String method = request.method();
        Map<String, List<String>> query = subresources(request.parameters());
        try {
            if (target.bucket() == null) {
                if (method.equals("GET")) {
                    listBuckets(response);
                    return;
                }
                throw methodNotAllowed();
            }
            String bucket = target.bucket();
            String key = target.key();
            if (key == null) {
                switch (method) {
                    case "PUT" -> {
                        if (query.containsKey("notification")) {
                            putNotification(request, response, bucket);
                        } else if (query.isEmpty()) {
                            createBucket(request, response, bucket);
                        } else {
                            throw notImplemented(query);
                        }
                    }
                    case "DELETE" -> {
                        if (!query.isEmpty()) {
                            throw notImplemented(query);
                        }
                        store.deleteBucket(bucket);
                        response.status(204);
                    }
                    case "HEAD" -> {
                        requireBucket(bucket);
                        response.header("x-amz-bucket-region", region);
                        response.status(200);
                    }
                    case "GET" -> {
                        if (query.containsKey("location")) {
                            requireBucket(bucket);
                            xml(response, 200, AwsXml.document().start("LocationConstraint").attribute("xmlns", NAMESPACE)
                                    .text(region.equals("us-east-1") ? "" : region));
                        } else if (query.containsKey("notification")) {
                            xml(response, 200, null, NotificationConfigurations.toXml(events.configured(bucket)));
                        } else if (query.containsKey("uploads")) {
                            listUploads(request, response, bucket);
                        } else if ("2".equals(request.parameter("list-type"))) {
                            listObjects(request, response, bucket, true);
                        } else if (onlyListParameters(query)) {
                            listObjects(request, response, bucket, false);
                        } else {
                            throw notImplemented(query);
                        }
                    }
                    case "POST" -> {
                        if (query.containsKey("delete")) {
                            deleteObjects(request, response, bucket);
                        } else {
                            throw notImplemented(query);
                        }
                    }
                    default -> throw methodNotAllowed();
                }
                return;
            }
            switch (method) {
                case "PUT" -> {
                    if (query.containsKey("uploadId") || query.containsKey("partNumber")) {
                        uploadPart(request, response, bucket, key);
                    } else if (query.containsKey("tagging") || query.containsKey("acl") || query.containsKey("retention")
                            || query.containsKey("legal-hold")) {
                        throw notImplemented(query);
                    } else if (request.header("x-amz-copy-source") != null) {
                        copyObject(request, response, bucket, key);
                    } else {
                        putObject(request, response, bucket, key);
                    }
                }
                case "GET", "HEAD" -> {
                    if (query.containsKey("uploadId") && method.equals("GET")) {
                        listParts(request, response, bucket, key);
                    } else if (query.containsKey("tagging") || query.containsKey("acl") || query.containsKey("attributes")) {
                        throw notImplemented(query);
                    } else {
                        getObject(request, response, bucket, key, method.equals("HEAD"));
                    }
                }
                case "DELETE" -> {
                    if (query.containsKey("uploadId")) {
                        store.abortUpload(bucket, key, request.parameter("uploadId"));
                        response.status(204);
                    } else {
                        deleteObject(request, response, bucket, key);
                    }
                }
                case "POST" -> {
                    if (query.containsKey("uploads")) {
                        createUpload(request, response, bucket, key);
                    } else if (query.containsKey("uploadId")) {
                        completeUpload(request, response, bucket, key);
                    } else {
                        throw notImplemented(query);
                    }
                }
                default -> throw methodNotAllowed();
            }
        } catch (StorageException e) {
            throw toAws(e, target);
        } catch (SignedChunks.SignatureMismatchException e) {
            throw new AwsException(403, "SignatureDoesNotMatch", e.getMessage());
        } catch (AwsChunkedInputStream.MalformedChunkException e) {
            throw new AwsException(400, "IncompleteBody", "The request body is not valid aws-chunked encoding: " + e.getMessage());
        }
    }

    /**
     * The query without what only authenticates or labels a request (presigned URLs' {@code X-Amz-*},
     * the SDKs' {@code x-id}), which says nothing about the operation.
     */
    static Map<String, List<String>> subresources(Map<String, List<String>> parameters) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (!name.regionMatches(true, 0, "X-Amz-", 0, 6) && !name.equals("x-id")) {
                query.put(name, values);
            }
        });
        return query;
    }

    static boolean onlyListParameters(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            if (!List.of("prefix", "delimiter", "marker", "max-keys", "encoding-type").contains(name)) {
                return false;
            }
        }
        return true;
    }

    static AwsException toAws(StorageException e, S3Request target) {
        Map<String, String> extra = new LinkedHashMap<>();
        switch (e.code()) {
            case StorageException.NO_SUCH_BUCKET, StorageException.BUCKET_NOT_EMPTY,
                    StorageException.BUCKET_ALREADY_OWNED, StorageException.INVALID_BUCKET_NAME -> {
                if (target.bucket() != null) {
                    extra.put("BucketName", target.bucket());
                }
            }
            case StorageException.NO_SUCH_KEY -> extra.put("Key", target.key() == null ? "" : target.key());
            default -> {
            }
        }
        return new AwsException(e.status(), e.code(), e.getMessage(), e.status() < 500, extra);
    }

    private static AwsException methodNotAllowed() {
        return new AwsException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }

    private static AwsException notImplemented(Map<String, List<String>> query) {
        return new AwsException(501, "NotImplemented",
                "A header or query you provided implies functionality that is not implemented: " + query.keySet());
    }

    private BucketInfo requireBucket(String bucket) throws StorageException {
        return store.bucket(bucket).orElseThrow(
                () -> new StorageException(404, StorageException.NO_SUCH_BUCKET, "The specified bucket does not exist"));
    }

    // ---- buckets

    private void listBuckets(AwsResponse response) throws IOException {
        AwsXml.Writer xml = AwsXml.document().start("ListAllMyBucketsResult").attribute("xmlns", NAMESPACE);
        owner(xml, "Owner");
        xml.start("Buckets");
        for (BucketInfo bucket : store.buckets()) {
            xml.start("Bucket").element("Name", bucket.name()).element("CreationDate", ISO.format(bucket.creationDate()))
                    .end();
        }
        xml.end();
        xml(response, 200, xml);
    }

    private void owner(AwsXml.Writer xml, String element) {
        xml.start(element).element("ID", ownerId).element("DisplayName", "stratus").end();
    }

    private void createBucket(AwsRequest request, AwsResponse response, String bucket)
            throws AwsException, IOException, StorageException {
        byte[] body = request.body(MAX_XML_BODY);
        if (body.length > 0) {
            Document document = AwsXml.parse(body, "MalformedXML", MALFORMED);
            Element root = document.getDocumentElement();
            if (!"CreateBucketConfiguration".equals(localName(root))) {
                throw new AwsException(400, "MalformedXML", MALFORMED);
            }
            String location = AwsXml.childText(root, "LocationConstraint");
            if (location != null && !location.isBlank() && !location.trim().equals(region)) {
                throw new AwsException(400, "IllegalLocationConstraintException", "The " + location.trim()
                        + " location constraint is incompatible for the region specific endpoint this request was sent to.");
            }
        }
        if (BucketNames.problem(bucket) == null && store.bucket(bucket).isPresent()) {
            // us-east-1 answers a repeated create by its owner with success; other regions with BucketAlreadyOwnedByYou
            if (!region.equals("us-east-1")) {
                store.createBucket(bucket);
            }
        } else {
            store.createBucket(bucket);
        }
        response.header("Location", "/" + bucket);
        response.status(200);
        response.body(null, new byte[0]);
    }

    private void putNotification(AwsRequest request, AwsResponse response, String bucket)
            throws AwsException, IOException, StorageException {
        requireBucket(bucket);
        byte[] body = request.body(MAX_XML_BODY);
        List<NotificationRule> rules = NotificationConfigurations.parse(body, region, null, functionExists);
        for (NotificationRule rule : rules) {
            requireInvokePermission(request, bucket, rule);
        }
        store.putBucketSetting(bucket, NotificationConfigurations.SETTING,
                rules.isEmpty() ? null : NotificationConfigurations.toJson(rules));
        response.status(200);
        response.body(null, new byte[0]);
    }

    /**
     * As S3 does when a notification is configured: the function's resource-based policy must let
     * {@code s3.amazonaws.com} invoke it for this bucket (AddPermission with the bucket's ARN).
     */
    private void requireInvokePermission(AwsRequest request, String bucket, NotificationRule rule)
            throws AwsException {
        String[] parts = rule.arn().split(":");
        String qualifier = parts.length == 8 ? parts[7] : null;
        String account = request.principal() == null ? null : request.principal().accountId();
        FunctionPolicies.Decision decision = policies.mayInvoke(rule.function(), qualifier, FunctionPolicies.S3,
                "arn:aws:s3:::" + bucket, account);
        if (!decision.allowed()) {
            LOG.info("Notification of bucket {} to {} refused: {}", bucket, rule.arn(), decision.reason());
            throw new AwsException(400, "InvalidArgument", "Unable to validate the following destination configurations",
                    true, java.util.Map.of("ArgumentName", rule.arn(), "ArgumentValue",
                            "Not authorized to invoke function [" + rule.arn() + "]"));
        }
    }

    // ---- listings

    private void listObjects(AwsRequest request, AwsResponse response, String bucket, boolean v2)
            throws AwsException, IOException, StorageException {
        String prefix = orEmpty(request.parameter("prefix"));
        String delimiter = request.parameter("delimiter");
        String encodingType = request.parameter("encoding-type");
        if (encodingType != null && !encodingType.equals("url")) {
            throw new AwsException(400, "InvalidArgument", "Invalid Encoding Method specified in Request", true,
                    Map.of("ArgumentName", "encoding-type", "ArgumentValue", encodingType));
        }
        boolean url = encodingType != null;
        int maxKeys = maxKeys(request.parameter("max-keys"), "max-keys");
        String continuation = v2 ? request.parameter("continuation-token") : null;
        String startAfter = v2 ? request.parameter("start-after") : null;
        String marker;
        if (v2) {
            marker = continuation != null ? decodeToken(continuation) : startAfter;
        } else {
            marker = request.parameter("marker");
        }
        ObjectListing page = store.list(bucket, prefix, delimiter, marker, maxKeys);
        AwsXml.Writer xml = AwsXml.document().start("ListBucketResult").attribute("xmlns", NAMESPACE)
                .element("Name", bucket)
                .element("Prefix", encode(prefix, url));
        if (v2) {
            xml.element("KeyCount", page.objects().size() + page.commonPrefixes().size());
            if (continuation != null) {
                xml.element("ContinuationToken", continuation);
            }
            if (page.truncated()) {
                xml.element("NextContinuationToken", encodeToken(page.nextMarker()));
            }
            if (startAfter != null) {
                xml.element("StartAfter", encode(startAfter, url));
            }
        } else {
            xml.element("Marker", encode(orEmpty(marker), url));
            if (page.truncated() && delimiter != null) {
                xml.element("NextMarker", encode(page.nextMarker(), url));
            }
        }
        xml.element("MaxKeys", maxKeys);
        if (delimiter != null) {
            xml.element("Delimiter", encode(delimiter, url));
        }
        if (url) {
            xml.element("EncodingType", "url");
        }
        xml.element("IsTruncated", page.truncated());
        for (ObjectInfo info : page.objects()) {
            xml.start("Contents").element("Key", encode(info.key(), url))
                    .element("LastModified", ISO.format(info.lastModified()))
                    .element("ETag", quote(info.eTag()))
                    .element("Size", info.size())
                    .element("StorageClass", "STANDARD");
            if (!v2 || "true".equals(request.parameter("fetch-owner"))) {
                owner(xml, "Owner");
            }
            xml.end();
        }
        for (String common : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", encode(common, url)).end();
        }
        xml(response, 200, xml);
    }

    private static int maxKeys(String value, String name) throws AwsException {
        if (value == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw new AwsException(400, "InvalidArgument", "Provided " + name + " not an integer or within integer range",
                    true, Map.of("ArgumentName", name, "ArgumentValue", value));
        }
    }

    private static String encodeToken(String marker) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(marker.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) throws AwsException {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AwsException(400, "InvalidArgument", "The continuation token provided is incorrect", true,
                    Map.of("ArgumentName", "continuation-token"));
        }
    }

    /** S3's {@code encoding-type=url}: form encoding with spaces as {@code +}. */
    private static String encode(String value, boolean url) {
        return url && value != null ? URLEncoder.encode(value, StandardCharsets.UTF_8) : value;
    }

    // ---- objects

    private void putObject(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        requireBucket(bucket);
        FileObjectStore.checkKey(key);
        ObjectMetadata metadata = metadata(request);
        if ("*".equals(request.header("If-None-Match")) && store.head(bucket, key).isPresent()) {
            throw new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                    true, Map.of("Condition", "If-None-Match"));
        }
        UploadBody body = UploadBody.of(request);
        ObjectInfo info = store.put(bucket, key, body.stream(), metadata, body.check());
        events.publish(bucket, key, "ObjectCreated:Put", info.size(), info.eTag(), cause(request));
        response.header("ETag", quote(info.eTag()));
        info.checksums().forEach((algorithm, value) -> response.header(Checksums.header(algorithm), value));
        response.status(200);
        response.body(null, new byte[0]);
    }

    /** Content-Type, the standard headers and x-amz-meta-* of a request. */
    private static ObjectMetadata metadata(AwsRequest request) throws AwsException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : ObjectMetadata.STANDARD_HEADERS) {
            String value = request.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        // aws-chunked is how the body travelled, not how the object is encoded
        String encoding = headers.get("Content-Encoding");
        if (encoding != null) {
            List<String> kept = new ArrayList<>();
            for (String part : encoding.split(",")) {
                if (!part.trim().isEmpty() && !part.trim().equalsIgnoreCase("aws-chunked")) {
                    kept.add(part.trim());
                }
            }
            if (kept.isEmpty()) {
                headers.remove("Content-Encoding");
            } else {
                headers.put("Content-Encoding", String.join(",", kept));
            }
        }
        Map<String, String> user = new TreeMap<>();
        int size = 0;
        for (String name : request.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-amz-meta-")) {
                String value = request.header(name);
                user.put(lower.substring("x-amz-meta-".length()), value);
                size += lower.length() - "x-amz-meta-".length() + value.length();
            }
        }
        if (size > 2048) {
            throw new AwsException(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size.");
        }
        return new ObjectMetadata(request.header("Content-Type"), headers, user);
    }

    private BucketEvents.Cause cause(AwsRequest request) {
        String principal = request.principal() == null ? "AWS:" + ownerId
                : "AWS:" + request.principal().userId();
        // the x-amz-id-2 of the answer to the same request
        return new BucketEvents.Cause(principal, request.sourceIp(), request.requestId(), request.hostId());
    }

    private void getObject(AwsRequest request, AwsResponse response, String bucket, String key, boolean head)
            throws AwsException, IOException, StorageException {
        String partNumber = request.parameter("partNumber");
        try (ObjectContent content = store.open(bucket, key)) {
            ObjectInfo info = content.info();
            Integer status = preconditions(request, info);
            objectHeaders(response, info);
            String typeOverride = request.parameter("response-content-type");
            String type = typeOverride != null ? typeOverride : contentType(info);
            response.header("Content-Type", type);
            if (status != null && status == 304) {
                response.status(304);
                return;
            }
            long start = 0;
            long length = info.size();
            boolean partial = false;
            String range = request.header("Range");
            if (partNumber != null) {
                if (!partNumber.equals("1") || info.partsCount() > 1) {
                    throw new AwsException(416, "InvalidPartNumber", "The requested partnumber is not satisfiable");
                }
            } else if (range != null) {
                long[] r = range(range, info.size());
                if (r != null) {
                    partial = true;
                    start = r[0];
                    length = r[1] - r[0] + 1;
                    response.header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + info.size());
                }
            }
            for (String[] override : RESPONSE_OVERRIDES) {
                String value = request.parameter(override[0]);
                if (value != null) {
                    response.header(override[1], value);
                }
            }
            response.header("Content-Length", Long.toString(length));
            response.status(partial ? 206 : 200);
            if (head) {
                return;
            }
            OutputStream out = response.bodyStream(type);
            content.transferTo(start, length, out);
        }
    }

    private static String contentType(ObjectInfo info) {
        String type = info.metadata().contentType();
        return type == null ? "binary/octet-stream" : type;
    }

    private static void objectHeaders(AwsResponse response, ObjectInfo info) {
        response.header("ETag", quote(info.eTag()));
        response.header("Last-Modified", HttpDates.format(info.lastModified()));
        response.header("Accept-Ranges", "bytes");
        info.metadata().headers().forEach(response::header);
        info.metadata().userMetadata().forEach((name, value) -> response.header("x-amz-meta-" + name, value));
        if (info.partsCount() > 0) {
            response.header("x-amz-mp-parts-count", Integer.toString(info.partsCount()));
        }
        info.checksums().forEach((algorithm, value) -> response.header(Checksums.header(algorithm), value));
    }

    /**
     * The If-* headers as S3 evaluates them: null to answer, 304 for not modified; 412 is thrown.
     */
    private static Integer preconditions(AwsRequest request, ObjectInfo info) throws AwsException {
        String ifMatch = request.header("If-Match");
        String ifNoneMatch = request.header("If-None-Match");
        Instant ifModifiedSince = httpDate(request.header("If-Modified-Since"));
        Instant ifUnmodifiedSince = httpDate(request.header("If-Unmodified-Since"));
        Instant modified = info.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!eTagMatches(ifMatch, info.eTag())) {
                throw preconditionFailed("If-Match");
            }
        } else if (ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince)) {
            throw preconditionFailed("If-Unmodified-Since");
        }
        if (ifNoneMatch != null) {
            if (eTagMatches(ifNoneMatch, info.eTag())) {
                return 304;
            }
        } else if (ifModifiedSince != null && !modified.isAfter(ifModifiedSince)) {
            return 304;
        }
        return null;
    }

    private static AwsException preconditionFailed(String condition) {
        return new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                true, Map.of("Condition", condition));
    }

    private static boolean eTagMatches(String header, String eTag) {
        for (String candidate : header.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || FileObjectStore.unquote(c.startsWith("W/") ? c.substring(2) : c).equals(eTag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null; // S3 ignores a date it cannot read
        }
    }

    /**
     * The first and last byte of a single {@code bytes=} range, null to serve the whole object
     * (a range S3 ignores), or InvalidRange.
     */
    static long[] range(String header, long size) throws AwsException {
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=") || h.contains(",")) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw invalidRange(header, size);
                }
                return new long[] { Math.max(0, size - suffix), size - 1 };
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (from < 0 || to < from) {
                return null;
            }
            if (from >= size) {
                throw invalidRange(header, size);
            }
            return new long[] { from, Math.min(to, size - 1) };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static AwsException invalidRange(String header, long size) {
        return new AwsException(416, "InvalidRange", "The requested range is not satisfiable", true,
                Map.of("RangeRequested", header, "ActualObjectSize", Long.toString(size)));
    }

    private void deleteObject(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        if (store.delete(bucket, key)) {
            events.publish(bucket, key, "ObjectRemoved:Delete", -1, null, cause(request));
        }
        response.status(204);
    }

    private void deleteObjects(AwsRequest request, AwsResponse response, String bucket)
            throws AwsException, IOException, StorageException {
        requireBucket(bucket);
        UploadBody checked = UploadBody.of(request);
        byte[] body = checked.stream().readNBytes(MAX_XML_BODY + 1);
        if (body.length > MAX_XML_BODY) {
            throw new AwsException(400, "MalformedXML", MALFORMED);
        }
        checked.check().verify(body.length, FileObjectStore.digest("MD5").digest(body));
        Document document = AwsXml.parse(body, "MalformedXML", MALFORMED);
        Element root = document.getDocumentElement();
        if (!"Delete".equals(localName(root))) {
            throw new AwsException(400, "MalformedXML", MALFORMED);
        }
        boolean quiet = "true".equalsIgnoreCase(String.valueOf(AwsXml.childText(root, "Quiet")).trim());
        List<String> keys = new ArrayList<>();
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                switch (localName(element)) {
                    case "Object" -> {
                        String key = AwsXml.childText(element, "Key");
                        if (key == null) {
                            throw new AwsException(400, "MalformedXML", MALFORMED);
                        }
                        keys.add(key);
                    }
                    case "Quiet" -> {
                    }
                    default -> throw new AwsException(400, "MalformedXML", MALFORMED);
                }
            }
        }
        if (keys.isEmpty() || keys.size() > MAX_DELETE_KEYS) {
            throw new AwsException(400, "MalformedXML", MALFORMED);
        }
        AwsXml.Writer xml = AwsXml.document().start("DeleteResult").attribute("xmlns", NAMESPACE);
        for (String key : keys) {
            try {
                if (store.delete(bucket, key)) {
                    events.publish(bucket, key, "ObjectRemoved:Delete", -1, null, cause(request));
                }
                if (!quiet) {
                    xml.start("Deleted").element("Key", key).end();
                }
            } catch (StorageException e) {
                xml.start("Error").element("Key", key).element("Code", e.code()).element("Message", e.getMessage()).end();
            }
        }
        xml(response, 200, xml);
    }

    private void copyObject(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        requireBucket(bucket);
        FileObjectStore.checkKey(key);
        S3Request source = copySource(request.header("x-amz-copy-source"));
        String directive = orDefault(request.header("x-amz-metadata-directive"), "COPY").toUpperCase(Locale.ROOT);
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new AwsException(400, "InvalidArgument", "Unknown metadata directive.", true,
                    Map.of("ArgumentName", "x-amz-metadata-directive", "ArgumentValue", directive));
        }
        try (ObjectContent content = openSource(source)) {
            ObjectInfo from = content.info();
            copyPreconditions(request, from);
            if (source.bucket().equals(bucket) && source.key().equals(key) && directive.equals("COPY")) {
                throw new AwsException(400, "InvalidRequest", "This copy request is illegal because it is trying to copy an "
                        + "object to itself without changing the object's metadata, storage class, website redirect "
                        + "location or encryption attributes.");
            }
            ObjectMetadata metadata = directive.equals("COPY") ? from.metadata() : metadata(request);
            drain(request);
            ObjectInfo info = store.put(bucket, key, content.stream(0, from.size()), metadata,
                    (size, md5) -> Map.of());
            events.publish(bucket, key, "ObjectCreated:Copy", info.size(), info.eTag(), cause(request));
            xml(response, 200, AwsXml.document().start("CopyObjectResult").attribute("xmlns", NAMESPACE)
                    .element("LastModified", ISO.format(info.lastModified()))
                    .element("ETag", quote(info.eTag())));
        }
    }

    /** A copy request has no body of its own; a chunked empty body is read so the connection stays usable. */
    private static void drain(AwsRequest request) throws IOException {
        try (InputStream in = request.bodyStream()) {
            in.skip(Long.MAX_VALUE);
        }
    }

    private ObjectContent openSource(S3Request source) throws AwsException, IOException {
        try {
            return store.open(source.bucket(), source.key());
        } catch (StorageException e) {
            throw toAws(e, source);
        }
    }

    private static void copyPreconditions(AwsRequest request, ObjectInfo from) throws AwsException {
        String ifMatch = request.header("x-amz-copy-source-if-match");
        String ifNoneMatch = request.header("x-amz-copy-source-if-none-match");
        Instant modified = from.lastModified().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant ifModifiedSince = httpDate(request.header("x-amz-copy-source-if-modified-since"));
        Instant ifUnmodifiedSince = httpDate(request.header("x-amz-copy-source-if-unmodified-since"));
        if (ifMatch != null && !eTagMatches(ifMatch, from.eTag())) {
            throw preconditionFailed("x-amz-copy-source-If-Match");
        }
        if (ifNoneMatch != null && eTagMatches(ifNoneMatch, from.eTag())) {
            throw preconditionFailed("x-amz-copy-source-If-None-Match");
        }
        if (ifMatch == null && ifUnmodifiedSince != null && modified.isAfter(ifUnmodifiedSince)) {
            throw preconditionFailed("x-amz-copy-source-If-Unmodified-Since");
        }
        if (ifNoneMatch == null && ifModifiedSince != null && !modified.isAfter(ifModifiedSince)) {
            throw preconditionFailed("x-amz-copy-source-If-Modified-Since");
        }
    }

    /** {@code [/]bucket/key[?versionId=...]}, percent-encoded. */
    static S3Request copySource(String header) throws AwsException {
        String value = header.trim();
        int question = value.indexOf('?');
        if (question >= 0) {
            value = value.substring(0, question);
        }
        String decoded = S3Request.decode(value.startsWith("/") ? value.substring(1) : value);
        int slash = decoded.indexOf('/');
        if (slash <= 0 || slash == decoded.length() - 1) {
            throw new AwsException(400, "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                    true, Map.of("ArgumentName", "x-amz-copy-source", "ArgumentValue", header));
        }
        return new S3Request(decoded.substring(0, slash), decoded.substring(slash + 1));
    }

    // ---- multipart uploads

    private void createUpload(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        Upload upload = store.createUpload(bucket, key, metadata(request));
        xml(response, 200, AwsXml.document().start("InitiateMultipartUploadResult").attribute("xmlns", NAMESPACE)
                .element("Bucket", bucket).element("Key", key).element("UploadId", upload.uploadId()));
    }

    private void uploadPart(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        String uploadId = request.parameter("uploadId");
        int partNumber = partNumber(request.parameter("partNumber"));
        if (uploadId == null) {
            throw new AwsException(400, "InvalidArgument", "uploadId is required with partNumber");
        }
        String copySource = request.header("x-amz-copy-source");
        if (copySource != null) {
            store.parts(bucket, key, uploadId); // NoSuchUpload before the source is read
            S3Request source = copySource(copySource);
            try (ObjectContent content = openSource(source)) {
                ObjectInfo from = content.info();
                copyPreconditions(request, from);
                long start = 0;
                long length = from.size();
                String range = request.header("x-amz-copy-source-range");
                if (range != null) {
                    long[] r = copyRange(range, from.size());
                    start = r[0];
                    length = r[1] - r[0] + 1;
                }
                drain(request);
                PartInfo part = store.uploadPart(bucket, key, uploadId, partNumber, content.stream(start, length),
                        (size, md5) -> Map.of());
                xml(response, 200, AwsXml.document().start("CopyPartResult").attribute("xmlns", NAMESPACE)
                        .element("LastModified", ISO.format(part.lastModified()))
                        .element("ETag", quote(part.eTag())));
            }
            return;
        }
        UploadBody body = UploadBody.of(request);
        PartInfo part = store.uploadPart(bucket, key, uploadId, partNumber, body.stream(), body.check());
        response.header("ETag", quote(part.eTag()));
        response.status(200);
        response.body(null, new byte[0]);
    }

    private static long[] copyRange(String header, long size) throws AwsException {
        String h = header.trim();
        AwsException invalid = new AwsException(400, "InvalidArgument",
                "Range specified is not valid for source object of size: " + size, true,
                Map.of("ArgumentName", "x-amz-copy-source-range", "ArgumentValue", header));
        if (!h.startsWith("bytes=")) {
            throw invalid;
        }
        String[] parts = h.substring(6).split("-", -1);
        try {
            long from = Long.parseLong(parts[0].trim());
            long to = Long.parseLong(parts[1].trim());
            if (parts.length != 2 || from < 0 || to < from || to >= size) {
                throw invalid;
            }
            return new long[] { from, to };
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw invalid;
        }
    }

    private static int partNumber(String value) throws AwsException {
        try {
            int n = Integer.parseInt(value == null ? "" : value.trim());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsException(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive",
                true, Map.of("ArgumentName", "partNumber", "ArgumentValue", String.valueOf(value)));
    }

    private void completeUpload(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        String uploadId = request.parameter("uploadId");
        store.parts(bucket, key, uploadId); // NoSuchUpload before the body matters
        byte[] body = request.body(MAX_XML_BODY);
        Document document = AwsXml.parse(body, "MalformedXML", MALFORMED);
        Element root = document.getDocumentElement();
        if (!"CompleteMultipartUpload".equals(localName(root))) {
            throw new AwsException(400, "MalformedXML", MALFORMED);
        }
        List<PartInfo> parts = new ArrayList<>();
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                if (!"Part".equals(localName(element))) {
                    throw new AwsException(400, "MalformedXML", MALFORMED);
                }
                String number = AwsXml.childText(element, "PartNumber");
                String eTag = AwsXml.childText(element, "ETag");
                if (number == null || eTag == null) {
                    throw new AwsException(400, "MalformedXML", MALFORMED);
                }
                int n;
                try {
                    n = Integer.parseInt(number.trim());
                } catch (NumberFormatException e) {
                    throw new AwsException(400, "MalformedXML", MALFORMED);
                }
                parts.add(new PartInfo(n, 0, eTag.trim(), null));
            }
        }
        if (parts.isEmpty()) {
            throw new AwsException(400, "MalformedXML", "The XML you provided was not well-formed or did not validate "
                    + "against our published schema: you must specify at least one part");
        }
        ObjectInfo info = store.completeUpload(bucket, key, uploadId, parts);
        events.publish(bucket, key, "ObjectCreated:CompleteMultipartUpload", info.size(), info.eTag(), cause(request));
        String host = request.header("Host");
        xml(response, 200, AwsXml.document().start("CompleteMultipartUploadResult").attribute("xmlns", NAMESPACE)
                .element("Location", "http://" + (host == null ? "localhost" : host) + "/" + bucket + "/"
                        + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .element("Bucket", bucket).element("Key", key).element("ETag", quote(info.eTag())));
    }

    private void listParts(AwsRequest request, AwsResponse response, String bucket, String key)
            throws AwsException, IOException, StorageException {
        String uploadId = request.parameter("uploadId");
        List<PartInfo> parts = store.parts(bucket, key, uploadId);
        int maxParts = maxKeys(request.parameter("max-parts"), "max-parts");
        int marker = 0;
        String markerValue = request.parameter("part-number-marker");
        if (markerValue != null) {
            try {
                marker = Math.max(0, Integer.parseInt(markerValue.trim()));
            } catch (NumberFormatException e) {
                throw new AwsException(400, "InvalidArgument", "Provided part-number-marker not an integer or within "
                        + "integer range", true, Map.of("ArgumentName", "part-number-marker", "ArgumentValue", markerValue));
            }
        }
        AwsXml.Writer xml = AwsXml.document().start("ListPartsResult").attribute("xmlns", NAMESPACE)
                .element("Bucket", bucket).element("Key", key).element("UploadId", uploadId);
        owner(xml, "Initiator");
        owner(xml, "Owner");
        xml.element("StorageClass", "STANDARD").element("PartNumberMarker", marker);
        int count = 0;
        int last = marker;
        boolean truncated = false;
        List<PartInfo> page = new ArrayList<>();
        for (PartInfo part : parts) {
            if (part.partNumber() <= marker) {
                continue;
            }
            if (count == maxParts) {
                truncated = true;
                break;
            }
            page.add(part);
            last = part.partNumber();
            count++;
        }
        xml.element("NextPartNumberMarker", last).element("MaxParts", maxParts).element("IsTruncated", truncated);
        for (PartInfo part : page) {
            xml.start("Part").element("PartNumber", part.partNumber())
                    .element("LastModified", ISO.format(part.lastModified()))
                    .element("ETag", quote(part.eTag())).element("Size", part.size()).end();
        }
        xml(response, 200, xml);
    }

    private void listUploads(AwsRequest request, AwsResponse response, String bucket)
            throws AwsException, IOException, StorageException {
        String prefix = orEmpty(request.parameter("prefix"));
        int max = maxKeys(request.parameter("max-uploads"), "max-uploads");
        String keyMarker = request.parameter("key-marker");
        List<Upload> all = store.uploads(bucket);
        AwsXml.Writer xml = AwsXml.document().start("ListMultipartUploadsResult").attribute("xmlns", NAMESPACE)
                .element("Bucket", bucket).element("KeyMarker", orEmpty(keyMarker)).element("UploadIdMarker", "")
                .element("Prefix", prefix).element("MaxUploads", max);
        List<Upload> page = new ArrayList<>();
        boolean truncated = false;
        for (Upload upload : all) {
            if (!upload.key().startsWith(prefix)
                    || keyMarker != null && FileObjectStore.compareKeys(upload.key(), keyMarker) <= 0) {
                continue;
            }
            if (page.size() == max) {
                truncated = true;
                break;
            }
            page.add(upload);
        }
        if (truncated) {
            xml.element("NextKeyMarker", page.get(page.size() - 1).key())
                    .element("NextUploadIdMarker", page.get(page.size() - 1).uploadId());
        }
        xml.element("IsTruncated", truncated);
        for (Upload upload : page) {
            xml.start("Upload").element("Key", upload.key()).element("UploadId", upload.uploadId());
            owner(xml, "Initiator");
            owner(xml, "Owner");
            xml.element("StorageClass", "STANDARD").element("Initiated", ISO.format(upload.initiated())).end();
        }
        xml(response, 200, xml);
    }

    // ---- helpers

    private static void xml(AwsResponse response, int status, AwsXml.Writer xml) throws IOException {
        xml(response, status, xml, null);
    }

    private static void xml(AwsResponse response, int status, AwsXml.Writer xml, byte[] bytes) throws IOException {
        response.status(status);
        response.body("application/xml", bytes != null ? bytes : xml.toBytes());
    }

    static String quote(String eTag) {
        return "\"" + eTag + "\"";
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }
}
