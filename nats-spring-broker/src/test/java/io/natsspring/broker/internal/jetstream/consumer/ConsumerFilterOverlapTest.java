package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Consumer filter overlap checks through jnats: thousands of literal filters are checked without comparing every
 * pair, and an overlap, a duplicate or a work-queue clash still gets nats-server's error code.
 */
@Timeout(60)
class ConsumerFilterOverlapTest extends JetStreamTestSupport {

    private static final int MANY = 3_000;

    @BeforeEach
    void setUp() throws Exception {
        startAndConnect();
        createStream("ORDERS", StorageType.Memory, "orders.>");
    }

    @Test
    void thousandsOfLiteralFiltersAreAccepted() throws Exception {
        ConsumerInfo ci = jsm.addOrUpdateConsumer(
                "ORDERS",
                ConsumerConfiguration.builder()
                        .durable("many")
                        .filterSubjects(literals("orders.x.", MANY))
                        .build());
        assertThat(ci.getConsumerConfiguration().getFilterSubjects()).hasSize(MANY);
    }

    @Test
    void overlapAmongManyFiltersIsRefused() throws Exception {
        List<String> withWildcard = literals("orders.x.", MANY);
        withWildcard.add("orders.x.*");
        apiError(
                10138,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("w")
                                .filterSubjects(withWildcard)
                                .build()));
        List<String> withDuplicate = literals("orders.x.", MANY);
        withDuplicate.add("orders.x.17");
        apiError(
                10138,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("d")
                                .filterSubjects(withDuplicate)
                                .build()));
        apiError(
                10138,
                () -> jsm.addOrUpdateConsumer(
                        "ORDERS",
                        ConsumerConfiguration.builder()
                                .durable("g")
                                .filterSubjects("orders.>", "orders.a.b")
                                .build()));
    }

    @Test
    void workQueueConsumersWithManyFiltersMustNotShareSubjects() throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name("WQ")
                .subjects("wq.>")
                .storageType(StorageType.Memory)
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .build());
        jsm.addOrUpdateConsumer(
                "WQ",
                ConsumerConfiguration.builder()
                        .durable("a")
                        .ackPolicy(AckPolicy.Explicit)
                        .filterSubjects(literals("wq.a.", MANY))
                        .build());
        apiError(
                10100,
                () -> jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                                .durable("b")
                                .ackPolicy(AckPolicy.Explicit)
                                .filterSubjects("wq.b.1", "wq.a.2999")
                                .build()));
        apiError(
                10100,
                () -> jsm.addOrUpdateConsumer(
                        "WQ",
                        ConsumerConfiguration.builder()
                                .durable("b")
                                .ackPolicy(AckPolicy.Explicit)
                                .filterSubjects("wq.*.5")
                                .build()));
        jsm.addOrUpdateConsumer(
                "WQ",
                ConsumerConfiguration.builder()
                        .durable("b")
                        .ackPolicy(AckPolicy.Explicit)
                        .filterSubjects(literals("wq.b.", MANY))
                        .build());
    }

    private static List<String> literals(String prefix, int n) {
        List<String> out = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }
}
