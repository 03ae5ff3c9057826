package io.natsspring.boot.autoconfigure;

import io.nats.client.api.StorageType;
import java.time.Duration;

/** The lock registry and leader election on a Key-Value lease bucket, under {@code nats.lock}. */
public class NatsLockProperties {

    /** The lease bucket (created on first use when missing, with the lease as max age). */
    private String bucket = "locks";

    /** How long a lock or a leadership lasts without renewal (the bucket's max age; renewed every third). */
    private Duration lease = Duration.ofSeconds(30);

    /** Storage of the bucket when created. */
    private StorageType storage = StorageType.File;

    /** Replicas of the bucket when created. */
    private int replicas = 1;

    /** How often lock() tries again while another instance holds the lock. */
    private Duration pollInterval = Duration.ofMillis(100);

    /** Role to campaign for: when set, a KeyValueLeaderInitiator bean leads it through the lease bucket. */
    private String leaderRole;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public StorageType getStorage() {
        return storage;
    }

    public void setStorage(StorageType storage) {
        this.storage = storage;
    }

    public int getReplicas() {
        return replicas;
    }

    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public String getLeaderRole() {
        return leaderRole;
    }

    public void setLeaderRole(String leaderRole) {
        this.leaderRole = leaderRole;
    }
}
