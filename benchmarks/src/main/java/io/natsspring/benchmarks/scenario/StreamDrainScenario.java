package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.StreamContext;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.SequenceTracker;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.List;
import java.util.Map;

/**
 * Consumer throughput: a file stream is pre-filled (untimed, with the ack-window publisher), then drained by a
 * pull consumer that acks each message explicitly, or by an ordered consumer (no acks). In seconds mode the fill
 * runs for the budget's duration; the drain is what is timed.
 */
final class StreamDrainScenario extends PhasedScenario {

    private static final int BATCH = 500;

    private final boolean ordered;

    private StreamDrainScenario(String name, String description, boolean ordered) {
        super(name, description, Kind.THROUGHPUT, true, List.of(128));
        this.ordered = ordered;
    }

    static StreamDrainScenario pull() {
        return new StreamDrainScenario(
                "js_pull_drain", "JetStream pull consumer (explicit ack) drain of a filled file stream", false);
    }

    static StreamDrainScenario orderedConsumer() {
        return new StreamDrainScenario(
                "js_ordered_drain", "JetStream ordered consumer drain of a filled file stream", true);
    }

    @Override
    @SuppressWarnings("try") // IterableConsumer.close() declares InterruptedException among others
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection producer = context.connection("producer");
        context.requireJetStream(producer);
        try (TemporaryStream stream =
                new TemporaryStream(producer, context.name(phase), context.subject(phase), StorageType.File)) {
            long n = new AsyncPublisher(producer.jetStream(), context.asyncWindow()).publish(stream, payloads, budget);
            Connection consumerConnection = context.connection("consumer");
            StreamContext streamContext = consumerConnection.getStreamContext(stream.name());
            ConsumeOptions options = ConsumeOptions.builder().batchSize(BATCH).build();
            SequenceTracker tracker = new SequenceTracker(ordered ? "ordered consumer" : "pull consumer");

            ResourceMeter.Span span = context.meter().begin();
            try (IterableConsumer consumer = ordered
                    ? streamContext
                            .createOrderedConsumer(new OrderedConsumerConfiguration())
                            .iterate(options)
                    : streamContext
                            .createOrUpdateConsumer(ConsumerConfiguration.builder()
                                    .durable(context.name(phase) + "_pull")
                                    .ackPolicy(AckPolicy.Explicit)
                                    .build())
                            .iterate(options)) {
                for (long i = 1; i <= n; i++) {
                    Message m = consumer.nextMessage(ScenarioContext.STALL_TIMEOUT);
                    if (m == null) {
                        throw new VerificationException("consumer stalled after " + (i - 1) + " of " + n + " messages");
                    }
                    long seq = payloads.sequenceOf(m.getData());
                    if (seq != m.metaData().streamSequence()) {
                        throw new VerificationException("stream sequence "
                                + m.metaData().streamSequence() + " carries the body of message " + seq);
                    }
                    tracker.record(seq);
                    if (!ordered) {
                        m.ack();
                    }
                }
                consumerConnection.flush(ScenarioContext.STALL_TIMEOUT);
                ResourceUsage usage = span.end();
                Expectations.eachReceivedAllInOrder(n, List.of(tracker));
                return new Measurement(n, payloads.size(), usage, null, Map.of("batch", Integer.toString(BATCH)));
            }
        }
    }
}
