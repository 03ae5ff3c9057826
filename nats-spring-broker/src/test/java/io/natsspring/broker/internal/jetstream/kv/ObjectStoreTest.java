package io.natsspring.broker.internal.jetstream.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.ObjectStoreWatcher;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** jnats Object Store against the broker: multi-megabyte put/get with digest, info, list, links, delete, watch. */
class ObjectStoreTest extends JetStreamTestSupport {

    private ObjectStore os;

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        ObjectStoreManagement osm = nc.objectStoreManagement();
        osm.create(ObjectStoreConfiguration.builder("files")
                .storageType(StorageType.File)
                .build());
        os = nc.objectStore("files");
    }

    @Test
    void multiMegabyteObjectRoundTripsWithDigest() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 123];
        new Random(42).nextBytes(data);
        ObjectInfo put =
                os.put(ObjectMeta.builder("blob.bin").chunkSize(128 * 1024).build(), new ByteArrayInputStream(data));
        assertThat(put.getSize()).isEqualTo(data.length);
        assertThat(put.getChunks()).isEqualTo(41);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectInfo got = os.get("blob.bin", out);
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(got.getDigest()).isEqualTo(put.getDigest());
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(data);
        assertThat(got.getDigest()).endsWith(java.util.Base64.getUrlEncoder().encodeToString(sha));
        assertThat(os.getInfo("blob.bin").getSize()).isEqualTo(data.length);
    }

    @Test
    void listLinksDeleteAndWatch() throws Exception {
        List<String> watched = new CopyOnWriteArrayList<>();
        os.watch(new ObjectStoreWatcher() {
            @Override
            public void watch(ObjectInfo info) {
                watched.add(info.getObjectName() + (info.isDeleted() ? ":deleted" : ""));
            }

            @Override
            public void endOfData() {}
        });
        os.put("a.txt", "alpha".getBytes());
        os.put("b.txt", "beta".getBytes());
        os.addLink("link-to-a", os.getInfo("a.txt"));
        assertThat(os.getList())
                .extracting(ObjectInfo::getObjectName)
                .containsExactlyInAnyOrder("a.txt", "b.txt", "link-to-a");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        os.get("link-to-a", out);
        assertThat(out.toString()).isEqualTo("alpha");
        os.delete("b.txt");
        assertThat(os.getInfo("b.txt")).isNull();
        assertThat(os.getList()).extracting(ObjectInfo::getObjectName).containsExactlyInAnyOrder("a.txt", "link-to-a");
        await().atMost(2, TimeUnit.SECONDS).until(() -> watched.contains("b.txt:deleted"));
        assertThat(watched).contains("a.txt", "b.txt", "link-to-a");
        assertThat(os.getStatus().getSize()).isPositive();
    }
}
