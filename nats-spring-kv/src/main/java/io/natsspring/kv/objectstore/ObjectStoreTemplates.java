package io.natsspring.kv.objectstore;

import io.nats.client.Connection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Hands out one {@link ObjectStoreTemplate} per bucket over a connection: {@code templates.forBucket("files")}. */
public class ObjectStoreTemplates {

    private final Connection connection;
    private final Map<String, ObjectStoreTemplate> templates = new ConcurrentHashMap<>();

    public ObjectStoreTemplates(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The template for {@code bucket}; the bucket is looked up on the template's first use. */
    public ObjectStoreTemplate forBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("Object Store bucket name must not be empty");
        }
        return templates.computeIfAbsent(bucket, name -> new ObjectStoreTemplate(connection, name));
    }
}
