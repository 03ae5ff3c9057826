package io.natsspring.broker.internal.jetstream.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jnats Key-Value against the broker: put/get/history/CAS/create/delete/purge/keys/watch/TTL. */
class KeyValueTest extends JetStreamTestSupport {

    private KeyValueManagement kvm;

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        kvm = nc.keyValueManagement();
    }

    private KeyValue bucket(String name, int history) throws Exception {
        kvm.create(KeyValueConfiguration.builder()
                .name(name)
                .maxHistoryPerKey(history)
                .storageType(StorageType.File)
                .build());
        return nc.keyValue(name);
    }

    @Test
    void putGetHistoryAndStatus() throws Exception {
        KeyValue kv = bucket("cfg", 3);
        long r1 = kv.put("a", "1");
        long r2 = kv.put("a", "2");
        kv.put("a", "3");
        kv.put("a", "4");
        kv.put("b", "x");
        assertThat(kv.get("a").getValueAsString()).isEqualTo("4");
        assertThat(kv.get("a", r2).getValueAsString()).isEqualTo("2");
        assertThat(kv.get("a", r1)).isNull();
        assertThat(kv.get("missing")).isNull();
        List<KeyValueEntry> history = kv.history("a");
        assertThat(history).extracting(KeyValueEntry::getValueAsString).containsExactly("2", "3", "4");
        KeyValueStatus st = kv.getStatus();
        assertThat(st.getMaxHistoryPerKey()).isEqualTo(3);
        assertThat(st.getEntryCount()).isEqualTo(4);
        assertThat(kvm.getBucketNames()).contains("cfg");
    }

    @Test
    void createUpdateDeletePurgeKeys() throws Exception {
        KeyValue kv = bucket("cas", 5);
        long rev = kv.create("k", "v1".getBytes());
        assertThatThrownBy(() -> kv.create("k", "again".getBytes())).isInstanceOf(JetStreamApiException.class);
        long rev2 = kv.update("k", "v2".getBytes(), rev);
        assertThatThrownBy(() -> kv.update("k", "v3".getBytes(), rev)).isInstanceOf(JetStreamApiException.class);
        kv.put("other", "o");
        assertThat(kv.keys()).containsExactlyInAnyOrder("k", "other");
        kv.delete("k");
        assertThat(kv.get("k")).isNull();
        assertThat(kv.keys()).containsExactly("other");
        // create over a deleted key works
        kv.create("k", "back".getBytes());
        kv.purge("other");
        assertThat(kv.history("other")).hasSize(1);
        assertThat(kv.history("other").get(0).getOperation()).isEqualTo(KeyValueOperation.PURGE);
        assertThat(kv.keys()).containsExactly("k");
        assertThat(rev2).isGreaterThan(rev);
        kv.purgeDeletes(io.nats.client.api.KeyValuePurgeOptions.builder()
                .deleteMarkersNoThreshold()
                .build());
        assertThat(kv.history("other")).isEmpty();
    }

    @Test
    void watchSeesInitialValuesThenUpdates() throws Exception {
        KeyValue kv = bucket("w", 2);
        kv.put("x.1", "a");
        kv.put("x.2", "b");
        kv.put("x.1", "c");
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Boolean> done = new CopyOnWriteArrayList<>();
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry e) {
                seen.add(e.getKey() + "="
                        + (e.getOperation() == KeyValueOperation.PUT
                                ? e.getValueAsString()
                                : e.getOperation().name()));
            }

            @Override
            public void endOfData() {
                done.add(true);
            }
        };
        var sub = kv.watch("x.*", watcher);
        await().atMost(2, TimeUnit.SECONDS).until(() -> !done.isEmpty());
        assertThat(seen).containsExactly("x.2=b", "x.1=c");
        kv.put("x.3", "d");
        kv.delete("x.2");
        await().atMost(2, TimeUnit.SECONDS).until(() -> seen.size() == 4);
        assertThat(seen.subList(2, 4)).containsExactly("x.3=d", "x.2=DELETE");
        sub.unsubscribe();
    }

    @Test
    void ttlBucketExpiresEntries() throws Exception {
        kvm.create(KeyValueConfiguration.builder()
                .name("ttl")
                .ttl(Duration.ofMillis(400))
                .storageType(StorageType.Memory)
                .build());
        KeyValue kv = nc.keyValue("ttl");
        kv.put("k", "v");
        assertThat(kv.get("k")).isNotNull();
        await().atMost(3, TimeUnit.SECONDS).until(() -> kv.get("k") == null);
    }
}
