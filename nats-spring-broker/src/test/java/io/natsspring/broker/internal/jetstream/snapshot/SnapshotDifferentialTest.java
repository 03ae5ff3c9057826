package io.natsspring.broker.internal.jetstream.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The snapshot/restore protocol on this broker and on {@code nats-server} 2.15.1, driven by the same client code:
 * answer keys and types, chunk reply subjects, the final status, the restore's deliver subject and finishing
 * answer, and the refusals (codes and texts). Archives differ by design and are not compared.
 */
class SnapshotDifferentialTest {

    private static final io.nats.client.JetStreamOptions OPTIONS = io.nats.client.JetStreamOptions.builder()
            .requestTimeout(java.time.Duration.ofSeconds(20))
            .build();

    @TempDir
    Path dir;

    private NatsBroker broker;
    private ReferenceNatsServer reference;
    private Connection ours;
    private Connection theirs;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("ours"))
                        .build())
                .start();
        ours = io.nats.client.Nats.connect(broker.clientUrl());
        reference = ReferenceNatsServer.start(dir.resolve("ref"));
        theirs = reference.connect();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {ours, theirs, broker, reference}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void refusalsMatch() throws Exception {
        for (Connection nc : List.of(ours, theirs)) {
            nc.jetStreamManagement(OPTIONS)
                    .addStream(StreamConfiguration.builder()
                            .name("R")
                            .subjects("r")
                            .storageType(StorageType.File)
                            .build());
        }
        String[][] requests = {
            {"$JS.API.STREAM.SNAPSHOT.R", ""},
            {"$JS.API.STREAM.SNAPSHOT.R", "{}"},
            {"$JS.API.STREAM.SNAPSHOT.NOPE", "{\"deliver_subject\":\"x\"}"},
            {"$JS.API.STREAM.SNAPSHOT.R", "{\"deliver_subject\":\"x.*\"}"},
            {"$JS.API.STREAM.SNAPSHOT.R", "{\"deliver_subject\":\"\"}"},
            {"$JS.API.STREAM.SNAPSHOT.R", "{\"deliver_subject\":1}"},
            {"$JS.API.STREAM.RESTORE.R", ""},
            {"$JS.API.STREAM.RESTORE.R", "{\"config\":{\"name\":\"R\"}}"},
            {"$JS.API.STREAM.RESTORE.R", "{\"config\":{}}"},
            {"$JS.API.STREAM.RESTORE.X", "{\"config\":{\"name\":\"Y\"}}"},
            {"$JS.API.STREAM.RESTORE.X", "{\"config\":{\"name\":\"X\",\"num_replicas\":3}}"},
            {"$JS.API.STREAM.RESTORE.X", "{\"config\":{\"name\":\"X\",\"max_age\":-5}}"},
            {"$JS.API.STREAM.RESTORE.X", "{\"config\":\"nope\"}"},
        };
        for (String[] r : requests) {
            JsonNode a = new SnapshotClient(ours).request(r[0], r[1]);
            JsonNode b = new SnapshotClient(theirs).request(r[0], r[1]);
            assertThat(a.get("error")).as(r[0] + " " + r[1]).isEqualTo(b.get("error"));
            assertThat(keys(a)).as(r[0] + " " + r[1]).isEqualTo(keys(b));
        }
    }

    @Test
    void snapshotAndRestoreProtocolMatches() throws Exception {
        Map<String, Object[]> results = new LinkedHashMap<>();
        for (Connection nc : List.of(ours, theirs)) {
            JetStreamManagement jsm = nc.jetStreamManagement(OPTIONS);
            JetStream js = nc.jetStream(OPTIONS);
            jsm.addStream(StreamConfiguration.builder()
                    .name("P")
                    .subjects("p.>")
                    .storageType(StorageType.File)
                    .build());
            for (int i = 0; i < 200; i++) {
                js.publish("p." + i, ("message " + i).repeat(50).getBytes(StandardCharsets.UTF_8));
            }
            jsm.addOrUpdateConsumer(
                    "P", ConsumerConfiguration.builder().durable("C").build());
            SnapshotClient client = new SnapshotClient(nc);
            Path file = dir.resolve((nc == ours ? "ours" : "theirs") + ".snap");
            SnapshotClient.Snapshot snap = client.snapshot(
                    "P", file, SnapshotClient.JSON.createObjectNode().put("chunk_size", 2048));
            jsm.deleteStream("P");
            JsonNode[] restored = client.restore("P", snap.response().get("config"), file, 2048);
            results.put(nc == ours ? "ours" : "theirs", new Object[] {snap, restored});
            assertThat(jsm.getStreamInfo("P").getStreamState().getMsgCount()).isEqualTo(200);
            assertThat(jsm.getConsumerInfo("P", "C").getNumPending()).isEqualTo(200);
        }
        SnapshotClient.Snapshot a = (SnapshotClient.Snapshot) results.get("ours")[0];
        SnapshotClient.Snapshot b = (SnapshotClient.Snapshot) results.get("theirs")[0];
        assertThat(keys(a.response())).isEqualTo(keys(b.response()));
        assertThat(a.response().get("type")).isEqualTo(b.response().get("type"));
        assertThat(keys(a.response().get("state"))).isEqualTo(keys(b.response().get("state")));
        assertThat(a.response().get("state").get("messages"))
                .isEqualTo(b.response().get("state").get("messages"));
        assertThat(a.finalStatus()).isEqualTo(b.finalStatus()).isEqualTo(204);
        String pattern = "\\$JS\\.SNAPSHOT\\.ACK\\.P\\.[A-Za-z0-9]+\\.2048\\.\\d+";
        assertThat(a.replies().get(0)).matches(pattern).endsWith(".1");
        assertThat(b.replies().get(0)).matches(pattern).endsWith(".1");
        JsonNode[] ra = (JsonNode[]) results.get("ours")[1];
        JsonNode[] rb = (JsonNode[]) results.get("theirs")[1];
        assertThat(keys(ra[0])).isEqualTo(keys(rb[0]));
        assertThat(ra[0].get("type")).isEqualTo(rb[0].get("type"));
        assertThat(ra[0].get("deliver_subject").asString()).startsWith("$JS.SNAPSHOT.RESTORE.P.");
        assertThat(rb[0].get("deliver_subject").asString()).startsWith("$JS.SNAPSHOT.RESTORE.P.");
        assertThat(ra[1].get("type")).isEqualTo(rb[1].get("type"));
        assertThat(keys(ra[1])).as(ra[1] + " vs " + rb[1]).isEqualTo(keys(rb[1]));
        assertThat(ra[1].get("state").get("messages"))
                .isEqualTo(rb[1].get("state").get("messages"));
    }

    @Test
    void archivesAreNotPortable() throws Exception {
        for (Connection nc : List.of(ours, theirs)) {
            nc.jetStreamManagement(OPTIONS)
                    .addStream(StreamConfiguration.builder()
                            .name("A")
                            .subjects("a")
                            .storageType(StorageType.File)
                            .build());
            nc.jetStream(OPTIONS).publish("a", new byte[] {1});
        }
        Path theirsFile = dir.resolve("a-theirs.snap");
        SnapshotClient.Snapshot snap = new SnapshotClient(theirs).snapshot("A", theirsFile, null);
        JsonNode[] restored =
                new SnapshotClient(ours).restore("B", renamed(snap.response().get("config")), theirsFile, 4096);
        assertThat(restored[1].get("error").get("err_code").asInt()).isEqualTo(10062);
        assertThat(restored[1].get("error").get("description").asString())
                .contains("archives of nats-server can not be restored");
    }

    private static JsonNode renamed(JsonNode config) {
        tools.jackson.databind.node.ObjectNode c = ((tools.jackson.databind.node.ObjectNode) config).deepCopy();
        c.put("name", "B");
        c.set("subjects", SnapshotClient.JSON.createArrayNode().add("b"));
        return c;
    }

    private static TreeSet<String> keys(JsonNode n) {
        TreeSet<String> out = new TreeSet<>();
        if (n == null) {
            return out;
        }
        Iterator<String> it = n.propertyNames().iterator();
        List<String> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        out.addAll(all);
        return out;
    }
}
