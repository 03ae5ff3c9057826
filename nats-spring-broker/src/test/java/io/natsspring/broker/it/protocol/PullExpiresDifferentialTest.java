package io.natsspring.broker.it.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static NatsBroker broker;
    private static Connection ref;
    private static Connection ours;
    private static int round;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(dir);
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
        // the four plays (two servers, with and without a message) listen over the same two seconds
        List<Play> plays = new ArrayList<>();
        for (boolean stored : new boolean[] {false, true}) {
            String name = "NE" + round + (stored ? "S" : "E");
            plays.add(Play.begin(ref, name, stored, body));
            plays.add(Play.begin(ours, name, stored, body));
        }
        List<String> answers = new ArrayList<>();
        for (Play play : plays) {
            answers.add(play.finish());
        }
        for (int i = 0; i < plays.size(); i += 2) {
            assertThat(answers.get(i + 1))
                    .as("%s with a message stored: %s", body, plays.get(i).stored)
                    .isEqualTo(answers.get(i));
        }
    }

    /** One pull request on one server: the answers it gets within two seconds of the request. */
    private record Play(
            Connection c, String stream, boolean stored, Dispatcher dispatcher, List<String> seen, long deadline) {

        static Play begin(Connection c, String stream, boolean stored, String body) throws Exception {
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
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
            Dispatcher d = c.createDispatcher(m -> {
                if (System.nanoTime() < deadline.get()) {
                    seen.add(
                            m.isStatusMessage()
                                    ? m.getStatus().getCode() + " "
                                            + m.getStatus().getMessage()
                                    : "msg " + new String(m.getData(), StandardCharsets.UTF_8));
                }
            });
            d.subscribe(inbox);
            c.publish("$JS.API.CONSUMER.MSG.NEXT." + stream + ".C", inbox, body.getBytes(StandardCharsets.UTF_8));
            deadline.set(System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            return new Play(c, stream, stored, d, seen, deadline.get());
        }

        String finish() throws Exception {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left); // the observation window itself
            }
            c.closeDispatcher(dispatcher);
            c.jetStreamManagement().deleteStream(stream);
            return String.join(" / ", seen);
        }
    }
}
