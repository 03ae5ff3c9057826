package io.natsspring.broker.internal.jetstream.priority;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PriorityGroupState;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Priority groups through jnats' own API ({@code priorityPolicy}, {@code fetch} with a group, {@code unpinConsumer},
 * {@code resetConsumer}) and across a restart: the configuration is kept with the durable consumer, the pin is not
 * (as in {@code nats-server}, which keeps it in memory).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PriorityGroupsTest extends JetStreamTestSupport {

    @Test
    void pinnedClientThroughJnatsAndAcrossARestart() throws Exception {
        startAndConnect();
        createStream("PG", StorageType.File, "pg.>");
        for (int i = 0; i < 10; i++) {
            js.publish("pg.m", new byte[] {(byte) i});
        }
        jsm.addOrUpdateConsumer(
                "PG",
                ConsumerConfiguration.builder()
                        .durable("C")
                        .ackPolicy(AckPolicy.Explicit)
                        .priorityPolicy(PriorityPolicy.PinnedClient)
                        .priorityGroups("G")
                        .priorityTimeout(Duration.ofSeconds(30))
                        .build());
        ConsumerContext cc = nc.getConsumerContext("PG", "C");
        List<Message> got = new ArrayList<>();
        ConsumerInfo info;
        // jnats pins only consume()/iterate() consumers (fetch refuses pinned groups); it resends the pin id itself
        try (IterableConsumer ic = cc.iterate(
                ConsumeOptions.builder().batchSize(2).expiresIn(1000).group("G").build())) {
            for (int i = 0; i < 5; i++) {
                Message m = ic.nextMessage(Duration.ofSeconds(5));
                assertThat(m).isNotNull();
                m.ack();
                got.add(m);
            }
            info = jsm.getConsumerInfo("PG", "C");
            ic.stop();
        }
        String pin = got.get(0).getHeaders().getFirst("Nats-Pin-Id");
        assertThat(pin).hasSize(22);
        assertThat(got)
                .allSatisfy(
                        m -> assertThat(m.getHeaders().getFirst("Nats-Pin-Id")).isEqualTo(pin));
        PriorityGroupState state = info.getPriorityGroupStates().get(0);
        assertThat(state.getGroup()).isEqualTo("G");
        assertThat(state.getPinnedClientId()).isEqualTo(pin);
        assertThat(info.getConsumerConfiguration().getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);

        assertThat(jsm.unpinConsumer("PG", "C", "G")).isTrue();
        assertThat(jsm.getConsumerInfo("PG", "C")
                        .getPriorityGroupStates()
                        .get(0)
                        .getPinnedClientId())
                .isNull();

        ConsumerInfo reset = jsm.resetConsumer("PG", "C", 2);
        assertThat(reset.getDelivered().getStreamSequence()).isEqualTo(1);
        assertThat(reset.getNumPending()).isEqualTo(9);
        assertThat(reset.getNumAckPending()).isZero();

        nc.close();
        broker.close();
        startAndConnect();

        ConsumerInfo restored = jsm.getConsumerInfo("PG", "C");
        ConsumerConfiguration config = restored.getConsumerConfiguration();
        assertThat(config.getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);
        assertThat(config.getPriorityGroups()).containsExactly("G");
        assertThat(config.getPriorityTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(restored.getPriorityGroupStates().get(0).getPinnedClientId()).isNull();
        assertThat(restored.getNumPending()).isEqualTo(9);

        Message afterRestart;
        try (IterableConsumer ic = nc.getConsumerContext("PG", "C")
                .iterate(ConsumeOptions.builder()
                        .batchSize(1)
                        .expiresIn(1000)
                        .group("G")
                        .build())) {
            afterRestart = ic.nextMessage(Duration.ofSeconds(5));
            ic.stop();
        }
        assertThat(afterRestart).isNotNull();
        assertThat(afterRestart.getData()[0]).isEqualTo((byte) 1);
        String newPin = afterRestart.getHeaders().getFirst("Nats-Pin-Id");
        assertThat(newPin).isNotNull().isNotEqualTo(pin);
    }

    @Test
    void overflowAndPrioritizedThroughJnats() throws Exception {
        startAndConnect();
        createStream("OV", StorageType.Memory, "ov.>");
        for (int i = 0; i < 4; i++) {
            js.publish("ov.m", new byte[] {(byte) i});
        }
        jsm.addOrUpdateConsumer(
                "OV",
                ConsumerConfiguration.builder()
                        .durable("C")
                        .ackPolicy(AckPolicy.Explicit)
                        .priorityPolicy(PriorityPolicy.Overflow)
                        .priorityGroups("G")
                        .build());
        ConsumerContext cc = nc.getConsumerContext("OV", "C");
        assertThat(fetch(
                        cc,
                        FetchConsumeOptions.builder()
                                .maxMessages(1)
                                .expiresIn(1000)
                                .group("G")
                                .minPending(10)
                                .build()))
                .isEmpty();
        assertThat(fetch(
                        cc,
                        FetchConsumeOptions.builder()
                                .maxMessages(1)
                                .expiresIn(1000)
                                .group("G")
                                .minPending(4)
                                .build()))
                .hasSize(1);

        jsm.addOrUpdateConsumer(
                "OV",
                ConsumerConfiguration.builder()
                        .durable("P")
                        .ackPolicy(AckPolicy.Explicit)
                        .priorityPolicy(PriorityPolicy.Prioritized)
                        .priorityGroups("G")
                        .build());
        List<Message> got = fetch(
                nc.getConsumerContext("OV", "P"),
                FetchConsumeOptions.builder()
                        .maxMessages(4)
                        .expiresIn(1000)
                        .group("G")
                        .priority(3)
                        .build());
        assertThat(got).hasSize(4);
    }

    private static List<Message> fetch(ConsumerContext cc, FetchConsumeOptions options) throws Exception {
        List<Message> out = new ArrayList<>();
        try (FetchConsumer fc = cc.fetch(options)) {
            Message m;
            while ((m = fc.nextMessage()) != null) {
                out.add(m);
                m.ack();
            }
        }
        return out;
    }
}
