package io.natsspring.broker.internal.jetstream.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import io.natsspring.broker.internal.jetstream.base.ServerVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * ADR-44 versioning metadata on this broker and on {@code nats-server} 2.15 side by side: {@code _nats.req.level}
 * computed from the features used and stored, {@code _nats.ver}/{@code _nats.level} added to every answer (ours
 * from {@link ServerVersion} and {@link ApiLevel}), user keys kept or replaced as the server does.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AssetMetadataDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    private static final String[][] STEPS = {
        {"$JS.API.STREAM.CREATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\"}"},
        {
            "$JS.API.STREAM.UPDATE.S",
            "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\",\"metadata\":{\"a\":\"b\"}}"
        },
        {
            "$JS.API.STREAM.CREATE.S",
            "{\"name\":\"S\",\"subjects\":[\"s.>\"],\"storage\":\"memory\",\"metadata\":{\"a\":\"b\"}}"
        },
        {"$JS.API.STREAM.INFO.S", ""},
        {
            "$JS.API.STREAM.CREATE.T",
            "{\"name\":\"T\",\"subjects\":[\"t.>\"],\"storage\":\"memory\",\"allow_msg_ttl\":true,"
                    + "\"metadata\":{\"_nats.foo\":\"x\",\"_nats.ver\":\"9\",\"_nats.req.level\":\"7\"}}"
        },
        {
            "$JS.API.STREAM.UPDATE.T",
            "{\"name\":\"T\",\"subjects\":[\"t.>\"],\"storage\":\"memory\",\"allow_msg_ttl\":true}"
        },
        {
            "$JS.API.STREAM.CREATE.M",
            "{\"name\":\"M\",\"subjects\":[\"m.>\"],\"storage\":\"memory\",\"subject_delete_marker_ttl\":2000000000}"
        },
        {"$JS.API.STREAM.LIST", ""},
        {"$JS.API.CONSUMER.CREATE.S.C", "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\"}}"},
        {
            "$JS.API.CONSUMER.CREATE.S.C",
            "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"C\",\"metadata\":{\"x\":\"y\",\"_nats.level\":\"0\"}}}"
        },
        {
            "$JS.API.CONSUMER.CREATE.S.D",
            "{\"stream_name\":\"S\",\"config\":{\"durable_name\":\"D\",\"pause_until\":\"2099-01-01T00:00:00Z\"}}"
        },
        {"$JS.API.CONSUMER.INFO.S.D", ""},
        {"$JS.API.CONSUMER.LIST.S", ""},
    };

    @Test
    void metadataMatches() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] step : STEPS) {
            String expected = metadata(ref, step, "2.15.1", "5");
            String actual = metadata(ours, step, ServerVersion.NATS_SERVER, Integer.toString(ApiLevel.LEVEL));
            if (!expected.equals(actual)) {
                differences.add(
                        step[0] + " " + step[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    /** The metadata of every config in the answer, the server's own version and level replaced by placeholders. */
    private static String metadata(Connection c, String[] step, String version, String level) throws Exception {
        JsonNode answer = JSON.readTree(DirectGetBatchDifferentialTest.request(c, step[0], step[1]));
        if (answer.has("error")) {
            return "error " + answer.path("error");
        }
        List<JsonNode> configs = new ArrayList<>();
        if (answer.has("config")) {
            configs.add(answer.path("config"));
        }
        for (String list : new String[] {"streams", "consumers"}) {
            for (JsonNode info : answer.path(list)) {
                configs.add(info.path("config"));
            }
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode config : configs) {
            ObjectNode md = config.path("metadata") instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
            if (version.equals(md.path("_nats.ver").asString(""))) {
                md.put("_nats.ver", "<version>");
            }
            if (level.equals(md.path("_nats.level").asString(""))) {
                md.put("_nats.level", "<level>");
            }
            b.append(md).append(' ');
        }
        return b.toString();
    }
}
