package io.natsspring.kv.objectstore.resource;

import io.nats.client.api.ObjectInfo;
import io.natsspring.kv.objectstore.ObjectNotFoundException;
import io.natsspring.kv.objectstore.ObjectStoreOperations;
import java.io.FileNotFoundException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.WritableResource;

/**
 * An object in a NATS Object Store bucket as a Spring {@link Resource}: {@code nats-os://<bucket>/<object name>}
 * (the name may contain {@code /}). Reading downloads the object to a temporary file that is removed when the stream
 * is closed; writing buffers to a temporary file and stores the object when the stream is closed.
 */
public class ObjectStoreResource extends AbstractResource implements WritableResource {

    /** The URL scheme, with its separator. */
    public static final String PREFIX = "nats-os://";

    private final ObjectStoreOperations operations;
    private final String objectName;

    public ObjectStoreResource(ObjectStoreOperations operations, String objectName) {
        this.operations = Objects.requireNonNull(operations, "operations");
        if (objectName == null || objectName.isEmpty()) {
            throw new IllegalArgumentException(
                    "Object name must not be empty (bucket '" + operations.getBucketName() + "')");
        }
        this.objectName = objectName;
    }

    /** The bucket holding the object. */
    public String getBucket() {
        return operations.getBucketName();
    }

    /** The object's name in its bucket. */
    public String getObjectName() {
        return objectName;
    }

    /** The object's info, empty when it does not exist. */
    public Optional<ObjectInfo> getObjectInfo() {
        return operations.info(objectName).filter(info -> !info.isDeleted());
    }

    @Override
    public boolean exists() {
        return getObjectInfo().isPresent();
    }

    @Override
    public boolean isFile() {
        return false;
    }

    @Override
    public long contentLength() throws IOException {
        return requireInfo().getSize();
    }

    @Override
    public long lastModified() throws IOException {
        return requireInfo().getModified().toInstant().toEpochMilli();
    }

    @Override
    public InputStream getInputStream() throws IOException {
        Path download = Files.createTempFile("nats-os-", ".download");
        try {
            operations.get(objectName, download);
        } catch (ObjectNotFoundException e) {
            Files.deleteIfExists(download);
            FileNotFoundException notFound = new FileNotFoundException(getDescription() + " does not exist");
            notFound.initCause(e);
            throw notFound;
        } catch (RuntimeException e) {
            Files.deleteIfExists(download);
            throw e;
        }
        return Files.newInputStream(download, StandardOpenOption.DELETE_ON_CLOSE);
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        Path buffer = Files.createTempFile("nats-os-", ".upload");
        return new FilterOutputStream(Files.newOutputStream(buffer)) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    super.close();
                    operations.put(objectName, buffer);
                } finally {
                    Files.deleteIfExists(buffer);
                }
            }
        };
    }

    @Override
    public Resource createRelative(String relativePath) {
        int slash = objectName.lastIndexOf('/');
        String base = slash < 0 ? "" : objectName.substring(0, slash + 1);
        return new ObjectStoreResource(operations, base + relativePath);
    }

    @Override
    public String getFilename() {
        return objectName.substring(objectName.lastIndexOf('/') + 1);
    }

    @Override
    public String getDescription() {
        return "Object Store resource [" + PREFIX + getBucket() + "/" + objectName + "]";
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || (other instanceof ObjectStoreResource that
                        && getBucket().equals(that.getBucket())
                        && objectName.equals(that.objectName));
    }

    @Override
    public int hashCode() {
        return Objects.hash(getBucket(), objectName);
    }

    private ObjectInfo requireInfo() throws FileNotFoundException {
        return getObjectInfo().orElseThrow(() -> new FileNotFoundException(getDescription() + " does not exist"));
    }
}
