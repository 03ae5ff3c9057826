package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.ConsumerContext;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.SequenceTracker;
import io.natsspring.benchmarks.verify.VerificationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confirmed acknowledgements (the "double ack" of exactly-once processing): a file stream is pre-filled (untimed,
 * at most {@link #MAX_FILL} messages in seconds mode, so a slow server still finishes), then a durable pull
 * consumer is drained by {@code ackers} threads, each with its own pull subscription, acknowledging every message
 * with {@code ackSync} (a request that the server answers once the ack is stored). One acker shows the cost of one
 * confirmed ack; several keep several in flight, which a server can store together.
 */
final class AckSyncScenario extends PhasedScenario {

    static final long MAX_FILL = 10_000;
    private static final int BATCH = 100;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);

    private final int ackers;

    private AckSyncScenario(String name, String description, int ackers) {
        super(name, description, Kind.THROUGHPUT, true, List.of(128));
        this.ackers = ackers;
    }

    static AckSyncScenario single() {
        return new AckSyncScenario("js_ack_sync", "JetStream pull consumer, every ack confirmed (ackSync)", 1);
    }

    static AckSyncScenario parallel() {
        return new AckSyncScenario(
                "js_ack_sync_4", "JetStream pull consumer, every ack confirmed (ackSync), 4 ackers", 4);
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection producer = context.connection("producer");
        context.requireJetStream(producer);
        try (TemporaryStream stream =
                new TemporaryStream(producer, context.name(phase), context.subject(phase), StorageType.File)) {
            Budget fill = budget.msgs() > 0 ? budget : Budget.ofMessages(MAX_FILL);
            long n = new AsyncPublisher(producer.jetStream(), context.asyncWindow()).publish(stream, payloads, fill);
            Connection consumerConnection = context.connection("consumer");
            StreamContext streamContext = consumerConnection.getStreamContext(stream.name());
            ConsumerContext consumer = streamContext.createOrUpdateConsumer(ConsumerConfiguration.builder()
                    .durable(context.name(phase) + "_acksync")
                    .ackPolicy(AckPolicy.Explicit)
                    .build());
            AtomicLong received = new AtomicLong();
            List<SequenceTracker> trackers = new ArrayList<>();
            for (int i = 0; i < ackers; i++) {
                trackers.add(new SequenceTracker("acker " + i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(ackers);
            try {
                ResourceMeter.Span span = context.meter().begin();
                List<Future<Void>> workers = new ArrayList<>();
                for (SequenceTracker tracker : trackers) {
                    workers.add(pool.submit(() -> drain(consumer, payloads, tracker, received, n)));
                }
                for (Future<Void> w : workers) {
                    w.get(ScenarioContext.STALL_TIMEOUT.toSeconds() + n / 100, TimeUnit.SECONDS);
                }
                ResourceUsage usage = span.end();
                Expectations.exactlyOnceAcross(n, trackers);
                return new Measurement(
                        n,
                        payloads.size(),
                        usage,
                        null,
                        Map.of("batch", Integer.toString(BATCH), "ackers", Integer.toString(ackers)));
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @SuppressWarnings("try") // IterableConsumer.close() declares InterruptedException among others
    private static Void drain(
            ConsumerContext consumer, Payloads payloads, SequenceTracker tracker, AtomicLong received, long n)
            throws Exception {
        ConsumeOptions options = ConsumeOptions.builder().batchSize(BATCH).build();
        try (IterableConsumer it = consumer.iterate(options)) {
            long idleSince = System.nanoTime();
            while (received.get() < n) {
                Message m = it.nextMessage(Duration.ofMillis(100));
                if (m == null) {
                    if (System.nanoTime() - idleSince > ScenarioContext.STALL_TIMEOUT.toNanos()) {
                        throw new VerificationException(
                                "consumer stalled after " + received.get() + " of " + n + " messages");
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                long seq = payloads.sequenceOf(m.getData());
                if (seq != m.metaData().streamSequence()) {
                    throw new VerificationException(
                            "stream sequence " + m.metaData().streamSequence() + " carries the body of message " + seq);
                }
                tracker.record(seq);
                m.ackSync(ACK_TIMEOUT);
                received.incrementAndGet();
            }
            it.stop();
        }
        return null;
    }
}
