package io.stratus.storage.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open object: the version that was current when it was opened, whole and unchanged even if
 * the key is overwritten or deleted meanwhile. Close it.
 */
@ProviderType
public interface ObjectContent extends Closeable {

    ObjectInfo info();

    /** The bytes {@code [offset, offset + length)} as a stream. */
    InputStream stream(long offset, long length) throws IOException;

    /** Copies the bytes {@code [offset, offset + length)} to {@code out}. */
    void transferTo(long offset, long length, OutputStream out) throws IOException;
}
