package io.stratus.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The secrets the launcher generates on first start: the root access key (AWS shared-credentials
 * file) and the Web Console password. Files are created readable by the owner only, before a
 * single byte of the secret is written, and appear complete or not at all.
 */
final class Secrets {

    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET_KEY_CHARS = ALNUM + "+/";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    // same scheme as the Web Console's own hashed passwords: {sha-256}salt-iterations-base64
    private static final int HASH_ITERATIONS = 1000;

    private final SecureRandom random;

    Secrets(SecureRandom random) {
        this.random = random;
    }

    /** {@code AKIA} followed by 16 upper-case letters and digits, as AWS access key ids look. */
    String newAccessKeyId() {
        return "AKIA" + randomString(UPPER_ALNUM, 16);
    }

    /** 40 characters from AWS's secret key alphabet. */
    String newSecretAccessKey() {
        return randomString(SECRET_KEY_CHARS, 40);
    }

    String newConsolePassword() {
        return randomString(ALNUM, 24);
    }

    /**
     * Creates the shared-credentials file with a new root key unless it exists (it is the user's
     * from then on: never rewritten). Returns true when it was created.
     */
    boolean ensureCredentialsFile(Path file, String region) {
        if (Files.exists(file)) {
            return false;
        }
        String content = "[default]\n"
                + "aws_access_key_id = " + newAccessKeyId() + "\n"
                + "aws_secret_access_key = " + newSecretAccessKey() + "\n"
                + "region = " + region + "\n";
        return writeOwnerOnly(file, content);
    }

    /** Returns the console password kept in {@code file}, creating the file with a new one if missing. */
    String ensureConsolePassword(Path file) {
        if (!Files.exists(file)) {
            writeOwnerOnly(file, newConsolePassword() + "\n");
        }
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (password.isEmpty()) {
                throw new IllegalStateException(file + " is empty: delete it to have a new password generated");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The password as the Web Console accepts it hashed, so the plain text never becomes a framework property. */
    String webConsoleHash(String password) {
        byte[] saltBytes = new byte[8];
        random.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        return "{sha-256}" + salt + "-" + HASH_ITERATIONS + "-" + hash(salt, password, HASH_ITERATIONS);
    }

    /** Whether {@code hashed} (as {@link #webConsoleHash} writes it) is the hash of {@code password}. */
    static boolean webConsoleHashMatches(String hashed, String password) {
        String prefix = "{sha-256}";
        if (!hashed.startsWith(prefix)) {
            return false;
        }
        String[] parts = hashed.substring(prefix.length()).split("-", 3);
        if (parts.length != 3) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            return iterations > 0 && MessageDigest.isEqual(
                    hash(parts[0], password, iterations).getBytes(StandardCharsets.US_ASCII),
                    parts[2].getBytes(StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String hash(String salt, String password, int iterations) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                bytes = digest.digest(bytes);
            }
            return Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private String randomString(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /**
     * Writes a temporary owner-only file, syncs it and moves it into place; a concurrent or earlier
     * writer wins (returns false) rather than being overwritten.
     */
    static boolean writeOwnerOnly(Path file, String content) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp);
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(file))) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            if (Files.exists(file)) {
                Files.delete(temp);
                return false;
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }
}
