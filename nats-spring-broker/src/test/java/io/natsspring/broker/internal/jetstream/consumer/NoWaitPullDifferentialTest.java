package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
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
 * A {@code no_wait} pull while other requests wait, on this broker and on {@code nats-server} 2.15.1: when the
 * waiting requests already ask for more than the messages available, the new one is answered
 * {@code 408 Requests Pending}; otherwise it is served (or ends) as usual.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NoWaitPullDifferentialTest {

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
    void noWaitBehindLargerWaitingRequestsGetsRequestsPending() throws Exception {
        same("NW1", 5);
    }

    @Test
    void noWaitBehindSmallerWaitingRequestsIsNotRefused() throws Exception {
        same("NW2", 1);
    }

    private static void same(String stream, int waitingBatch) throws Exception {
        List<String> expected = scenario(servers.reference(), stream, waitingBatch);
        List<String> actual = scenario(servers.ours(), stream, waitingBatch);
        assertThat(actual).as("nats-server: %s", expected).isEqualTo(expected);
    }

    /**
     * Three messages, {@code max_ack_pending: 1} and one delivered unacknowledged, so a waiting request of
     * {@code waitingBatch} can not be served; then a {@code no_wait} request of one message.
     */
    private static List<String> scenario(Connection c, String stream, int waitingBatch) throws Exception {
        JetStreamManagement jsm = c.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(stream)
                .subjects(stream + ".>")
                .storageType(StorageType.Memory)
                .build());
        for (int i = 0; i < 3; i++) {
            c.jetStream().publish(stream + ".m", new byte[] {(byte) i});
        }
        jsm.addOrUpdateConsumer(
                stream,
                ConsumerConfiguration.builder()
                        .durable("C")
                        .ackPolicy(AckPolicy.Explicit)
                        .maxAckPending(1)
                        .build());
        String next = "$JS.API.CONSUMER.MSG.NEXT." + stream + ".C";
        List<String> trace = new ArrayList<>();
        Subscription first = c.subscribe(c.createInbox());
        c.publish(next, first.getSubject(), bytes("{\"batch\":1,\"expires\":2000000000}"));
        trace.add("first " + describe(first.nextMessage(Duration.ofSeconds(5))));
        first.unsubscribe();
        Subscription waiting = c.subscribe(c.createInbox());
        c.publish(next, waiting.getSubject(), bytes("{\"batch\":" + waitingBatch + ",\"expires\":2000000000}"));
        c.flush(Duration.ofSeconds(5));
        Subscription noWait = c.subscribe(c.createInbox());
        c.publish(next, noWait.getSubject(), bytes("{\"batch\":1,\"no_wait\":true}"));
        trace.add("no_wait " + describe(noWait.nextMessage(Duration.ofSeconds(4))));
        trace.add("waiting " + describe(waiting.nextMessage(Duration.ofSeconds(4))));
        waiting.unsubscribe();
        noWait.unsubscribe();
        return trace;
    }

    private static String describe(Message m) {
        if (m == null) {
            return "nothing";
        }
        if (m.isStatusMessage()) {
            return m.getStatus().getCode() + " " + m.getStatus().getMessage();
        }
        return "message " + m.getSubject();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
