package io.stratus.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes that survive a crash: temp file beside the target, fsync, atomic rename, fsync of the
 * directory. Readers see the old content or the new, never a part.
 */
public final class DurableFiles {

    /** Suffix of temp files; {@link #recover(Path)} removes leftovers with it. */
    public static final String TEMP_SUFFIX = ".stratus-tmp";

    private DurableFiles() {
    }

    /** Replaces {@code target} with {@code content} durably; the parent directory is created. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** Deletes {@code target} durably (the directory entry is synced); false if it was not there. */
    public static boolean delete(Path target) throws IOException {
        boolean deleted = Files.deleteIfExists(target);
        if (deleted) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
        return deleted;
    }

    /** Moves {@code source} over {@code target} atomically and syncs both directories. */
    public static void rename(Path source, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        move(source, target);
        syncDirectory(target.toAbsolutePath().getParent());
        Path from = source.toAbsolutePath().getParent();
        if (!from.equals(target.toAbsolutePath().getParent())) {
            syncDirectory(from);
        }
    }

    /** Flushes a directory's entries (new, renamed or deleted files) to disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open directories; their renames are durable on their own
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /**
     * Removes the temp files that interrupted writes left under {@code root} (recursively).
     *
     * @return how many were removed
     */
    public static int recover(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    removed += recover(entry);
                } else if (entry.getFileName().toString().endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(entry);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("file system cannot rename atomically: " + target, e);
        }
    }
}
