package io.natsspring.broker.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, crash durability: {@code kill -9} of the standalone broker at random moments under async JetStream
 * publishes to a file stream, KV puts and double-acked ({@code ackSync}) durable-consumer acks, for
 * {@value #ROUNDS} rounds (system property {@code natsspring.faults.crash.rounds}). After every restart each
 * acknowledged message and KV revision must be there, and no double-acked message may be delivered again.
 */
@Timeout(300)
class CrashDurabilityFaultTest {

    private static final int ROUNDS = Integer.getInteger("natsspring.faults.crash.rounds", 8);
    private static final int KEYS = 50;
    private static final int MAX_IN_FLIGHT = 256;

    /** Acknowledged stream publishes: sequence to payload. */
    private final Map<Long, String> ackedPublishes = new ConcurrentHashMap<>();
    /** Per key, the last acknowledged revision and its value. */
    private final Map<String, long[]> ackedRevisions = new ConcurrentHashMap<>();

    private final Map<String, String> ackedValues = new ConcurrentHashMap<>();
    /** Stream sequences whose ack the broker confirmed. */
    private final Set<Long> doubleAcked = ConcurrentHashMap.newKeySet();

    private long ackedPuts;
    private long lost;
    private long duplicated;

    @Test
    void acknowledgedDataSurvivesKillNine(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("natsspring.faults.seed", System.nanoTime());
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (BrokerProcess broker =
                BrokerProcess.start(dir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), List.of())) {
            setUp(broker);
            for (int round = 0; round < ROUNDS; round++) {
                prefillAcks(broker, round);
                long t0 = System.nanoTime();
                runLoadAndKill(broker, round, 300 + random.nextInt(1200));
                long t1 = System.nanoTime();
                broker.restart();
                long t2 = System.nanoTime();
                verify(broker);
                System.out.printf(
                        "round %d: load+kill %.1f s, restart %.1f s, verify %.1f s; %d published, %d KV puts, %d"
                                + " double-acked so far%n",
                        round,
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9,
                        (System.nanoTime() - t2) / 1e9,
                        ackedPublishes.size(),
                        ackedPuts,
                        doubleAcked.size());
            }
            verifyWholeStream(broker);
            assertThat(broker.terminate(Duration.ofSeconds(20))).isNotEqualTo(-1);
        }
        System.out.printf(
                "CrashDurabilityFaultTest: seed %d, %d rounds, %d publishes acked, %d KV puts acked, %d messages"
                        + " double-acked, lost %d, duplicated %d, %.1f s%n",
                seed,
                ROUNDS,
                ackedPublishes.size(),
                ackedPuts,
                doubleAcked.size(),
                lost,
                duplicated,
                (System.nanoTime() - started) / 1e9);
        assertThat(ackedPublishes).isNotEmpty();
        assertThat(ackedPuts).isPositive();
        assertThat(doubleAcked).isNotEmpty();
        assertThat(lost).as("acknowledged but lost").isZero();
        assertThat(duplicated).as("double-acked but redelivered").isZero();
    }

    private void setUp(BrokerProcess broker) throws Exception {
        try (Connection c = broker.connect()) {
            JetStreamManagement jsm = c.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder()
                    .name("DUR")
                    .subjects("dur.>")
                    .storageType(StorageType.File)
                    .build());
            jsm.addStream(StreamConfiguration.builder()
                    .name("ACKS")
                    .subjects("acks.>")
                    .storageType(StorageType.File)
                    .build());
            jsm.addOrUpdateConsumer(
                    "ACKS",
                    ConsumerConfiguration.builder()
                            .durable("worker")
                            .ackPolicy(AckPolicy.Explicit)
                            .ackWait(Duration.ofSeconds(2))
                            .build());
            c.keyValueManagement()
                    .create(KeyValueConfiguration.builder()
                            .name("kvdur")
                            .storageType(StorageType.File)
                            .maxHistoryPerKey(1)
                            .build());
        }
    }

    private void prefillAcks(BrokerProcess broker, int round) throws Exception {
        try (Connection c = broker.connect()) {
            JetStream js = c.jetStream();
            ArrayDeque<CompletableFuture<PublishAck>> futures = new ArrayDeque<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(
                        js.publishAsync("acks." + round, ("a-" + round + "-" + i).getBytes(StandardCharsets.UTF_8)));
                if (futures.size() >= MAX_IN_FLIGHT) {
                    futures.poll().get(10, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<PublishAck> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private void runLoadAndKill(BrokerProcess broker, int round, long killAfterMillis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Connection pubConn = broker.connect();
        Connection kvConn = broker.connect();
        Connection ackConn = broker.connect();
        Thread publisher = new Thread(() -> publish(pubConn, round, stop), "crash-publisher");
        Thread putter = new Thread(() -> put(kvConn, round, stop), "crash-kv");
        Thread acker = new Thread(() -> ack(ackConn, stop), "crash-acker");
        publisher.start();
        putter.start();
        acker.start();
        Thread.sleep(killAfterMillis);
        broker.kill();
        stop.set(true);
        for (Thread t : List.of(publisher, putter, acker)) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Connection c : List.of(pubConn, kvConn, ackConn)) {
            c.close();
        }
    }

    private void publish(Connection c, int round, AtomicBoolean stop) {
        JetStream js;
        try {
            js = c.jetStream();
        } catch (Exception e) {
            return;
        }
        ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        for (int i = 0; !stop.get(); i++) {
            String payload = "p-" + round + "-" + i;
            try {
                CompletableFuture<PublishAck> f = js.publishAsync(
                        "dur." + (i % 10),
                        payload.getBytes(StandardCharsets.UTF_8),
                        PublishOptions.builder().messageId(payload).build());
                inFlight.add(f.thenAccept(ack -> {
                    if (!ack.isDuplicate()) {
                        ackedPublishes.put(ack.getSeqno(), payload);
                    }
                }));
                if (inFlight.size() >= MAX_IN_FLIGHT) {
                    inFlight.poll().get(5, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                if (c.getStatus() != Connection.Status.CONNECTED) {
                    return;
                }
            }
        }
    }

    private void put(Connection c, int round, AtomicBoolean stop) {
        try {
            KeyValue kv = c.keyValue("kvdur");
            for (int i = 0; !stop.get(); i++) {
                String key = "k" + (i % KEYS);
                String value = "v-" + round + "-" + i;
                long rev = kv.put(key, value.getBytes(StandardCharsets.UTF_8));
                synchronized (this) {
                    ackedPuts++;
                    ackedRevisions.put(key, new long[] {rev});
                    ackedValues.put(key, value);
                }
            }
        } catch (Exception e) {
            // the broker was killed
        }
    }

    private void ack(Connection c, AtomicBoolean stop) {
        try {
            JetStreamSubscription sub = c.jetStream().subscribe(null, PullSubscribeOptions.bind("ACKS", "worker"));
            while (!stop.get()) {
                for (Message m : sub.fetch(20, Duration.ofMillis(500))) {
                    long seq = m.metaData().streamSequence();
                    m.ackSync(Duration.ofSeconds(2));
                    doubleAcked.add(seq);
                }
            }
        } catch (Exception e) {
            // the broker was killed
        }
    }

    private void verify(BrokerProcess broker) throws Exception {
        try (Connection c = broker.connect()) {
            JetStreamManagement jsm = c.jetStreamManagement();
            StreamState state = jsm.getStreamInfo("DUR").getStreamState();
            long last = state.getLastSequence();
            for (long seq : ackedPublishes.keySet()) {
                if (seq > last) {
                    lost++;
                    System.out.println("lost: acknowledged sequence " + seq + " > last " + last);
                }
            }
            if (state.getMsgCount() != last) {
                lost += last - state.getMsgCount();
                System.out.println("gap: " + state.getMsgCount() + " messages up to sequence " + last);
            }
            KeyValue kv = c.keyValue("kvdur");
            for (Map.Entry<String, long[]> e : ackedRevisions.entrySet()) {
                KeyValueEntry entry = kv.get(e.getKey());
                long rev = e.getValue()[0];
                if (entry == null
                        || entry.getRevision() < rev
                        || (entry.getRevision() == rev
                                && !ackedValues.get(e.getKey()).equals(entry.getValueAsString()))) {
                    lost++;
                    System.out.println("lost: key " + e.getKey() + " revision " + rev + ", found " + entry);
                }
            }
            // whatever the worker gets now must not have been acknowledged with ackSync before the kill
            JetStreamSubscription sub = c.jetStream().subscribe(null, PullSubscribeOptions.bind("ACKS", "worker"));
            for (Message m : sub.fetch(500, Duration.ofSeconds(1))) {
                long seq = m.metaData().streamSequence();
                if (doubleAcked.contains(seq)) {
                    duplicated++;
                    System.out.println("redelivered after a confirmed ack: " + seq);
                }
                m.ackSync(Duration.ofSeconds(2));
                doubleAcked.add(seq);
            }
            sub.unsubscribe();
        }
    }

    /** Reads the whole stream once: every acknowledged sequence holds the payload that was published. */
    private void verifyWholeStream(BrokerProcess broker) throws Exception {
        try (Connection c = broker.connect()) {
            JetStreamSubscription sub = c.jetStream()
                    .subscribe(
                            "dur.>",
                            PullSubscribeOptions.builder()
                                    .configuration(ConsumerConfiguration.builder()
                                            .ackPolicy(AckPolicy.None)
                                            .build())
                                    .build());
            long last = c.jetStreamManagement()
                    .getStreamInfo("DUR")
                    .getStreamState()
                    .getLastSequence();
            Map<Long, String> stored = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stored.size() < last && System.nanoTime() < deadline) {
                List<Message> batch = sub.fetch(1_000, Duration.ofSeconds(2));
                if (batch.isEmpty()) {
                    break;
                }
                for (Message m : batch) {
                    stored.put(m.metaData().streamSequence(), new String(m.getData(), StandardCharsets.UTF_8));
                }
            }
            System.out.printf("read back %d of %d messages%n", stored.size(), last);
            for (Map.Entry<Long, String> e : ackedPublishes.entrySet()) {
                if (!e.getValue().equals(stored.get(e.getKey()))) {
                    lost++;
                    System.out.println("lost: sequence " + e.getKey() + " expected " + e.getValue() + ", found "
                            + stored.get(e.getKey()));
                }
            }
        }
    }
}
