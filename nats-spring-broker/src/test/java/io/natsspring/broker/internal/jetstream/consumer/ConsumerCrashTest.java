package io.natsspring.broker.internal.jetstream.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.internal.jetstream.ChildBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a broker JVM ({@code kill -9}) while a durable consumer has confirmed and unconfirmed work; after a
 * restart no double-acked message comes back and every other message is delivered.
 */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
class ConsumerCrashTest {

    @TempDir
    Path storeDir;

    private Process startChild(int[] port) throws Exception {
        ChildBroker child = ChildBroker.start(storeDir);
        port[0] = child.port();
        return child.process();
    }

    private static Connection connect(int port) throws Exception {
        return ChildBroker.connect(port);
    }

    @Test
    void doubleAckedWorkStaysDoneAfterKill() throws Exception {
        int[] port = new int[1];
        Process first = startChild(port);
        Set<Long> confirmed = new HashSet<>();
        try (Connection nc = connect(port[0])) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("K")
                            .subjects("k")
                            .storageType(StorageType.File)
                            .build());
            nc.jetStreamManagement()
                    .addOrUpdateConsumer(
                            "K",
                            ConsumerConfiguration.builder()
                                    .durable("d")
                                    .ackPolicy(AckPolicy.Explicit)
                                    .ackWait(Duration.ofMillis(500))
                                    .build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 300; i++) {
                js.publish("k", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("K", "d"));
            List<Message> got = sub.fetch(200, Duration.ofSeconds(2));
            assertThat(got).hasSize(200);
            for (int i = 0; i < 150; i++) {
                got.get(i).ackSync(Duration.ofSeconds(2));
                confirmed.add(got.get(i).metaData().streamSequence());
            }
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        Process second = startChild(port);
        try (Connection nc = connect(port[0])) {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind("K", "d"));
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 150 && System.nanoTime() < deadline) {
                for (Message m : sub.fetch(100, Duration.ofMillis(500))) {
                    long seq = m.metaData().streamSequence();
                    assertThat(confirmed).as("double-acked message came back").doesNotContain(seq);
                    seen.add(seq);
                    m.ack();
                }
            }
            assertThat(seen).hasSize(150);
            assertThat(seen).allMatch(s -> s > 150 && s <= 300);
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Confirmed acks sent all at once (many in flight, so they share state writes): the broker is killed while some
     * are still unconfirmed; none of the confirmed ones comes back and every message never acked is delivered.
     */
    @Test
    void pipelinedDoubleAcksConfirmedBeforeKillStayDone() throws Exception {
        int[] port = new int[1];
        Process first = startChild(port);
        Set<Long> confirmed = new HashSet<>();
        try (Connection nc = connect(port[0])) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("P")
                            .subjects("p")
                            .storageType(StorageType.File)
                            .build());
            nc.jetStreamManagement()
                    .addOrUpdateConsumer(
                            "P",
                            ConsumerConfiguration.builder()
                                    .durable("d")
                                    .ackPolicy(AckPolicy.Explicit)
                                    .ackWait(Duration.ofMillis(500))
                                    .build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 300; i++) {
                js.publish("p", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("P", "d"));
            List<Message> got = sub.fetch(200, Duration.ofSeconds(2));
            assertThat(got).hasSize(200);
            List<CompletableFuture<Message>> acks = new ArrayList<>();
            for (Message m : got) {
                acks.add(nc.request(m.getReplyTo(), "+ACK".getBytes(StandardCharsets.UTF_8)));
            }
            acks.get(99).get(5, TimeUnit.SECONDS);
            for (int i = 0; i < acks.size(); i++) {
                CompletableFuture<Message> f = acks.get(i);
                if (f.isDone() && !f.isCompletedExceptionally()) {
                    confirmed.add(got.get(i).metaData().streamSequence());
                }
            }
            assertThat(confirmed).isNotEmpty();
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }

        Process second = startChild(port);
        try (Connection nc = connect(port[0])) {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind("P", "d"));
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!seen.containsAll(neverAcked()) && System.nanoTime() < deadline) {
                for (Message m : sub.fetch(100, Duration.ofMillis(500))) {
                    long seq = m.metaData().streamSequence();
                    assertThat(confirmed).as("double-acked message came back").doesNotContain(seq);
                    seen.add(seq);
                    m.ack();
                }
            }
            assertThat(seen).containsAll(neverAcked());
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A journal record torn by the kill (its header promises more bytes than were written, or its checksum does
     * not match): the restarted broker ignores it, restores the confirmed acks before it and keeps working.
     */
    @Test
    void aTornJournalTailIsIgnoredAfterKill() throws Exception {
        int[] port = new int[1];
        Process first = startChild(port);
        Set<Long> confirmed = new HashSet<>();
        try (Connection nc = connect(port[0])) {
            nc.jetStreamManagement()
                    .addStream(StreamConfiguration.builder()
                            .name("T")
                            .subjects("t")
                            .storageType(StorageType.File)
                            .build());
            nc.jetStreamManagement()
                    .addOrUpdateConsumer(
                            "T",
                            ConsumerConfiguration.builder()
                                    .durable("d")
                                    .ackPolicy(AckPolicy.Explicit)
                                    .ackWait(Duration.ofMillis(500))
                                    .build());
            JetStream js = nc.jetStream();
            for (int i = 1; i <= 100; i++) {
                js.publish("t", ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            JetStreamSubscription sub = js.subscribe(null, PullSubscribeOptions.bind("T", "d"));
            List<Message> got = sub.fetch(50, Duration.ofSeconds(2));
            assertThat(got).hasSize(50);
            for (Message m : got) {
                m.ackSync(Duration.ofSeconds(2));
                confirmed.add(m.metaData().streamSequence());
            }
        } finally {
            first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path journal;
        try (var files = Files.walk(storeDir)) {
            journal = files.filter(p -> p.getFileName().toString().equals("state.journal")
                            && p.getParent().getFileName().toString().equals("d"))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(Files.size(journal)).as("confirmed acks are journalled").isPositive();
        // a record promising 4 KiB with only a few bytes written, as a kill in the middle of a write leaves it
        Files.write(
                journal,
                ByteBuffer.allocate(14)
                        .putInt(4096)
                        .putInt(0x1234)
                        .putShort((short) 1)
                        .array(),
                StandardOpenOption.APPEND);

        Process second = startChild(port);
        try (Connection nc = connect(port[0])) {
            JetStreamSubscription sub = nc.jetStream().subscribe(null, PullSubscribeOptions.bind("T", "d"));
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (seen.size() < 50 && System.nanoTime() < deadline) {
                for (Message m : sub.fetch(100, Duration.ofMillis(500))) {
                    long seq = m.metaData().streamSequence();
                    assertThat(confirmed).as("double-acked message came back").doesNotContain(seq);
                    seen.add(seq);
                    m.ackSync(Duration.ofSeconds(2));
                }
            }
            assertThat(seen).hasSize(50).allMatch(s -> s > 50 && s <= 100);
        } finally {
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // the acks confirmed after the restart follow valid records (the torn tail was folded away)
        assertThat(ConsumerJournal.readLast(journal.getParent()).ackFloorStreamSeq())
                .isEqualTo(100);
    }

    private static Set<Long> neverAcked() {
        Set<Long> s = new HashSet<>();
        for (long i = 201; i <= 300; i++) {
            s.add(i);
        }
        return s;
    }
}
