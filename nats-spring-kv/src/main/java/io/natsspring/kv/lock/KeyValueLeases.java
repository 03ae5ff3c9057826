package io.natsspring.kv.lock;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.StorageType;
import io.natsspring.kv.core.KeyValueException;
import io.natsspring.kv.core.KeyValueKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Leases on the keys of one Key-Value bucket, the building block of {@link KeyValueLockRegistry} and the leader
 * initiator. A lease is a key created only if it has no value ({@code create}); it lasts the bucket's max age,
 * counted by the server from the key's last write, so it works on every server version (per-message TTL needs
 * nats-server 2.11+ and a bucket that allows it). {@link #renew} rewrites the key only if its revision is still ours
 * (compare-and-set), which restarts the max age; {@link #release} deletes it only if the revision is still ours.
 *
 * <p>The bucket is opened on first use; when missing it is created with the lease as max age, one value per key.
 * An existing bucket must have a max age (otherwise the lease of a crashed owner would never end), and its max age
 * is the lease. Thread-safe.
 */
public class KeyValueLeases {

    private static final int WRONG_LAST_SEQUENCE = 10071;

    private static final int STREAM_NOT_FOUND = 10059;

    private static final int STREAM_NAME_IN_USE = 10058;

    private final Connection connection;

    private final String bucket;

    private final Duration requestedLease;

    private final StorageType storage;

    private final int replicas;

    private volatile @Nullable KeyValue keyValue;

    private volatile Duration lease;

    /** Leases in {@code bucket} lasting {@code lease} (when the bucket is created here), file storage, one replica. */
    public KeyValueLeases(Connection connection, String bucket, Duration lease) {
        this(connection, bucket, lease, StorageType.File, 1);
    }

    /** The same, creating a missing bucket with {@code storage} and {@code replicas}. */
    public KeyValueLeases(Connection connection, String bucket, Duration lease, StorageType storage, int replicas) {
        Assert.hasText(bucket, "bucket must not be empty");
        Assert.isTrue(lease.toMillis() >= 100, "the lease must be at least 100ms");
        this.connection = connection;
        this.bucket = bucket;
        this.requestedLease = lease;
        this.lease = lease;
        this.storage = storage;
        this.replicas = replicas;
    }

    /** The bucket's name. */
    public String getBucketName() {
        return bucket;
    }

    /** How long a lease lasts without renewal: the bucket's max age (opens the bucket). */
    public Duration getLease() {
        keyValue();
        return lease;
    }

    /** Takes the lease on {@code key} for {@code owner}: its revision, or empty when another owner holds it. */
    public OptionalLong tryAcquire(String key, String owner) {
        requireKey(key);
        KeyValue kv = keyValue();
        try {
            return OptionalLong.of(kv.create(key, owner.getBytes(StandardCharsets.UTF_8)));
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return OptionalLong.empty();
            }
            throw failure(key, "Cannot take the lease", ex);
        } catch (IOException ex) {
            throw failure(key, "Cannot take the lease", ex);
        }
    }

    /**
     * Renews the lease on {@code key} held at {@code revision}; returns the new revision.
     *
     * @throws KeyValueLeaseLostException when the key is no longer at {@code revision} (expired, taken, deleted)
     */
    public long renew(String key, String owner, long revision) {
        requireKey(key);
        try {
            return keyValue().update(key, owner.getBytes(StandardCharsets.UTF_8), revision);
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                throw new KeyValueLeaseLostException(
                        bucket, key, "The lease at revision " + revision + " expired or was taken");
            }
            throw failure(key, "Cannot renew the lease", ex);
        } catch (IOException ex) {
            throw failure(key, "Cannot renew the lease", ex);
        }
    }

    /** Releases the lease on {@code key} held at {@code revision}; false when it was no longer ours. */
    public boolean release(String key, long revision) {
        requireKey(key);
        try {
            keyValue().delete(key, revision);
            return true;
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return false;
            }
            throw failure(key, "Cannot release the lease", ex);
        } catch (IOException ex) {
            throw failure(key, "Cannot release the lease", ex);
        }
    }

    /** The owner holding the lease on {@code key}, if any. */
    public Optional<String> holder(String key) {
        requireKey(key);
        try {
            KeyValueEntry entry = keyValue().get(key);
            if (entry == null || entry.getOperation() != KeyValueOperation.PUT || entry.getValue() == null) {
                return Optional.empty();
            }
            return Optional.of(new String(entry.getValue(), StandardCharsets.UTF_8));
        } catch (IOException | JetStreamApiException ex) {
            throw failure(key, "Cannot read the lease", ex);
        }
    }

    private void requireKey(String key) {
        if (!KeyValueKeys.isValidKey(key)) {
            throw new IllegalArgumentException("Invalid lease key '" + key + "' for bucket '" + bucket + "'");
        }
    }

    private KeyValue keyValue() {
        KeyValue kv = keyValue;
        if (kv == null) {
            synchronized (this) {
                kv = keyValue;
                if (kv == null) {
                    kv = open();
                    keyValue = kv;
                }
            }
        }
        return kv;
    }

    private KeyValue open() {
        try {
            KeyValueManagement kvm = connection.keyValueManagement();
            KeyValueConfiguration config = status(kvm);
            if (config == null) {
                try {
                    kvm.create(KeyValueConfiguration.builder()
                            .name(bucket)
                            .description("Leases (locks, leadership)")
                            .maxHistoryPerKey(1)
                            .ttl(requestedLease)
                            .storageType(storage)
                            .replicas(replicas)
                            .build());
                } catch (JetStreamApiException ex) {
                    if (ex.getApiErrorCode() != STREAM_NAME_IN_USE) {
                        throw ex;
                    }
                }
                config = status(kvm);
            }
            Duration ttl = config == null ? null : config.getTtl();
            if (ttl == null || ttl.isZero()) {
                throw new KeyValueException(
                        bucket,
                        null,
                        "The lease bucket has no max age (ttl), so a lease would never end; give it one",
                        null);
            }
            lease = ttl;
            return connection.keyValue(bucket);
        } catch (IOException | JetStreamApiException ex) {
            throw new KeyValueException(bucket, null, "Cannot create or open the lease bucket: " + ex.getMessage(), ex);
        }
    }

    private @Nullable KeyValueConfiguration status(KeyValueManagement kvm) throws IOException, JetStreamApiException {
        try {
            return kvm.getStatus(bucket).getConfiguration();
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw ex;
        }
    }

    private KeyValueException failure(String key, String what, Exception ex) {
        return new KeyValueException(bucket, key, what + ": " + ex.getMessage(), ex);
    }
}
