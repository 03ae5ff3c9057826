package io.natsspring.boot.kvconfig;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A watch on every key of a configuration bucket, keeping the latest value of each key (as UTF-8 text). After the
 * initial values, each change calls the listener with all current values.
 */
final class ConfigBucketWatch implements AutoCloseable {

    /** JetStream API error: stream not found. */
    private static final int STREAM_NOT_FOUND = 10059;

    private final String bucket;

    private final Map<String, String> values = new HashMap<>();

    private final CountDownLatch initialValues = new CountDownLatch(1);

    private final Consumer<Map<String, String>> onChange;

    private NatsKeyValueWatchSubscription subscription;

    private ConfigBucketWatch(String bucket, Consumer<Map<String, String>> onChange) {
        this.bucket = bucket;
        this.onChange = onChange;
    }

    /**
     * Opens the watch and waits for the bucket's current values.
     *
     * @throws NatsKeyValueConfigBucketNotFoundException when the bucket does not exist
     * @throws NatsKeyValueConfigException               on any other failure, or when the values do not arrive
     *                                                   within {@code timeout}
     */
    static ConfigBucketWatch open(
            Connection connection, String bucket, Duration timeout, Consumer<Map<String, String>> onChange) {
        String servers = String.valueOf(connection.getConnectedUrl());
        ConfigBucketWatch watch = new ConfigBucketWatch(bucket, onChange);
        try {
            connection.keyValueManagement().getStatus(bucket);
            KeyValue kv = connection.keyValue(bucket);
            watch.subscription = kv.watchAll(watch.new Watcher());
            if (!watch.initialValues.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                watch.close();
                throw new NatsKeyValueConfigException(
                        bucket,
                        "Key-Value bucket '" + bucket + "' on " + servers + ": its values did not arrive within "
                                + timeout,
                        null);
            }
            return watch;
        } catch (JetStreamApiException ex) {
            if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new NatsKeyValueConfigBucketNotFoundException(bucket, servers);
            }
            throw failure(bucket, servers, ex);
        } catch (IOException ex) {
            throw failure(bucket, servers, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failure(bucket, servers, ex);
        }
    }

    private static NatsKeyValueConfigException failure(String bucket, String servers, Exception ex) {
        return new NatsKeyValueConfigException(
                bucket, "Key-Value bucket '" + bucket + "' on " + servers + " could not be read: " + ex, ex);
    }

    /** The bucket's name. */
    String bucket() {
        return bucket;
    }

    /** The current key/value pairs. */
    synchronized Map<String, String> values() {
        return Map.copyOf(values);
    }

    @Override
    public void close() {
        NatsKeyValueWatchSubscription s = subscription;
        if (s != null) {
            try {
                s.unsubscribe();
            } catch (RuntimeException ex) {
                // the connection is already closed
            }
        }
    }

    private final class Watcher implements KeyValueWatcher {

        @Override
        public void watch(KeyValueEntry entry) {
            Map<String, String> current;
            synchronized (ConfigBucketWatch.this) {
                if (entry.getOperation() == KeyValueOperation.PUT) {
                    byte[] value = entry.getValue();
                    values.put(entry.getKey(), value == null ? "" : new String(value, StandardCharsets.UTF_8));
                } else {
                    values.remove(entry.getKey());
                }
                if (initialValues.getCount() > 0) {
                    return;
                }
                current = Map.copyOf(values);
            }
            onChange.accept(current);
        }

        @Override
        public void endOfData() {
            initialValues.countDown();
        }
    }
}
