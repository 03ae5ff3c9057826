package io.natsspring.broker.internal.jetstream.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The snapshot and restore advisories on this broker and on {@code nats-server} 2.15.1: subjects, types, field
 * names and the values that do not depend on the archive format ({@code stream}, the state's message count, the
 * error), and the requester's {@code client} block (its keys in order, account, kind, client type).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SnapshotAdvisoriesDifferentialTest {

    private static final JetStreamOptions OPTIONS =
            JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(20)).build();

    @TempDir
    static Path dir;

    private static DifferentialServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void snapshotAndRestoreAdvisoriesMatch() throws Exception {
        List<String> expected = scenario(servers.reference(), "theirs");
        List<String> actual = scenario(servers.ours(), "ours");
        assertThat(actual).as("nats-server: %s", expected).isEqualTo(expected);
    }

    private static List<String> scenario(Connection c, String name) throws Exception {
        JetStreamManagement jsm = c.jetStreamManagement(OPTIONS);
        jsm.addStream(StreamConfiguration.builder()
                .name("ADV")
                .subjects("adv.>")
                .storageType(StorageType.File)
                .build());
        for (int i = 0; i < 20; i++) {
            c.jetStream(OPTIONS).publish("adv." + i, ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        Subscription advisories = c.subscribe("$JS.EVENT.ADVISORY.STREAM.>");
        c.flush(Duration.ofSeconds(5));
        SnapshotClient client = new SnapshotClient(c);
        Path file = dir.resolve(name + ".snap");
        SnapshotClient.Snapshot snap = client.snapshot("ADV", file, null);
        jsm.deleteStream("ADV");
        client.restore("ADV", snap.response().get("config"), file, 4096);
        List<String> trace = new ArrayList<>();
        Message m;
        while ((m = advisories.nextMessage(Duration.ofSeconds(2))) != null) {
            JsonNode n = SnapshotClient.JSON.readTree(m.getData());
            StringBuilder line = new StringBuilder(m.getSubject())
                    .append(' ')
                    .append(n.path("type").asString())
                    .append(' ')
                    .append(fields(n))
                    .append(" stream=")
                    .append(n.path("stream").asString());
            if (n.has("state")) {
                line.append(" messages=").append(n.get("state").path("messages").asLong());
                line.append(" state=").append(fields(n.get("state")));
            }
            if (n.has("bytes")) {
                line.append(" bytes>0=").append(n.get("bytes").asLong() > 0);
            }
            line.append(" error=").append(n.path("error").asString(""));
            JsonNode requester = n.path("client");
            line.append(" client=").append(String.join(",", requester.propertyNames()));
            for (String k : new String[] {"acc", "kind", "client_type"}) {
                line.append(' ').append(k).append('=').append(requester.path(k).asString(""));
            }
            trace.add(line.toString());
        }
        advisories.unsubscribe();
        trace.sort(null);
        return trace;
    }

    private static TreeSet<String> fields(JsonNode n) {
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
