package io.natsspring.kv.objectstore;

import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreWatchOption;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.core.io.Resource;

/**
 * Operations on one NATS Object Store bucket. Failures are {@link ObjectStoreException}s naming the bucket and the
 * object: {@link ObjectNotFoundException}, {@link ObjectStoreBucketNotFoundException},
 * {@link ObjectIntegrityException}.
 */
public interface ObjectStoreOperations {

    /** The bucket these operations address. */
    String getBucketName();

    /** Stores the stream's content (read to its end, not closed) under the meta's name, description and headers. */
    ObjectInfo put(ObjectMeta meta, InputStream content);

    /** Stores the stream's content (read to its end, not closed) under {@code name}. */
    default ObjectInfo put(String name, InputStream content) {
        return put(ObjectMeta.objectName(name), content);
    }

    /** Stores {@code content} with the meta's name, description and headers. */
    ObjectInfo put(ObjectMeta meta, byte[] content);

    /** Stores {@code content} under {@code name}. */
    default ObjectInfo put(String name, byte[] content) {
        return put(ObjectMeta.objectName(name), content);
    }

    /** Stores the file's content with the meta's name, description and headers. */
    ObjectInfo put(ObjectMeta meta, Path file);

    /** Stores the file's content under {@code name}. */
    default ObjectInfo put(String name, Path file) {
        return put(ObjectMeta.objectName(name), file);
    }

    /** Stores the file's content under {@code name}. */
    default ObjectInfo put(String name, File file) {
        return put(ObjectMeta.objectName(name), file.toPath());
    }

    /** Stores the resource's content with the meta's name, description and headers. */
    ObjectInfo put(ObjectMeta meta, Resource resource);

    /** Stores the resource's content under {@code name}. */
    default ObjectInfo put(String name, Resource resource) {
        return put(ObjectMeta.objectName(name), resource);
    }

    /** Writes the object (following a link to an object) to {@code target}, which is not closed. */
    ObjectInfo get(String name, OutputStream target);

    /** Reads the whole object into memory. */
    byte[] getBytes(String name);

    /** Writes the object to {@code file}, replacing it if it exists. */
    ObjectInfo get(String name, Path file);

    /** The object's info, empty if there is no such object or it was deleted. */
    Optional<ObjectInfo> info(String name);

    /** Replaces the object's name, description and headers (a new name renames it). */
    ObjectInfo updateMeta(String name, ObjectMeta meta);

    /** The objects in the bucket, deleted ones excluded. */
    List<ObjectInfo> list();

    /** Deletes the object; its info stays with {@code deleted = true}. */
    ObjectInfo delete(String name);

    /** Adds {@code linkName}, a link to the object {@code targetName} of this bucket. */
    ObjectInfo link(String linkName, String targetName);

    /** Adds {@code linkName}, a link to the whole bucket {@code targetBucket}. */
    ObjectInfo linkBucket(String linkName, String targetBucket);

    /**
     * Calls {@code listener} with each object change (puts, deletes, meta updates) until the returned handle is
     * closed; by default the current objects are delivered first, {@link ObjectStoreWatchOption#UPDATES_ONLY} skips
     * them.
     */
    ObjectStoreWatch watch(Consumer<ObjectInfo> listener, ObjectStoreWatchOption... options);
}
