package io.natsspring.boot.autoconfigure;

import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** One Object Store bucket declared under {@code nats.jetstream.object-store[*]}; created when missing. */
public class ObjectStoreDeclaration {

    /** Bucket name. */
    private String name;

    /** Description. */
    private String description;

    /** Age after which objects expire; unset keeps them. */
    private Duration ttl;

    /** Largest total size of the bucket. */
    private DataSize maxBucketSize;

    /** Storage: file or memory. */
    private StorageType storage;

    /** Replicas (clustered servers). */
    private Integer replicas;

    /** Where a clustered server places the replicas (cluster, server tags). */
    private PlacementDeclaration placement;

    /** The jnats configuration this declaration describes. */
    public ObjectStoreConfiguration toConfiguration() {
        ObjectStoreConfiguration.Builder b = ObjectStoreConfiguration.builder().name(name);
        if (description != null) b.description(description);
        if (ttl != null) b.ttl(ttl);
        if (maxBucketSize != null) b.maxBucketSize(maxBucketSize.toBytes());
        if (storage != null) b.storageType(storage);
        if (replicas != null) b.replicas(replicas);
        if (placement != null && placement.toPlacement() != null) b.placement(placement.toPlacement());
        return b.build();
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public DataSize getMaxBucketSize() {
        return maxBucketSize;
    }

    public void setMaxBucketSize(DataSize maxBucketSize) {
        this.maxBucketSize = maxBucketSize;
    }

    public StorageType getStorage() {
        return storage;
    }

    public void setStorage(StorageType storage) {
        this.storage = storage;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public PlacementDeclaration getPlacement() {
        return placement;
    }

    public void setPlacement(PlacementDeclaration placement) {
        this.placement = placement;
    }
}
