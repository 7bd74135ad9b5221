package io.stratus.storage.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.stratus.durable.DurableFiles;
import io.stratus.storage.api.BucketInfo;
import io.stratus.storage.api.ContentCheck;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectInfo;
import io.stratus.storage.api.ObjectListing;
import io.stratus.storage.api.ObjectMetadata;
import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.api.PartInfo;
import io.stratus.storage.api.StorageException;
import io.stratus.storage.api.Upload;

/**
 * The object store on the local file system, under {@code <data>/storage/}:
 * <pre>
 * buckets/&lt;bucket&gt;/bucket.json           name, creation date, settings
 * buckets/&lt;bucket&gt;/objects/&lt;sha256(key)&gt;   bytes + description (see {@link StoredFile})
 * uploads/&lt;uploadId&gt;/upload.json, part-N  multipart uploads in progress
 * </pre>
 * Object files are named by the SHA-256 of the key, so no key can name a path; the key itself is
 * in the description. A write goes to a temp file, is fsynced, then renamed into place by the
 * {@link GroupCommit}, which syncs the directory once for every write of its batch. An index of
 * every bucket's keys in memory answers HEAD and listings; it is rebuilt from the files at start,
 * after the temp files of interrupted writes are removed.
 */
@Component(service = ObjectStore.class, configurationPid = FileObjectStore.PID)
@Designate(ocd = FileObjectStore.Config.class)
public final class FileObjectStore implements ObjectStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileObjectStore.class);

    public static final String PID = "io.stratus.storage";

    @ObjectClassDefinition(name = "Stratus object storage", description = "Buckets and objects in the data directory")
    public @interface Config {
        @AttributeDefinition(name = "Largest object (bytes)",
                description = "Largest object a single PUT may store (S3: 5 GiB); larger ones are refused with EntityTooLarge")
        long maxObjectSize() default 5L * 1024 * 1024 * 1024;

        @AttributeDefinition(name = "Smallest part (bytes)",
                description = "Smallest size of every multipart upload part but the last (S3: 5 MiB)")
        long minPartSize() default 5L * 1024 * 1024;
    }

    static final String TEMP_SUFFIX = DurableFiles.TEMP_SUFFIX;
    private static final String BUCKET_FILE = "bucket.json";
    private static final String UPLOAD_FILE = "upload.json";
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int BUFFER = 64 * 1024;
    private static final Gson GSON = new Gson();
    /* built once: FileChannel.open(Path, OpenOption...) builds a set on every call */
    private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);

    private final Path root;
    private final Path bucketsDir;
    private final Path uploadsDir;
    private final long maxObjectSize;
    private final long minPartSize;
    private final Supplier<Clock> clock;
    private final GroupCommit commit;
    private final Object bucketLock = new Object();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, UploadState> uploads = new ConcurrentHashMap<>();

    /* A test or a cluster may register its own clock; the system clock otherwise. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Clock clockService;

    private static final class Bucket {
        final String name;
        final Instant created;
        final Path dir;
        final Path objects;
        final ConcurrentSkipListMap<String, ObjectInfo> index = new ConcurrentSkipListMap<>(FileObjectStore::compareKeys);
        volatile Map<String, String> settings;

        Bucket(String name, Instant created, Path dir, Map<String, String> settings) {
            this.name = name;
            this.created = created;
            this.dir = dir;
            this.objects = dir.resolve("objects");
            this.settings = Map.copyOf(settings);
        }
    }

    /** What bucket.json holds. */
    private static final class BucketFile {
        String name;
        long created;
        Map<String, String> settings;
    }

    /** What upload.json holds. */
    private static final class UploadFile {
        String bucket;
        String key;
        long initiated;
        String contentType;
        Map<String, String> headers;
        Map<String, String> userMetadata;
    }

    private record UploadState(Upload upload, Path dir) {
    }

    @Activate
    public FileObjectStore(BundleContext context, Config config) throws IOException {
        this(Path.of(property(context, "stratus.data", "./data")).resolve("storage"), config.maxObjectSize(),
                config.minPartSize(), null, DurableFiles::syncDirectory);
    }

    /**
     * @param clock null to use the clock service, else the system clock
     */
    FileObjectStore(Path root, long maxObjectSize, long minPartSize, Clock clock,
            GroupCommit.DirectorySync directorySync) throws IOException {
        this.root = root;
        this.bucketsDir = root.resolve("buckets");
        this.uploadsDir = root.resolve("uploads");
        this.maxObjectSize = maxObjectSize;
        this.minPartSize = minPartSize;
        this.clock = clock != null ? () -> clock : this::currentClock;
        Files.createDirectories(bucketsDir);
        Files.createDirectories(uploadsDir);
        recover();
        this.commit = new GroupCommit(directorySync);
    }

    private Clock currentClock() {
        Clock c = clockService;
        return c == null ? Clock.systemUTC() : c;
    }

    private static String property(BundleContext context, String key, String defaultValue) {
        String value = context.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    @Deactivate
    @Override
    public void close() {
        commit.close();
    }

    GroupCommit groupCommit() {
        return commit;
    }

    Path root() {
        return root;
    }

    // ---- start-up

    private void recover() throws IOException {
        int removed = DurableFiles.recover(root);
        if (removed > 0) {
            LOG.info("Removed {} temp files of interrupted writes under {}", removed, root);
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(bucketsDir)) {
            for (Path dir : dirs) {
                loadBucket(dir);
            }
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(uploadsDir)) {
            for (Path dir : dirs) {
                loadUpload(dir);
            }
        }
    }

    private void loadBucket(Path dir) throws IOException {
        Path file = dir.resolve(BUCKET_FILE);
        if (!Files.isRegularFile(file)) {
            // a bucket whose deletion was interrupted: its description went first
            LOG.info("Removing {}: a bucket deleted before the last stop", dir);
            deleteTree(dir);
            return;
        }
        BucketFile description;
        try {
            description = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), BucketFile.class);
        } catch (JsonParseException e) {
            throw new IOException("cannot read " + file, e);
        }
        if (description == null || description.name == null || !description.name.equals(dir.getFileName().toString())) {
            throw new IOException("bucket description " + file + " does not name its folder");
        }
        Bucket bucket = new Bucket(description.name, Instant.ofEpochMilli(description.created), dir,
                description.settings == null ? Map.of() : description.settings);
        Files.createDirectories(bucket.objects);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(bucket.objects)) {
            for (Path object : files) {
                if (object.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(object, StandardOpenOption.READ)) {
                    StoredFile.Header header = StoredFile.readHeader(channel);
                    if (!fileName(header.key).equals(object.getFileName().toString())) {
                        throw new IOException("its key does not match its name");
                    }
                    bucket.index.put(header.key, StoredFile.info(bucket.name, header));
                } catch (IOException e) {
                    LOG.error("Ignoring {} in bucket {}: {}", object, bucket.name, e.getMessage());
                }
            }
        }
        buckets.put(bucket.name, bucket);
    }

    private void loadUpload(Path dir) throws IOException {
        Path file = dir.resolve(UPLOAD_FILE);
        String id = dir.getFileName().toString();
        UploadFile description = null;
        if (UPLOAD_ID.matcher(id).matches() && Files.isRegularFile(file)) {
            try {
                description = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), UploadFile.class);
            } catch (JsonParseException e) {
                description = null;
            }
        }
        if (description == null || !buckets.containsKey(description.bucket)) {
            deleteTree(dir);
            return;
        }
        uploads.put(id, new UploadState(new Upload(description.bucket, description.key, id,
                Instant.ofEpochMilli(description.initiated),
                new ObjectMetadata(description.contentType, description.headers, description.userMetadata)), dir));
    }

    // ---- buckets

    @Override
    public List<BucketInfo> buckets() {
        List<BucketInfo> list = new ArrayList<>();
        for (Bucket bucket : buckets.values()) {
            list.add(new BucketInfo(bucket.name, bucket.created));
        }
        list.sort(Comparator.comparing(BucketInfo::name));
        return list;
    }

    @Override
    public Optional<BucketInfo> bucket(String name) {
        Bucket bucket = name == null ? null : buckets.get(name);
        return bucket == null ? Optional.empty() : Optional.of(new BucketInfo(bucket.name, bucket.created));
    }

    @Override
    public BucketInfo createBucket(String name) throws StorageException, IOException {
        String problem = BucketNames.problem(name);
        if (problem != null) {
            throw new StorageException(400, StorageException.INVALID_BUCKET_NAME, "The specified bucket is not valid. " + problem);
        }
        synchronized (bucketLock) {
            if (buckets.containsKey(name)) {
                throw new StorageException(409, StorageException.BUCKET_ALREADY_OWNED,
                        "Your previous request to create the named bucket succeeded and you already own it.");
            }
            Instant now = clock.get().instant();
            Path dir = bucketsDir.resolve(name);
            Bucket bucket = new Bucket(name, Instant.ofEpochMilli(now.toEpochMilli()), dir, Map.of());
            Files.createDirectories(bucket.objects);
            writeBucketFile(bucket);
            DurableFiles.syncDirectory(bucketsDir);
            buckets.put(name, bucket);
            return new BucketInfo(name, bucket.created);
        }
    }

    private static void writeBucketFile(Bucket bucket) throws IOException {
        BucketFile file = new BucketFile();
        file.name = bucket.name;
        file.created = bucket.created.toEpochMilli();
        file.settings = new TreeMap<>(bucket.settings);
        DurableFiles.write(bucket.dir.resolve(BUCKET_FILE), GSON.toJson(file).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void deleteBucket(String name) throws StorageException, IOException {
        synchronized (bucketLock) {
            Bucket bucket = requireBucket(name);
            if (!bucket.index.isEmpty()) {
                throw new StorageException(409, StorageException.BUCKET_NOT_EMPTY,
                        "The bucket you tried to delete is not empty");
            }
            buckets.remove(name);
            for (UploadState state : List.copyOf(uploads.values())) {
                if (state.upload().bucket().equals(name)) {
                    uploads.remove(state.upload().uploadId());
                    deleteTree(state.dir());
                }
            }
            // the description goes first and durably: a folder without one is removed at the next start
            DurableFiles.delete(bucket.dir.resolve(BUCKET_FILE));
            deleteTree(bucket.dir);
            DurableFiles.syncDirectory(bucketsDir);
        }
    }

    @Override
    public Optional<String> bucketSetting(String bucket, String name) throws StorageException {
        return Optional.ofNullable(requireBucket(bucket).settings.get(name));
    }

    @Override
    public void putBucketSetting(String bucketName, String name, String value) throws StorageException, IOException {
        synchronized (bucketLock) {
            Bucket bucket = requireBucket(bucketName);
            Map<String, String> settings = new TreeMap<>(bucket.settings);
            if (value == null) {
                settings.remove(name);
            } else {
                settings.put(name, value);
            }
            Map<String, String> previous = bucket.settings;
            bucket.settings = Map.copyOf(settings);
            try {
                writeBucketFile(bucket);
            } catch (IOException e) {
                bucket.settings = previous;
                throw e;
            }
        }
    }

    private Bucket requireBucket(String name) throws StorageException {
        Bucket bucket = name == null ? null : buckets.get(name);
        if (bucket == null) {
            throw new StorageException(404, StorageException.NO_SUCH_BUCKET, "The specified bucket does not exist");
        }
        return bucket;
    }

    // ---- objects

    /** Refuses keys S3 refuses: empty, longer than 1024 UTF-8 bytes, or not valid UTF-16/UTF-8. */
    static void checkKey(String key) throws StorageException {
        if (key == null || key.isEmpty()) {
            throw new StorageException(400, StorageException.INVALID_ARGUMENT, "Object key must not be empty");
        }
        // the UTF-8 length, counted without encoding; an unpaired surrogate has no UTF-8 form
        int bytes = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                throw new StorageException(400, StorageException.INVALID_ARGUMENT, "Object key is not valid UTF-8");
            }
        }
        if (bytes > MAX_KEY_BYTES) {
            throw new StorageException(400, StorageException.KEY_TOO_LONG, "Your key is too long");
        }
    }

    /** The file name of a key: hex SHA-256 of its UTF-8 bytes. */
    static String fileName(String key) {
        return HEX.formatHex(digest("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static final HexFormat HEX = HexFormat.of();

    /** S3 lists keys in the binary order of their UTF-8 bytes; for Strings that is code point order. */
    static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public ObjectInfo put(String bucketName, String key, InputStream content, ObjectMetadata metadata,
            ContentCheck check) throws StorageException, IOException {
        Bucket bucket = requireBucket(bucketName);
        checkKey(key);
        Path temp = tempFile(bucket.objects);
        try {
            ObjectInfo info;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                MessageDigest md5 = digest("MD5");
                long size = copy(content, channel, md5, maxObjectSize);
                byte[] hash = md5.digest();
                Map<String, String> checksums = check.verify(size, hash);
                info = new ObjectInfo(bucket.name, key, size, HexFormat.of().formatHex(hash), now(),
                        metadata == null ? ObjectMetadata.EMPTY : metadata, 0, checksums);
                StoredFile.writeHeader(channel, size, StoredFile.header(info));
                channel.force(false);
            }
            commitObject(bucket, temp, info);
            return info;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.get().millis());
    }

    /** A fresh name in {@code dir}: unique (files are created with CREATE_NEW), not secret, so not from SecureRandom. */
    private static Path tempFile(Path dir) {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return dir.resolve("." + new UUID(random.nextLong(), random.nextLong()) + TEMP_SUFFIX);
    }

    /** Renames the finished temp file over the key's file and updates the index, durably and in order. */
    private void commitObject(Bucket bucket, Path temp, ObjectInfo info) throws IOException, StorageException {
        Path target = bucket.objects.resolve(fileName(info.key()));
        commit.commit(new GroupCommit.Change() {
            @Override
            public Path directory() {
                return bucket.objects;
            }

            @Override
            public void apply() throws IOException {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                bucket.index.put(info.key(), info);
            }
        });
        if (buckets.get(bucket.name) != bucket) {
            throw new StorageException(404, StorageException.NO_SUCH_BUCKET, "The specified bucket does not exist");
        }
    }

    /** Copies the stream to the channel at position 0, digesting it; EntityTooLarge past the limit. */
    private static long copy(InputStream in, FileChannel channel, MessageDigest md5, long limit)
            throws IOException, StorageException {
        // small first: most objects are small, and a large buffer costs its zeroing on every PUT
        byte[] buffer = new byte[StoredFile.WINDOW];
        ByteBuffer wrapper = ByteBuffer.wrap(buffer);
        long size = 0;
        int n;
        while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            size += n;
            if (size > limit) {
                throw new StorageException(400, StorageException.ENTITY_TOO_LARGE,
                        "Your proposed upload exceeds the maximum allowed size");
            }
            md5.update(buffer, 0, n);
            wrapper.clear().limit(n);
            while (wrapper.hasRemaining()) {
                channel.write(wrapper);
            }
            if (n == buffer.length && buffer.length < BUFFER) {
                buffer = new byte[BUFFER];
                wrapper = ByteBuffer.wrap(buffer);
            }
        }
        return size;
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key) throws StorageException {
        return Optional.ofNullable(requireBucket(bucket).index.get(key));
    }

    @Override
    public ObjectContent open(String bucketName, String key) throws StorageException, IOException {
        Bucket bucket = requireBucket(bucketName);
        checkKey(key);
        FileChannel channel;
        try {
            channel = FileChannel.open(bucket.objects.resolve(fileName(key)), READ);
        } catch (NoSuchFileException e) {
            throw noSuchKey();
        }
        try {
            StoredFile.Contents contents = StoredFile.read(channel);
            StoredFile.Header header = contents.header();
            if (!key.equals(header.key)) {
                throw noSuchKey();
            }
            ObjectInfo info = StoredFile.info(bucket.name, header);
            if (contents.file() != null) {
                // a small object was read whole: the file is no longer needed
                channel.close();
                return new FileContent(null, contents.file(), info);
            }
            return new FileContent(channel, contents.head(), info);
        } catch (IOException | StorageException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static StorageException noSuchKey() {
        return new StorageException(404, StorageException.NO_SUCH_KEY, "The specified key does not exist.");
    }

    @Override
    public boolean delete(String bucketName, String key) throws StorageException, IOException {
        Bucket bucket = requireBucket(bucketName);
        checkKey(key);
        Path target = bucket.objects.resolve(fileName(key));
        AtomicBoolean existed = new AtomicBoolean();
        commit.commit(new GroupCommit.Change() {
            @Override
            public Path directory() {
                return bucket.objects;
            }

            @Override
            public void apply() throws IOException {
                existed.set(Files.deleteIfExists(target));
                bucket.index.remove(key);
            }
        });
        return existed.get();
    }

    @Override
    public ObjectListing list(String bucketName, String prefix, String delimiter, String marker, int maxKeys)
            throws StorageException {
        Bucket bucket = requireBucket(bucketName);
        if (maxKeys <= 0) {
            return new ObjectListing(List.of(), List.of(), false, null);
        }
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        NavigableMap<String, ObjectInfo> from = bucket.index;
        String start = marker != null && compareKeys(marker, p) > 0 ? marker : null;
        if (start != null) {
            from = from.tailMap(start, false);
        } else if (!p.isEmpty()) {
            from = from.tailMap(p, true);
        }
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        for (ObjectInfo info : from.values()) {
            String key = info.key();
            if (!key.startsWith(p)) {
                if (compareKeys(key, p) > 0) {
                    break;
                }
                continue;
            }
            // a marker that is a common prefix skips everything under it
            if (start != null && d != null && start.endsWith(d) && key.startsWith(start)) {
                continue;
            }
            String common = null;
            if (d != null) {
                int at = key.indexOf(d, p.length());
                if (at >= 0) {
                    common = key.substring(0, at + d.length());
                    if (common.equals(last)) {
                        continue;
                    }
                }
            }
            if (objects.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (common != null) {
                prefixes.add(common);
                last = common;
            } else {
                objects.add(info);
                last = key;
            }
        }
        return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
    }

    // ---- multipart uploads

    @Override
    public Upload createUpload(String bucketName, String key, ObjectMetadata metadata) throws StorageException, IOException {
        Bucket bucket = requireBucket(bucketName);
        checkKey(key);
        String id = UUID.randomUUID().toString().replace("-", "");
        Upload upload = new Upload(bucket.name, key, id, now(), metadata == null ? ObjectMetadata.EMPTY : metadata);
        UploadFile file = new UploadFile();
        file.bucket = upload.bucket();
        file.key = key;
        file.initiated = upload.initiated().toEpochMilli();
        file.contentType = upload.metadata().contentType();
        file.headers = new LinkedHashMap<>(upload.metadata().headers());
        file.userMetadata = new LinkedHashMap<>(upload.metadata().userMetadata());
        Path dir = uploadsDir.resolve(id);
        Files.createDirectories(dir);
        DurableFiles.write(dir.resolve(UPLOAD_FILE), GSON.toJson(file).getBytes(StandardCharsets.UTF_8));
        DurableFiles.syncDirectory(uploadsDir);
        uploads.put(id, new UploadState(upload, dir));
        return upload;
    }

    private UploadState requireUpload(String bucket, String key, String uploadId) throws StorageException {
        requireBucket(bucket);
        UploadState state = uploadId == null || !UPLOAD_ID.matcher(uploadId).matches() ? null : uploads.get(uploadId);
        if (state == null || !state.upload().bucket().equals(bucket) || !state.upload().key().equals(key)) {
            throw new StorageException(404, StorageException.NO_SUCH_UPLOAD,
                    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
        }
        return state;
    }

    @Override
    public PartInfo uploadPart(String bucket, String key, String uploadId, int partNumber, InputStream content,
            ContentCheck check) throws StorageException, IOException {
        UploadState state = requireUpload(bucket, key, uploadId);
        if (partNumber < 1 || partNumber > 10_000) {
            throw new StorageException(400, StorageException.INVALID_ARGUMENT,
                    "Part number must be an integer between 1 and 10000, inclusive");
        }
        Path temp = tempFile(state.dir());
        try {
            PartInfo part;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                MessageDigest md5 = digest("MD5");
                long size = copy(content, channel, md5, maxObjectSize);
                byte[] hash = md5.digest();
                check.verify(size, hash);
                part = new PartInfo(partNumber, size, HexFormat.of().formatHex(hash), now());
                StoredFile.Header header = new StoredFile.Header();
                header.key = key;
                header.size = size;
                header.eTag = part.eTag();
                header.lastModified = part.lastModified().toEpochMilli();
                header.partNumber = partNumber;
                StoredFile.writeHeader(channel, size, header);
                channel.force(false);
            }
            Path target = state.dir().resolve(partFile(partNumber));
            commit.commit(new GroupCommit.Change() {
                @Override
                public Path directory() {
                    return state.dir();
                }

                @Override
                public void apply() throws IOException {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
            });
            if (!uploads.containsKey(uploadId)) {
                throw new StorageException(404, StorageException.NO_SUCH_UPLOAD, "The specified upload does not exist.");
            }
            return part;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String partFile(int partNumber) {
        return String.format("part-%05d", partNumber);
    }

    @Override
    public List<PartInfo> parts(String bucket, String key, String uploadId) throws StorageException {
        UploadState state = requireUpload(bucket, key, uploadId);
        List<PartInfo> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(state.dir(), "part-*")) {
            for (Path file : files) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    StoredFile.Header h = StoredFile.readHeader(channel);
                    parts.add(new PartInfo(h.partNumber, h.size, h.eTag, Instant.ofEpochMilli(h.lastModified)));
                }
            }
        } catch (NoSuchFileException e) {
            throw new StorageException(404, StorageException.NO_SUCH_UPLOAD, "The specified upload does not exist.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parts.sort(Comparator.comparingInt(PartInfo::partNumber));
        return parts;
    }

    @Override
    public List<Upload> uploads(String bucket) throws StorageException {
        requireBucket(bucket);
        List<Upload> list = new ArrayList<>();
        for (UploadState state : uploads.values()) {
            if (state.upload().bucket().equals(bucket)) {
                list.add(state.upload());
            }
        }
        list.sort(Comparator.comparing(Upload::key, FileObjectStore::compareKeys).thenComparing(Upload::initiated));
        return list;
    }

    @Override
    public ObjectInfo completeUpload(String bucketName, String key, String uploadId, List<PartInfo> requested)
            throws StorageException, IOException {
        UploadState state = requireUpload(bucketName, key, uploadId);
        Bucket bucket = requireBucket(bucketName);
        Map<Integer, PartInfo> stored = new LinkedHashMap<>();
        for (PartInfo part : parts(bucketName, key, uploadId)) {
            stored.put(part.partNumber(), part);
        }
        int previous = 0;
        for (PartInfo part : requested) {
            if (part.partNumber() <= previous) {
                throw new StorageException(400, StorageException.INVALID_PART_ORDER,
                        "The list of parts was not in ascending order. The parts list must be specified in order by part number.");
            }
            previous = part.partNumber();
            PartInfo have = stored.get(part.partNumber());
            if (have == null || !have.eTag().equals(unquote(part.eTag()))) {
                throw new StorageException(400, StorageException.INVALID_PART,
                        "One or more of the specified parts could not be found. The part may not have been uploaded, "
                                + "or the specified entity tag may not match the part's entity tag.");
            }
        }
        for (int i = 0; i < requested.size() - 1; i++) {
            if (stored.get(requested.get(i).partNumber()).size() < minPartSize) {
                throw new StorageException(400, StorageException.ENTITY_TOO_SMALL,
                        "Your proposed upload is smaller than the minimum allowed object size.");
            }
        }
        MessageDigest md5s = digest("MD5");
        Path temp = tempFile(bucket.objects);
        try {
            ObjectInfo info;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = 0;
                for (PartInfo part : requested) {
                    PartInfo have = stored.get(part.partNumber());
                    md5s.update(HexFormat.of().parseHex(have.eTag()));
                    try (FileChannel in = FileChannel.open(state.dir().resolve(partFile(part.partNumber())),
                            StandardOpenOption.READ)) {
                        long copied = 0;
                        while (copied < have.size()) {
                            copied += in.transferTo(copied, have.size() - copied, out);
                        }
                    }
                    size += have.size();
                }
                String eTag = HexFormat.of().formatHex(md5s.digest()) + "-" + requested.size();
                info = new ObjectInfo(bucket.name, key, size, eTag, now(), state.upload().metadata(), requested.size(),
                        Map.of());
                StoredFile.writeHeader(out, size, StoredFile.header(info));
                out.force(false);
            }
            if (uploads.remove(uploadId) == null) {
                throw new StorageException(404, StorageException.NO_SUCH_UPLOAD, "The specified upload does not exist.");
            }
            commitObject(bucket, temp, info);
            deleteTree(state.dir());
            return info;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static String unquote(String eTag) {
        if (eTag == null) {
            return "";
        }
        String t = eTag.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    @Override
    public void abortUpload(String bucket, String key, String uploadId) throws StorageException, IOException {
        UploadState state = requireUpload(bucket, key, uploadId);
        if (uploads.remove(uploadId) != null) {
            DurableFiles.delete(state.dir().resolve(UPLOAD_FILE));
            deleteTree(state.dir());
        }
    }

    // ---- helpers

    /** One instance per algorithm, never used itself: copies of it are made for each use. */
    private static final java.util.concurrent.ConcurrentHashMap<String, MessageDigest> DIGESTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A new digest: a clone, cheaper than looking the algorithm up among the providers every time. */
    static MessageDigest digest(String algorithm) {
        try {
            return (MessageDigest) DIGESTS.computeIfAbsent(algorithm, FileObjectStore::lookUp).clone();
        } catch (CloneNotSupportedException e) {
            return lookUp(algorithm);
        }
    }

    private static MessageDigest lookUp(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JRE", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * An open object file: the inode stays readable even if the key is replaced or deleted. A
     * small object is held whole instead ({@code file}, its bytes first), read at open.
     */
    private static final class FileContent implements ObjectContent {
        private final FileChannel channel;
        /** With a channel: the file's first bytes already read (or null); without: the whole file. */
        private final byte[] file;
        /** How many of the object's bytes {@code file} holds. */
        private final int held;
        private final ObjectInfo info;

        FileContent(FileChannel channel, byte[] file, ObjectInfo info) {
            this.channel = channel;
            this.file = file;
            this.held = file == null ? 0 : (int) Math.min(file.length, info.size());
            this.info = info;
        }

        @Override
        public ObjectInfo info() {
            return info;
        }

        @Override
        public InputStream stream(long offset, long length) throws IOException {
            check(offset, length);
            if (channel == null) {
                return new java.io.ByteArrayInputStream(file, (int) offset, (int) length);
            }
            InputStream whole = Channels.newInputStream(channel.position(offset));
            return new InputStream() {
                long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = whole.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = whole.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        }

        @Override
        public void transferTo(long offset, long length, OutputStream out) throws IOException {
            check(offset, length);
            if (channel == null) {
                out.write(file, (int) offset, (int) length);
                return;
            }
            long position = offset;
            long end = offset + length;
            if (position < held && position < end) {
                // the start of the object came with the description's read
                int n = (int) (Math.min(end, held) - position);
                out.write(file, (int) position, n);
                position += n;
                if (position == end) {
                    return;
                }
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER * 4L, Math.max(end - position, 1)));
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("object file ended early");
                }
                out.write(buffer.array(), 0, n);
                position += n;
            }
        }

        private void check(long offset, long length) {
            if (offset < 0 || length < 0 || offset + length > info.size()) {
                throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside " + info.size());
            }
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }
}
