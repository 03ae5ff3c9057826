package io.natsspring.broker.internal.jetstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the same malformed JetStream API requests to this broker and to {@code nats-server} 2.15 and asserts
 * byte-identical answers: the same {@code error} ({@code code}, {@code err_code}, {@code description}) and the same
 * zero-valued fields next to it. The reference binary is
 * {@code $NATS_SERVER_215_BIN} or {@code /opt/nats/2.15.1/usr/sbin/nats-server}; without it the test is skipped.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiStrictnessDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Subject and body of each request; stream {@code S} exists, {@code X} does not. */
    private static final String[][] CASES = {
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":\"5\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":1}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"bogus\":1}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\","},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"retention\":\"forever\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"retention\":5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"retention\":null}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"storage\":\"disk\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"discard\":\"\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":null}"},
        {"$JS.API.STREAM.CREATE.X", ""},
        {"$JS.API.STREAM.CREATE.X", "{}"},
        {"$JS.API.STREAM.CREATE.X", "null"},
        {"$JS.API.STREAM.CREATE.X", "[]"},
        {"$JS.API.STREAM.CREATE.X", "\"x\""},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":1.5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":1e3}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":99999999999999999999}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":true}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msg_size\":99999999999}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"first_seq\":-1}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"subjects\":\"a\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"subjects\":[1]}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"no_ack\":\"true\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"no_ack\":1}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"compression\":\"gzip\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"compression\":5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"compression\":null}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"metadata\":{\"a\":1}}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"metadata\":[]}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"consumer_limits\":{\"max_ack_pending\":\"1\"}}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"consumer_limits\":{\"zzz\":1}}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_age\":\"1s\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"num_replicas\":\"1\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"placement\":\"x\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"mirror\":\"x\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"sources\":{}}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"description\":5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":5}x"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\" \"max_msgs\":5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\" \"X\"}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",}"},
        {"$JS.API.STREAM.CREATE.X", "{\"subjects\":[\"a\" \"b\"]}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":tru}"},
        {"$JS.API.STREAM.CREATE.X", "{'name':'X'}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":+5}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":05}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"max_msgs\":-}"},
        {"$JS.API.STREAM.CREATE.X", "{\"name\":\"X\",\"allow_atomic\":[]}"},
        {"$JS.API.STREAM.UPDATE.S", "{\"name\":\"S\",\"max_bytes\":\"1\"}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"ack_wait\":\"30s\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"ack_policy\":\"all2\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"ack_policy\":null}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"deliver_policy\":\"x\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"replay_policy\":\"\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"bogus\":1}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"bogus\":1}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":1}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"backoff\":[\"1s\"]}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"opt_start_seq\":-1}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"opt_start_time\":\"yesterday\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"opt_start_time\":5}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"opt_start_time\":\"2024-13-01T00:00:00Z\"}}"
        },
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"max_deliver\":\"5\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"max_waiting\":1.5}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"filter_subjects\":\"a\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"metadata\":{\"a\":true}}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"flow_control\":\"yes\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"rate_limit_bps\":-1}}"},
        // "action":"" is create-or-update (nats-server's own source consumers send it): the config's error follows
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"action\":\"\",\"config\":{\"max_deliver\":\"5\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"action\":\"foo\",\"config\":{}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"action\":5,\"config\":{}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"action\":null,\"config\":{}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":5}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"pause_until\":[]}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"config\":{\"priority_timeout\":\"1s\"}}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\",\"pedantic\":\"x\"}"},
        {"$JS.API.CONSUMER.CREATE.S", "{\"stream_name\":\"S\","},
        {"$JS.API.CONSUMER.CREATE.S", ""},
        {"$JS.API.CONSUMER.CREATE.S", "{}"},
        {"$JS.API.CONSUMER.DURABLE.CREATE.S.D", "{\"stream_name\":\"S\",\"config\":{\"durable_name\":5}}"},
        {"$JS.API.STREAM.INFO.S", "{\"offset\":\"1\"}"},
        {"$JS.API.STREAM.INFO.S", "{\"bogus\":1}"},
        {"$JS.API.STREAM.INFO.S", "{\"deleted_details\":1}"},
        {"$JS.API.STREAM.INFO.S", "{\"subjects_filter\":1}"},
        {"$JS.API.STREAM.INFO.S", "["},
        {"$JS.API.STREAM.NAMES", "{\"offset\":\"1\"}"},
        {"$JS.API.STREAM.NAMES", "{\"bogus\":1}"},
        {"$JS.API.STREAM.NAMES", "{\"subject\":1}"},
        {"$JS.API.STREAM.LIST", "{\"offset\":\"1\"}"},
        {"$JS.API.STREAM.LIST", "{\"bogus\":1}"},
        {"$JS.API.CONSUMER.NAMES.S", "{\"offset\":\"1\"}"},
        {"$JS.API.CONSUMER.LIST.S", "{\"bogus\":1}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"seq\":\"1\"}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"seq\":-1}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"bogus\":1}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"last_by_subj\":1}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"start_time\":\"x\"}"},
        {"$JS.API.STREAM.MSG.GET.S", "{\"start_time\":5}"},
        {"$JS.API.STREAM.MSG.GET.S", "["},
        {"$JS.API.STREAM.MSG.GET.S", "{}"},
        {"$JS.API.STREAM.MSG.GET.S", "null"},
        {"$JS.API.STREAM.MSG.DELETE.S", "{\"seq\":\"1\"}"},
        {"$JS.API.STREAM.MSG.DELETE.S", "{\"no_erase\":1}"},
        {"$JS.API.STREAM.MSG.DELETE.S", "{}"},
        {"$JS.API.STREAM.PURGE.S", "{\"seq\":\"1\"}"},
        {"$JS.API.STREAM.PURGE.S", "{\"keep\":-1}"},
        {"$JS.API.STREAM.PURGE.S", "{\"bogus\":1}"},
        {"$JS.API.STREAM.DELETE.S", "{\"x\":1}"},
        {"$JS.API.CONSUMER.INFO.S.C", "{\"x\":1}"},
    };

    @TempDir
    static Path storeDir;

    private static Process reference;
    private static Connection referenceConnection;
    private static NatsBroker broker;
    private static Connection brokerConnection;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of(REFERENCE)),
                "nats-server 2.15 not found at " + REFERENCE
                        + " (set NATS_SERVER_215_BIN); the differential strictness test needs it");
        int port = freePort();
        reference = new ProcessBuilder(
                        REFERENCE,
                        "-a",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-js",
                        "-sd",
                        storeDir.resolve("reference").toString())
                .redirectErrorStream(true)
                .redirectOutput(storeDir.resolve("reference.log").toFile())
                .start();
        referenceConnection = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> connect("nats://127.0.0.1:" + port), c -> c != null);
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(storeDir.resolve("broker"))
                        .build())
                .start();
        brokerConnection = connect(broker.clientUrl());
        for (Connection c : List.of(referenceConnection, brokerConnection)) {
            JsonNode created = request(c, "$JS.API.STREAM.CREATE.S", "{\"name\":\"S\",\"subjects\":[\"s.>\"]}");
            assertThat(created.has("error")).as("creating S: %s", created).isFalse();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {brokerConnection, referenceConnection, broker}) {
            if (c != null) {
                c.close();
            }
        }
        if (reference != null) {
            reference.destroy();
            reference.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void malformedRequestsGetTheServersErrors() throws Exception {
        List<String> differences = new ArrayList<>();
        for (String[] c : CASES) {
            String expected = raw(referenceConnection, c[0], c[1]);
            String actual = raw(brokerConnection, c[0], c[1]);
            if (!JSON.readTree(expected).has("error") || !expected.equals(actual)) {
                differences.add(c[0] + " " + c[1] + "\n  nats-server: " + expected + "\n  broker:      " + actual);
            }
        }
        assertThat(differences).as(String.join("\n", differences)).isEmpty();
    }

    private static JsonNode request(Connection c, String subject, String body) throws Exception {
        return JSON.readTree(raw(c, subject, body));
    }

    private static String raw(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    private static Connection connect(String url) throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
