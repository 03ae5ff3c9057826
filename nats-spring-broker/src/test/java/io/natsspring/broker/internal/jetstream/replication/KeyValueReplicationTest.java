package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Key-value buckets that mirror or source another bucket, created as jnats does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyValueReplicationTest extends JetStreamTestSupport {

    @Test
    void mirroredAndSourcedBucketsServeTheOriginsKeys() throws Exception {
        startAndConnect();
        var kvm = nc.keyValueManagement();
        kvm.create(KeyValueConfiguration.builder()
                .name("ORIG")
                .storageType(StorageType.Memory)
                .build());
        KeyValue orig = nc.keyValue("ORIG");
        orig.put("a", "1".getBytes(StandardCharsets.UTF_8));
        orig.put("b", "2".getBytes(StandardCharsets.UTF_8));
        kvm.create(KeyValueConfiguration.builder()
                .name("MIR")
                .storageType(StorageType.Memory)
                .mirror(Mirror.builder().sourceName("ORIG").build())
                .build());
        kvm.create(KeyValueConfiguration.builder()
                .name("AGG")
                .storageType(StorageType.Memory)
                .sources(Source.builder().sourceName("ORIG").build())
                .build());
        // jnats (this version) sends the source without subject transforms: the keys keep the origin's subjects
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jsm.getStreamInfo("KV_AGG").getStreamState().getMsgCount() == 2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jsm.getStreamInfo("KV_MIR").getStreamState().getMsgCount() == 2);
        // the data is there; reads through jnats (mirror_direct serving) are compared with nats-server in
        // MirrorDirectDifferentialTest
        assertThat(new String(jsm.getMessage("KV_MIR", 2).getData(), StandardCharsets.UTF_8))
                .isEqualTo("2");
    }
}
