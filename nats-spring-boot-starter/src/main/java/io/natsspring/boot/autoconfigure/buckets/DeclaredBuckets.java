package io.natsspring.boot.autoconfigure.buckets;

import io.nats.client.Connection;
import io.natsspring.boot.autoconfigure.KeyValueDeclaration;
import io.natsspring.boot.autoconfigure.NatsProperties;
import io.natsspring.boot.autoconfigure.ObjectStoreDeclaration;
import java.time.Duration;
import java.util.List;

/** The buckets declared under {@code nats.jetstream.key-value} and {@code nats.jetstream.object-store}. */
public final class DeclaredBuckets {

    private DeclaredBuckets() {}

    /** A reader of the buckets {@code properties} declare (none when null). */
    public static BucketStatusReader reader(Connection connection, NatsProperties properties, Duration cacheFor) {
        List<String> keyValue = properties == null
                ? List.of()
                : properties.getJetstream().getKeyValue().stream()
                        .map(KeyValueDeclaration::getName)
                        .filter(name -> name != null && !name.isBlank())
                        .toList();
        List<String> objectStores = properties == null
                ? List.of()
                : properties.getJetstream().getObjectStore().stream()
                        .map(ObjectStoreDeclaration::getName)
                        .filter(name -> name != null && !name.isBlank())
                        .toList();
        return new BucketStatusReader(connection, keyValue, objectStores, cacheFor);
    }
}
