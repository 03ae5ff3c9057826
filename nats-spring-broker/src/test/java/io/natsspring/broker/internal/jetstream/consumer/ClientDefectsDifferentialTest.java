package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The five defects the official Java client's test suite found, each played on this broker and on
 * {@code nats-server} 2.15 with the same outcome expected: pull {@code max_bytes} counting the ack reply,
 * {@code create} of an existing consumer with another config (10148), {@code push_bound} after the last push
 * subscriber left, {@code mirror_direct} without a mirror, and {@code num_waiting} after a stopped {@code consume()}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientDefectsDifferentialTest {

    @TempDir
    static Path dir;

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static NatsBroker broker;
    private static Connection ref;
    private static Connection ours;

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

    @FunctionalInterface
    interface Scenario {
        String run(Connection c) throws Exception;
    }

    private static void same(Scenario s) throws Exception {
        String expected = s.run(ref);
        String actual = s.run(ours);
        System.out.println("nats-server: " + expected + "\nbroker:      " + actual);
        assertThat(actual).as("nats-server: %s", expected).isEqualTo(expected);
    }

    @Test
    void pullMaxBytesCountsTheAckReplyAndHeaders() throws Exception {
        same(c -> {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("MB")
                    .subjects("mb.>")
                    .storageType(StorageType.File)
                    .build());
            JetStream js = c.jetStream();
            for (int i = 0; i < 20; i++) {
                io.nats.client.impl.Headers h = new io.nats.client.impl.Headers().add("K", "v" + i);
                js.publish("mb.x", h, "0123456789".repeat(10).getBytes(StandardCharsets.UTF_8));
            }
            jsm.addOrUpdateConsumer(
                    "MB",
                    ConsumerConfiguration.builder()
                            .durable("C")
                            .ackPolicy(AckPolicy.None)
                            .build());
            String inbox = c.createInbox();
            Subscription sub = c.subscribe(inbox);
            c.publish(
                    "$JS.API.CONSUMER.MSG.NEXT.MB.C",
                    inbox,
                    "{\"batch\":20,\"max_bytes\":1500}".getBytes(StandardCharsets.UTF_8));
            int messages = 0;
            String end = "none";
            Message m;
            while ((m = sub.nextMessage(Duration.ofSeconds(2))) != null) {
                if (m.isStatusMessage()) {
                    end = m.getStatus().getCode() + " " + m.getStatus().getMessage() + " pending="
                            + m.getHeaders().getFirst("Nats-Pending-Messages") + "/"
                            + m.getHeaders().getFirst("Nats-Pending-Bytes");
                    break;
                }
                messages++;
            }
            sub.unsubscribe();
            return messages + " messages, then " + end;
        });
    }

    @Test
    void createActionOnAnExistingConsumerWithAnotherConfigFails() throws Exception {
        same(c -> {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("CA")
                    .subjects("ca.>")
                    .storageType(StorageType.Memory)
                    .build());
            ConsumerConfiguration.Builder b = ConsumerConfiguration.builder().durable("D");
            jsm.createConsumer("CA", b.build());
            String same = outcome(() -> jsm.createConsumer("CA", b.build()));
            String other = outcome(() -> jsm.createConsumer(
                    "CA",
                    ConsumerConfiguration.builder()
                            .durable("D")
                            .ackWait(Duration.ofSeconds(7))
                            .build()));
            String filtered = outcome(() -> jsm.createConsumer(
                    "CA",
                    ConsumerConfiguration.builder()
                            .durable("D")
                            .filterSubject("ca.a")
                            .build()));
            String metadataOnly = outcome(() -> jsm.createConsumer(
                    "CA",
                    ConsumerConfiguration.builder()
                            .durable("D")
                            .metadata(java.util.Map.of("k", "v"))
                            .build()));
            String updated = outcome(() -> jsm.updateConsumer(
                    "CA",
                    ConsumerConfiguration.builder()
                            .durable("D")
                            .ackWait(Duration.ofSeconds(7))
                            .build()));
            ConsumerConfiguration named =
                    ConsumerConfiguration.builder().name("N").build();
            String namedFirst = outcome(() -> jsm.createConsumer("CA", named));
            String namedAgain = outcome(() -> jsm.createConsumer("CA", named));
            JetStreamManagement legacy = c.jetStreamManagement(
                    JetStreamOptions.builder().optOut290ConsumerCreate(true).build());
            ConsumerConfiguration l1 = ConsumerConfiguration.builder()
                    .durable("L")
                    .filterSubject("ca.a")
                    .build();
            String legacyFirst = outcome(() -> legacy.createConsumer("CA", l1));
            String legacyAgain = outcome(() -> legacy.createConsumer("CA", l1));
            String legacyOther = outcome(() -> legacy.createConsumer(
                    "CA",
                    ConsumerConfiguration.builder()
                            .durable("L")
                            .filterSubject("ca.b")
                            .build()));
            return "same=" + same + " other=" + other + " filtered=" + filtered + " metadata=" + metadataOnly
                    + " update=" + updated
                    + " named=" + namedFirst + "/" + namedAgain + " legacy=" + legacyFirst + "/" + legacyAgain + "/"
                    + legacyOther;
        });
    }

    @Test
    void pushBoundIsFalseAfterTheLastSubscriberLeaves() throws Exception {
        same(c -> {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("PB")
                    .subjects("pb.>")
                    .storageType(StorageType.Memory)
                    .build());
            jsm.addOrUpdateConsumer(
                    "PB",
                    ConsumerConfiguration.builder()
                            .durable("P")
                            .deliverSubject("deliver.pb")
                            .build());
            JetStream js = c.jetStream();
            JetStreamSubscription sub = js.subscribe(null, PushSubscribeOptions.bind("PB", "P"));
            c.flush(Duration.ofSeconds(2));
            boolean boundWhileSubscribed = jsm.getConsumerInfo("PB", "P").isPushBound();
            sub.unsubscribe();
            c.flush(Duration.ofSeconds(2));
            if (c == ours) {
                // this broker checks interest when info is asked; nats-server updates it a moment later
                assertThat(jsm.getConsumerInfo("PB", "P").isPushBound()).isFalse();
            }
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> !jsm.getConsumerInfo("PB", "P").isPushBound());
            boolean boundAfter = jsm.getConsumerInfo("PB", "P").isPushBound();
            JetStreamSubscription again = js.subscribe(null, PushSubscribeOptions.bind("PB", "P"));
            js.publish("pb.x", "hello".getBytes(StandardCharsets.UTF_8));
            Message m = again.nextMessage(Duration.ofSeconds(5));
            again.unsubscribe();
            return "bound=" + boundWhileSubscribed + " after=" + boundAfter + " rebound got="
                    + (m == null ? null : new String(m.getData(), StandardCharsets.UTF_8));
        });
    }

    @Test
    void mirrorDirectWithoutAMirrorIsAcceptedOnUpdate() throws Exception {
        same(c -> {
            JetStreamManagement jsm = c.jetStreamManagement();
            StreamConfiguration.Builder b =
                    StreamConfiguration.builder().name("MD").subjects("md.>").storageType(StorageType.Memory);
            String create = outcome(() -> jsm.addStream(b.mirrorDirect(true).build()));
            jsm.addStream(b.mirrorDirect(false).build());
            String on = outcome(() -> "mirror_direct="
                    + jsm.updateStream(b.mirrorDirect(true).build())
                            .getConfiguration()
                            .getMirrorDirect());
            String off = outcome(() -> "mirror_direct="
                    + jsm.updateStream(b.mirrorDirect(false).build())
                            .getConfiguration()
                            .getMirrorDirect());
            return "create=" + create + " update on=" + on + " off=" + off;
        });
    }

    @Test
    void numWaitingIsZeroAfterAClosedConsume() throws Exception {
        same(c -> {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("NW")
                    .subjects("nw.>")
                    .storageType(StorageType.Memory)
                    .build());
            jsm.addOrUpdateConsumer(
                    "NW", ConsumerConfiguration.builder().durable("W").build());
            ConsumerContext cc = c.getStreamContext("NW").getConsumerContext("W");
            MessageConsumer mc = cc.consume(Message::ack);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jsm.getConsumerInfo("NW", "W").getNumWaiting() > 0);
            mc.stop();
            mc.close();
            return "num_waiting after close=" + jsm.getConsumerInfo("NW", "W").getNumWaiting();
        });
    }

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    private static String outcome(Call call) {
        try {
            Object r = call.call();
            return r instanceof String s ? s : "ok";
        } catch (JetStreamApiException e) {
            return "error " + e.getApiErrorCode() + " " + e.getErrorDescription();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
