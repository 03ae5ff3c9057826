package io.natsspring.broker.internal.jetstream.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirror_direct} on this broker and on {@code nats-server} 2.15 side by side: a caught-up mirror answers
 * direct gets addressed to its origin (seen once the origin is gone: the mirror alone answers, naming itself in
 * {@code Nats-Stream}), and a key-value mirror bucket reads through jnats as on the real server.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MirrorDirectDifferentialTest {

    @TempDir
    static Path storeDir;

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static Connection ref;
    private static NatsBroker broker;
    private static Connection ours;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(storeDir);
        reference = servers.server();
        ref = servers.reference();
        broker = servers.broker();
        ours = servers.ours();
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void mirrorAnswersForItsOrigin() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            DirectGetBatchDifferentialTest.request(
                    c,
                    "$JS.API.STREAM.CREATE.ORIG",
                    "{\"name\":\"ORIG\",\"subjects\":[\"orig.>\"],\"storage\":\"memory\",\"allow_direct\":true}");
            for (int i = 1; i <= 3; i++) {
                c.jetStream().publish("orig." + i, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            String created = DirectGetBatchDifferentialTest.request(
                    c,
                    "$JS.API.STREAM.CREATE.MIR",
                    "{\"name\":\"MIR\",\"storage\":\"memory\",\"mirror\":{\"name\":\"ORIG\"}}");
            StringBuilder b = new StringBuilder();
            b.append(created.contains("\"mirror_direct\":true")).append(" | ");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> c.jetStreamManagement()
                                    .getStreamInfo("MIR")
                                    .getStreamState()
                                    .getMsgCount()
                            == 3);
            // the mirror subscribes once caught up, on its next heartbeat at the latest
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                DirectGetBatchDifferentialTest.request(c, "$JS.API.STREAM.DELETE.ORIG", "");
                return DirectGetBatchDifferentialTest.exchange(c, "$JS.API.DIRECT.GET.ORIG", null, "{\"seq\":2}")
                        .contains("data=m2");
            });
            b.append(DirectGetBatchDifferentialTest.exchange(c, "$JS.API.DIRECT.GET.ORIG", null, "{\"seq\":2}"))
                    .append(DirectGetBatchDifferentialTest.exchange(c, "$JS.API.DIRECT.GET.ORIG.orig.3", null, ""))
                    .append(DirectGetBatchDifferentialTest.exchange(
                            c, "$JS.API.DIRECT.GET.ORIG", null, "{\"seq\":1,\"batch\":5}"));
            seen.add(b.toString());
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(0)).contains("Nats-Stream=[MIR]");
    }

    @Test
    void keyValueMirrorReadsAsOnTheServer() throws Exception {
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            var kvm = c.keyValueManagement();
            kvm.create(KeyValueConfiguration.builder()
                    .name("KORIG")
                    .storageType(StorageType.Memory)
                    .build());
            KeyValue orig = c.keyValue("KORIG");
            orig.put("a", "1".getBytes(StandardCharsets.UTF_8));
            orig.put("b", "2".getBytes(StandardCharsets.UTF_8));
            kvm.create(KeyValueConfiguration.builder()
                    .name("KMIR")
                    .storageType(StorageType.Memory)
                    .mirror(Mirror.builder().sourceName("KORIG").build())
                    .build());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> c.jetStreamManagement()
                                    .getStreamInfo("KV_KMIR")
                                    .getStreamState()
                                    .getMsgCount()
                            == 2);
            KeyValue mir = c.keyValue("KMIR");
            StringBuilder b = new StringBuilder();
            for (String key : new String[] {"a", "b", "c"}) {
                KeyValueEntry e = mir.get(key);
                b.append(key)
                        .append('=')
                        .append(e == null ? "null" : new String(e.getValue(), StandardCharsets.UTF_8))
                        .append(' ');
            }
            KeyValueEntry viaOrigin = orig.get("b");
            b.append("orig.b=").append(new String(viaOrigin.getValue(), StandardCharsets.UTF_8));
            seen.add(b.toString());
        }
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }
}
