package io.natsspring.broker.internal.jetstream.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code persist_mode} (nats-server 2.12, API level 2) on this broker and on {@code nats-server} 2.15.1: {@code async}
 * accepted on file storage and echoed, refused on memory storage, with replicas or with atomic batches (10052),
 * {@code default} / {@code ""} omitted, other values invalid JSON, no change on update, and kept across a restart.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PersistModeDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path storeDir;

    @Test
    void persistModeIsCheckedEchoedAndKeptAsByTheServer() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        String[][] steps = {
            {"CREATE.PA", "{\"name\":\"PA\",\"subjects\":[\"pa\"],\"persist_mode\":\"async\"}"},
            {"CREATE.PB", "{\"name\":\"PB\",\"subjects\":[\"pb\"],\"persist_mode\":\"async\",\"storage\":\"memory\"}"},
            {"CREATE.PC", "{\"name\":\"PC\",\"subjects\":[\"pc\"],\"persist_mode\":\"async\",\"allow_atomic\":true}"},
            {"CREATE.PE", "{\"name\":\"PE\",\"subjects\":[\"pe\"],\"persist_mode\":\"default\"}"},
            {"CREATE.PF", "{\"name\":\"PF\",\"subjects\":[\"pf\"],\"persist_mode\":\"bogus\"}"},
            {"CREATE.PG", "{\"name\":\"PG\",\"subjects\":[\"pg\"],\"persist_mode\":1}"},
            {"CREATE.PH", "{\"name\":\"PH\",\"subjects\":[\"ph\"],\"persist_mode\":\"\"}"},
            {"CREATE.PI", "{\"name\":\"PI\",\"subjects\":[\"pi\"],\"persist_mode\":null}"},
            {"UPDATE.PA", "{\"name\":\"PA\",\"subjects\":[\"pa\"]}"},
            {"UPDATE.PE", "{\"name\":\"PE\",\"subjects\":[\"pe\"],\"persist_mode\":\"async\"}"},
            {"UPDATE.PA", "{\"name\":\"PA\",\"subjects\":[\"pa\",\"pa2\"],\"persist_mode\":\"async\"}"},
            {"INFO.PA", ""},
        };
        List<List<String>> seen = new ArrayList<>();
        try (ReferenceNatsServer reference = ReferenceNatsServer.start(storeDir.resolve("reference"));
                Connection ref = connect(reference.url())) {
            seen.add(run(ref, steps));
        }
        Path brokerDir = storeDir.resolve("broker");
        try (NatsBroker broker = start(brokerDir);
                Connection ours = connect(broker.clientUrl())) {
            seen.add(run(ours, steps));
        }
        assertThat(String.join("\n", seen.get(1))).isEqualTo(String.join("\n", seen.get(0)));
        assertThat(seen.get(0).get(0)).contains("\"persist_mode\":\"async\"").contains("\"_nats.req.level\":\"2\"");
        try (NatsBroker broker = start(brokerDir);
                Connection ours = connect(broker.clientUrl())) {
            assertThat(answer(ours, "INFO.PA", ""))
                    .isEqualTo(seen.get(0).get(seen.get(0).size() - 1));
        }
    }

    private static List<String> run(Connection c, String[][] steps) throws Exception {
        List<String> out = new ArrayList<>();
        for (String[] step : steps) {
            out.add(step[0] + " " + step[1] + " -> " + answer(c, step[0], step[1]));
        }
        c.request("pa", "x".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        out.add(answer(c, "INFO.PA", ""));
        return out;
    }

    /** The answer's error, or its config without the server's own metadata values, and the state's message count. */
    private static String answer(Connection c, String api, String body) throws Exception {
        Message m = c.request("$JS.API.STREAM." + api, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(m).as(api).isNotNull();
        JsonNode n = JSON.readTree(m.getData());
        if (n.has("error")) {
            return n.get("error").toString();
        }
        ObjectNode config = (ObjectNode) n.get("config");
        if (config.get("metadata") instanceof ObjectNode md) {
            md.remove("_nats.ver");
            md.remove("_nats.level");
        }
        return config + " msgs=" + n.path("state").path("messages").asLong();
    }

    private static NatsBroker start(Path dir) throws Exception {
        return new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir)
                        .build())
                .start();
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }
}
