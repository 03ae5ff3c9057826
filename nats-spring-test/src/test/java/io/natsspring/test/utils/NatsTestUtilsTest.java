package io.natsspring.test.utils;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.natsspring.test.EmbeddedNatsBroker;
import io.natsspring.test.NatsBrokerUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.natsspring.test.assertj.NatsAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EmbeddedNatsBroker(jetStream = true)
class NatsTestUtilsTest {

    private static Connection nc;

    @BeforeAll
    static void connect(@NatsBrokerUrl String url) throws Exception {
        nc = Nats.connect(Options.builder().server(url).connectionTimeout(Duration.ofSeconds(10)).build());
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
    }

    @AfterAll
    static void close() throws InterruptedException {
        nc.close();
    }

    // snippet: docs/testing.md "Receiving messages of a subject"
    @Test
    void recordsTheNextMessagesOfASubject() {
        try (SubjectRecorder orders = NatsTestUtils.record(nc, "events.>")) {
            Headers headers = new Headers().add("Nats-Msg-Id", "o-1");
            nc.publish("events.created", headers, "{\"id\":\"o-1\",\"total\":42}".getBytes(StandardCharsets.UTF_8));
            nc.publish("events.paid", "o-1".getBytes(StandardCharsets.UTF_8));

            List<Message> received = orders.next(2, Duration.ofSeconds(5));

            assertThat(received.get(0)).hasSubject("events.created").hasHeader("Nats-Msg-Id", "o-1")
                    .hasJsonPayload("{\"total\": 42, \"id\": \"o-1\"}");
            assertThat(received.get(1)).hasSubject("events.paid").hasPayload("o-1");
            orders.expectNone(Duration.ofMillis(100));
        }
    }
    // end snippet

    @Test
    void tooFewMessagesFailWithWhatArrived() {
        try (SubjectRecorder recorder = NatsTestUtils.record(nc, "few.>")) {
            nc.publish("few.one", "1".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> recorder.next(2, Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Expected 2 message(s) on 'few.>'")
                    .hasMessageContaining("received 1: [few.one '1']");
        }
    }

    // snippet: docs/testing.md "Reading a stream"
    @Test
    void readsTheMessagesOfAStream() throws Exception {
        JetStream js = nc.jetStream();
        js.publish("orders.a", "first".getBytes(StandardCharsets.UTF_8));
        js.publish("orders.b", "second".getBytes(StandardCharsets.UTF_8));
        js.publish("orders.a", "third".getBytes(StandardCharsets.UTF_8));

        List<Message> onA = NatsTestUtils.streamMessages(nc, "ORDERS", "orders.a", 2, Duration.ofSeconds(5));

        assertThat(onA).extracting(m -> new String(m.getData(), StandardCharsets.UTF_8))
                .containsExactly("first", "third");
    }
    // end snippet

    @Test
    void waitsForStreamMessagesStoredLater() throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("LATER").subjects("later.>").build());
        CompletableFuture<List<Message>> reading = CompletableFuture.supplyAsync(
                () -> NatsTestUtils.streamMessages(nc, "LATER", 1, Duration.ofSeconds(10)));
        nc.jetStream().publish("later.x", "late".getBytes(StandardCharsets.UTF_8));
        assertThat(reading.get(15, java.util.concurrent.TimeUnit.SECONDS)).singleElement()
                .satisfies(m -> assertThat(m).hasSubject("later.x").hasPayload("late"));
    }

    @Test
    void missingStreamMessagesFailWithTheCount() {
        assertThatThrownBy(() -> NatsTestUtils.streamMessages(nc, "ORDERS", "orders.none", 1, Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected 1 message(s) in stream 'ORDERS' on 'orders.none'");
    }

    // snippet: docs/testing.md "Awaiting a consumer drained"
    @Test
    void awaitsAConsumerDrained() throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("WORK").subjects("work.>").build());
        nc.jetStreamManagement().addOrUpdateConsumer("WORK", ConsumerConfiguration.builder().durable("worker")
                .filterSubject("work.>").build());
        for (int i = 0; i < 3; i++) {
            nc.jetStream().publish("work.item", ("job-" + i).getBytes(StandardCharsets.UTF_8));
        }
        JetStreamSubscription worker = nc.jetStream().subscribe("work.>", PullSubscribeOptions.bind("WORK", "worker"));
        CompletableFuture.runAsync(() -> worker.fetch(3, Duration.ofSeconds(5)).forEach(Message::ack));

        ConsumerInfo drained = NatsTestUtils.awaitConsumerDrained(nc, "WORK", "worker", Duration.ofSeconds(10));

        assertThat(drained.getDelivered().getStreamSequence()).isEqualTo(3);
    }
    // end snippet

    @Test
    void aConsumerWithPendingMessagesIsNotDrained() throws Exception {
        nc.jetStreamManagement().addStream(StreamConfiguration.builder().name("IDLE").subjects("idle.>").build());
        nc.jetStreamManagement().addOrUpdateConsumer("IDLE", ConsumerConfiguration.builder().durable("idle").build());
        nc.jetStream().publish("idle.x", new byte[0]);
        assertThatThrownBy(() -> NatsTestUtils.awaitConsumerDrained(nc, "IDLE", "idle", Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Consumer 'idle' of stream 'IDLE' not drained")
                .hasMessageContaining("num_pending=1");
    }

    // snippet: docs/testing.md "Reading a Key-Value entry"
    @Test
    void readsAKeyValueEntryEventually() throws Exception {
        nc.keyValueManagement().create(KeyValueConfiguration.builder().name("profiles").build());
        KeyValue profiles = nc.keyValue("profiles");
        CompletableFuture.runAsync(() -> {
            try {
                profiles.put("alice", "v1");
                profiles.put("alice", "v2");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        String value = NatsTestUtils.awaitKeyValueString(nc, "profiles", "alice", Duration.ofSeconds(5));
        assertThat(value).startsWith("v");
        assertThat(NatsTestUtils.awaitKeyValue(nc, "profiles", "alice", e -> e.getValueAsString().equals("v2"),
                Duration.ofSeconds(5)).getRevision()).isEqualTo(2);
    }
    // end snippet

    @Test
    void aMissingKeyFailsWithTheBucketAndKey() throws Exception {
        nc.keyValueManagement().create(KeyValueConfiguration.builder().name("empty").build());
        assertThatThrownBy(() -> NatsTestUtils.awaitKeyValue(nc, "empty", "nobody", Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Key 'nobody' of bucket 'empty' not as expected")
                .hasMessageContaining("no entry");
    }
}
