package io.natsspring.kv.objectstore;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreWatchOption;
import io.nats.client.api.ObjectStoreWatcher;
import io.nats.client.impl.NatsObjectStoreWatchSubscription;
import io.nats.client.support.NatsJetStreamClientError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.core.io.Resource;

/**
 * {@link ObjectStoreOperations} over jnats' {@link ObjectStore}. The bucket is looked up on first use, so a template
 * can be created before the bucket exists. Thread-safe.
 */
public class ObjectStoreTemplate implements ObjectStoreOperations {

    /** JetStream's "stream not found" API error code. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;
    private final String bucket;
    private volatile ObjectStore store;

    public ObjectStoreTemplate(Connection connection, String bucket) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    @Override
    public String getBucketName() {
        return bucket;
    }

    /** The jnats store behind this template, for what the template does not cover. */
    public ObjectStore getObjectStore() {
        ObjectStore current = store;
        if (current == null) {
            current = call(null, () -> openStore(bucket));
            store = current;
        }
        return current;
    }

    @Override
    public ObjectInfo put(ObjectMeta meta, InputStream content) {
        return call(meta.getObjectName(), () -> getObjectStore().put(meta, content));
    }

    @Override
    public ObjectInfo put(ObjectMeta meta, byte[] content) {
        return put(meta, new ByteArrayInputStream(content));
    }

    @Override
    public ObjectInfo put(ObjectMeta meta, Path file) {
        return call(meta.getObjectName(), () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return getObjectStore().put(meta, in);
            }
        });
    }

    @Override
    public ObjectInfo put(ObjectMeta meta, Resource resource) {
        return call(meta.getObjectName(), () -> {
            try (InputStream in = resource.getInputStream()) {
                return getObjectStore().put(meta, in);
            }
        });
    }

    @Override
    public ObjectInfo get(String name, OutputStream target) {
        return call(name, () -> getObjectStore().get(name, target));
    }

    @Override
    public byte[] getBytes(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        get(name, out);
        return out.toByteArray();
    }

    @Override
    public ObjectInfo get(String name, Path file) {
        return call(name, () -> {
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".nats-os-", ".part");
            try {
                ObjectInfo info;
                try (OutputStream out = Files.newOutputStream(partial)) {
                    info = getObjectStore().get(name, out);
                }
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return info;
            } finally {
                Files.deleteIfExists(partial);
            }
        });
    }

    @Override
    public Optional<ObjectInfo> info(String name) {
        return call(name, () -> Optional.ofNullable(getObjectStore().getInfo(name)));
    }

    @Override
    public ObjectInfo updateMeta(String name, ObjectMeta meta) {
        return call(name, () -> getObjectStore().updateMeta(name, meta));
    }

    @Override
    public List<ObjectInfo> list() {
        return call(null, () -> getObjectStore().getList());
    }

    @Override
    public ObjectInfo delete(String name) {
        return call(name, () -> getObjectStore().delete(name));
    }

    @Override
    public ObjectInfo link(String linkName, String targetName) {
        ObjectInfo target = info(targetName).orElseThrow(() -> new ObjectNotFoundException(bucket, targetName, null));
        return call(linkName, () -> getObjectStore().addLink(linkName, target));
    }

    @Override
    public ObjectInfo linkBucket(String linkName, String targetBucket) {
        ObjectStore target = call(null, () -> {
            try {
                return openStore(targetBucket);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                    throw new ObjectStoreBucketNotFoundException(targetBucket, null, e);
                }
                throw e;
            }
        });
        return call(linkName, () -> getObjectStore().addBucketLink(linkName, target));
    }

    @Override
    public ObjectStoreWatch watch(Consumer<ObjectInfo> listener, ObjectStoreWatchOption... options) {
        Objects.requireNonNull(listener, "listener");
        ObjectStoreWatcher watcher = new ObjectStoreWatcher() {
            @Override
            public void watch(ObjectInfo info) {
                listener.accept(info);
            }

            @Override
            public void endOfData() {}
        };
        NatsObjectStoreWatchSubscription subscription =
                call(null, () -> getObjectStore().watch(watcher, options));
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                subscription.unsubscribe();
            }
        };
    }

    private ObjectStore openStore(String name) throws IOException, JetStreamApiException {
        ObjectStore opened = connection.objectStore(name);
        opened.getStatus(); // fails with "stream not found" when the bucket does not exist
        return opened;
    }

    private <T> T call(String objectName, StoreCall<T> call) {
        try {
            return call.run();
        } catch (ObjectStoreException e) {
            throw e;
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new ObjectStoreBucketNotFoundException(bucket, objectName, e);
            }
            throw new ObjectStoreException(bucket, objectName, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(bucket, objectName, "interrupted", e);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ObjectStoreException(bucket, objectName, e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw translate(objectName, e);
        }
    }

    private RuntimeException translate(String objectName, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (is(message, NatsJetStreamClientError.OsObjectNotFound)
                || is(message, NatsJetStreamClientError.OsObjectIsDeleted)) {
            return new ObjectNotFoundException(bucket, objectName, e);
        }
        if (is(message, NatsJetStreamClientError.OsGetDigestMismatch)
                || is(message, NatsJetStreamClientError.OsGetChunksMismatch)
                || is(message, NatsJetStreamClientError.OsGetSizeMismatch)) {
            return new ObjectIntegrityException(bucket, objectName, e);
        }
        return new ObjectStoreException(bucket, objectName, message, e);
    }

    private static boolean is(String message, NatsJetStreamClientError error) {
        return message.contains(error.id());
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws IOException, JetStreamApiException, InterruptedException, NoSuchAlgorithmException;
    }
}
