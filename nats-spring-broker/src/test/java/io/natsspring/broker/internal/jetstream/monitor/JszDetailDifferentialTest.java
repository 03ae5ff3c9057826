package io.natsspring.broker.internal.jetstream.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /jsz} with {@code accounts}, {@code streams}, {@code consumers}, {@code config}, {@code acc},
 * {@code offset}/{@code limit} on this broker and on {@code nats-server} 2.15.1: the same keys with the same JSON
 * types at every level (values differ by nature: ids, times, sizes), and the same counts.
 */
class JszDetailDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Nothing left out: the whole JetStream config and limits as 2.15.1 shows them. */
    private static final List<String> IGNORED = List.of();

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private NatsBroker broker;
    private ReferenceNatsServer reference;
    private int referenceHttp;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .httpPort(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("ours"))
                        .build())
                .start();
        try (ServerSocket s = new ServerSocket(0)) {
            referenceHttp = s.getLocalPort();
        }
        reference = ReferenceNatsServer.startWithJetStream(
                dir.resolve("ref"), List.of("-m", Integer.toString(referenceHttp)));
        for (String url : List.of(broker.clientUrl(), reference.url())) {
            try (Connection nc = Nats.connect(url)) {
                JetStreamManagement jsm = nc.jetStreamManagement();
                jsm.addStream(StreamConfiguration.builder()
                        .name("S")
                        .subjects("s")
                        .storageType(StorageType.File)
                        .build());
                jsm.addStream(StreamConfiguration.builder()
                        .name("M")
                        .subjects("m")
                        .storageType(StorageType.Memory)
                        .build());
                nc.jetStream().publish("s", new byte[3]);
                jsm.addOrUpdateConsumer(
                        "S", ConsumerConfiguration.builder().durable("C").build());
                jsm.addOrUpdateConsumer(
                        "S", ConsumerConfiguration.builder().durable("D").build());
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void detailShapesMatch() throws Exception {
        for (String q : List.of(
                "",
                "?accounts=true",
                "?streams=true",
                "?consumers=true",
                "?accounts=true&streams=true&consumers=true&config=true",
                "?acc=$G&consumers=true",
                "?acc=$G&streams=true&config=true",
                "?accounts=true&offset=1",
                "?accounts=true&limit=1&streams=true",
                "?accounts=true&leader-only=true&raft=true")) {
            JsonNode ours = get(broker.httpPort(), q);
            JsonNode theirs = get(referenceHttp, q);
            assertThat(shape(ours, ""))
                    .as("/jsz" + q + "\nours   " + ours + "\ntheirs " + theirs)
                    .isEqualTo(shape(theirs, ""));
            for (String count : List.of("streams", "consumers", "messages", "total", "accounts")) {
                assertThat(ours.get(count)).as("/jsz" + q + " " + count).isEqualTo(theirs.get(count));
            }
            assertThat(ours.get("limits")).as("/jsz" + q + " limits").isEqualTo(theirs.get("limits"));
            for (String key : List.of("sync_interval", "strict")) {
                assertThat(ours.path("config").get(key))
                        .as("/jsz" + q + " config." + key)
                        .isEqualTo(theirs.path("config").get(key));
            }
        }
    }

    private JsonNode get(int port, String query) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/jsz" + query.replace("$", "%24")))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Every path to a value with the value's JSON type; arrays by their elements' shapes. */
    private static Map<String, String> shape(JsonNode n, String path) {
        Map<String, String> out = new TreeMap<>();
        if (IGNORED.stream().anyMatch(path::equals)) {
            return out;
        }
        if (n.isObject()) {
            for (String k : n.propertyNames()) {
                out.putAll(shape(n.get(k), path + "." + k));
            }
            if (n.isEmpty()) {
                out.put(path, "{}");
            }
        } else if (n.isArray()) {
            out.put(path, "array[" + n.size() + "]");
            for (JsonNode e : n) {
                out.putAll(shape(e, path + "[]"));
            }
        } else {
            out.put(path, n.isNumber() ? "number" : n.getNodeType().toString());
        }
        return out;
    }
}
