package io.stratus.storage.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.stratus.lambda.api.PackageSource;
import io.stratus.storage.api.ObjectContent;
import io.stratus.storage.api.ObjectStore;
import io.stratus.storage.api.StorageException;

/** Deployment packages given to CreateFunction / UpdateFunctionCode as S3Bucket/S3Key, read from the store. */
@Component(service = PackageSource.class)
public final class LambdaPackages implements PackageSource {

    private final ObjectStore store;

    @Activate
    public LambdaPackages(@Reference ObjectStore store) {
        this.store = store;
    }

    @Override
    public byte[] read(String bucket, String key, long maxBytes) throws PackageSourceException, IOException {
        try (ObjectContent object = store.open(bucket, key)) {
            long size = object.info().size();
            if (size > maxBytes) {
                throw new PackageSourceException("EntityTooLarge",
                        "The package is " + size + " bytes, more than " + maxBytes);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
            object.transferTo(0, size, bytes);
            return bytes.toByteArray();
        } catch (StorageException e) {
            throw new PackageSourceException(e.code(), e.getMessage());
        }
    }
}
