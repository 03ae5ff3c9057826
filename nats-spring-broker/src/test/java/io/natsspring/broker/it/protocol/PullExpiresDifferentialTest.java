package io.natsspring.broker.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pull request ({@code $JS.API.CONSUMER.MSG.NEXT}) with a negative {@code expires} (issue 19, defect 5): it
 * became a request that never expired; nats-server takes it as already expired. Played on both servers with and
 * without a stored message; the answers (status lines and messages, within two seconds) must be the same.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PullExpiresDifferentialTest {

    @TempDir
    static Path dir;

    private static ReferenceNatsServer reference;
    private static NatsBroker broker;
    private static Connection ref;
    private static Connection ours;
    private static int round;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        reference = ReferenceNatsServer.start(dir.resolve("reference"));
        ref = reference.connect();
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start();
        ours = Nats.connect(new Options.Builder()
                .server(broker.clientUrl())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {ours, ref, broker, reference}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"batch\":1,\"expires\":-1}",
                "{\"batch\":2,\"expires\":-1000000000}",
                "{\"batch\":1,\"expires\":-1,\"no_wait\":true}",
                "{\"batch\":1,\"expires\":-1,\"idle_heartbeat\":1000}"
            })
    void negativeExpiresAnswersAsNatsServer(String body) throws Exception {
        round++;
        for (boolean stored : new boolean[] {false, true}) {
            String name = "NE" + round + (stored ? "S" : "E");
            String expected = play(ref, name, stored, body);
            String actual = play(ours, name, stored, body);
            assertThat(actual).as("%s with a message stored: %s", body, stored).isEqualTo(expected);
        }
    }

    private static String play(Connection c, String stream, boolean stored, String body) throws Exception {
        JetStreamManagement jsm = c.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(stream.toLowerCase() + ".>")
                .storageType(StorageType.Memory)
                .build());
        if (stored) {
            c.jetStream().publish(stream.toLowerCase() + ".x", "m".getBytes(StandardCharsets.UTF_8));
        }
        jsm.addOrUpdateConsumer(
                stream,
                ConsumerConfiguration.builder()
                        .durable("C")
                        .ackPolicy(AckPolicy.None)
                        .build());
        String inbox = c.createInbox();
        Subscription sub = c.subscribe(inbox);
        c.publish("$JS.API.CONSUMER.MSG.NEXT." + stream + ".C", inbox, body.getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            Message m = sub.nextMessage(Duration.ofMillis(200));
            if (m == null) {
                continue;
            }
            seen.add(
                    m.isStatusMessage()
                            ? m.getStatus().getCode() + " " + m.getStatus().getMessage()
                            : "msg " + new String(m.getData(), StandardCharsets.UTF_8));
        }
        sub.unsubscribe();
        jsm.deleteStream(stream);
        return String.join(" / ", seen);
    }
}
