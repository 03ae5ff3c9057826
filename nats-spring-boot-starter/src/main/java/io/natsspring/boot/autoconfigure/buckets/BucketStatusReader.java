package io.natsspring.boot.autoconfigure.buckets;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectStoreStatus;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the state of Key-Value and Object Store buckets through jnats (one JetStream API request per bucket; an
 * Object Store also lists its objects to count them), for the health indicator, the {@code nats} endpoint and the
 * bucket gauges. A reader made with a positive {@code cacheFor} answers from a status read at most that long ago,
 * so that several gauges of one scrape make one request per bucket.
 */
public class BucketStatusReader {

    /** JetStream API error: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final Connection connection;

    private final List<String> keyValueBuckets;

    private final List<String> objectStores;

    private final long cacheNanos;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(BucketStatus status, long readAt) {}

    /**
     * @param keyValueBuckets the declared Key-Value buckets, reported by {@link #declared()}
     * @param objectStores the declared Object Store buckets
     * @param cacheFor how long a status read is reused; zero reads every time
     */
    public BucketStatusReader(
            Connection connection, List<String> keyValueBuckets, List<String> objectStores, Duration cacheFor) {
        this.connection = connection;
        this.keyValueBuckets = List.copyOf(keyValueBuckets);
        this.objectStores = List.copyOf(objectStores);
        this.cacheNanos = cacheFor.toNanos();
    }

    /** The declared Key-Value buckets. */
    public List<String> getKeyValueBuckets() {
        return keyValueBuckets;
    }

    /** The declared Object Store buckets. */
    public List<String> getObjectStores() {
        return objectStores;
    }

    /** The status of every declared bucket, Key-Value ones first. */
    public List<BucketStatus> declared() {
        List<BucketStatus> all = new ArrayList<>();
        keyValueBuckets.forEach(name -> all.add(keyValue(name)));
        objectStores.forEach(name -> all.add(objectStore(name)));
        return all;
    }

    /** Every bucket the server has, declared or not; empty when they can not be listed. */
    public List<BucketStatus> all() throws Exception {
        List<BucketStatus> all = new ArrayList<>();
        for (KeyValueStatus status : connection.keyValueManagement().getStatuses()) {
            all.add(describe(status));
        }
        for (ObjectStoreStatus status : connection.objectStoreManagement().getStatuses()) {
            all.add(describe(status));
        }
        return all;
    }

    /** The status of the Key-Value bucket {@code name}. */
    public BucketStatus keyValue(String name) {
        return cached(BucketStatus.KEY_VALUE, name);
    }

    /** The status of the Object Store bucket {@code name}. */
    public BucketStatus objectStore(String name) {
        return cached(BucketStatus.OBJECT_STORE, name);
    }

    private BucketStatus cached(String kind, String name) {
        if (cacheNanos <= 0) {
            return read(kind, name);
        }
        String cacheKey = kind + '/' + name;
        Cached current = cache.get(cacheKey);
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < cacheNanos) {
            return current.status();
        }
        BucketStatus status = read(kind, name);
        cache.put(cacheKey, new Cached(status, now));
        return status;
    }

    private BucketStatus read(String kind, String name) {
        try {
            return kind.equals(BucketStatus.KEY_VALUE)
                    ? describe(connection.keyValueManagement().getStatus(name))
                    : describe(connection.objectStoreManagement().getStatus(name));
        } catch (JetStreamApiException ex) {
            return ex.getApiErrorCode() == STREAM_NOT_FOUND
                    ? BucketStatus.missing(kind, name)
                    : BucketStatus.failed(kind, name, ex.getMessage());
        } catch (Exception ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return BucketStatus.failed(kind, name, String.valueOf(ex.getMessage()));
        }
    }

    private static BucketStatus describe(KeyValueStatus status) {
        StreamInfo stream = status.getBackingStreamInfo();
        return new BucketStatus(
                BucketStatus.KEY_VALUE,
                status.getBucketName(),
                true,
                status.getEntryCount(),
                status.getByteCount(),
                status.getMaxHistoryPerKey(),
                ttl(status.getTtl()),
                (long) stream.getStreamState().getConsumerCount(),
                status.getStorageType().toString(),
                status.getReplicas(),
                null,
                null);
    }

    private BucketStatus describe(ObjectStoreStatus status) throws Exception {
        StreamInfo stream = status.getBackingStreamInfo();
        long objects = 0;
        for (ObjectInfo info : connection.objectStore(status.getBucketName()).getList()) {
            if (!info.isDeleted()) {
                objects++;
            }
        }
        return new BucketStatus(
                BucketStatus.OBJECT_STORE,
                status.getBucketName(),
                true,
                objects,
                status.getSize(),
                null,
                ttl(status.getTtl()),
                (long) stream.getStreamState().getConsumerCount(),
                status.getStorageType().toString(),
                status.getReplicas(),
                status.isSealed(),
                null);
    }

    private static Duration ttl(Duration ttl) {
        return ttl == null || ttl.isZero() ? null : ttl;
    }
}
