package io.stratus.aws.api;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ProviderType;

/** The answer a service writes; status and headers before the body. */
@ProviderType
public interface AwsResponse {

    void status(int status);

    void header(String name, String value);

    /** Writes the whole body with its content type. */
    void body(String contentType, byte[] body) throws IOException;

    /** Streams the body (S3 GetObject); set Content-Length first when known. */
    OutputStream bodyStream(String contentType) throws IOException;
}
