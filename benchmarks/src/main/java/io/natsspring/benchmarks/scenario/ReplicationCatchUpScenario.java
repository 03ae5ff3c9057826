package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Mirror;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.List;
import java.util.Map;

/**
 * Mirror / source throughput: a file stream is pre-filled (untimed), then a mirror (or a stream sourcing it) is
 * created and the time until it holds every message is measured — the internal consumer, flow control and the
 * target's writer together, as messages per second of catch-up.
 */
final class ReplicationCatchUpScenario extends PhasedScenario {

    private static final long POLL_MILLIS = 5;

    private final boolean mirror;

    private ReplicationCatchUpScenario(String name, String description, boolean mirror) {
        super(name, description, Kind.THROUGHPUT, true, List.of(128));
        this.mirror = mirror;
    }

    static ReplicationCatchUpScenario mirror() {
        return new ReplicationCatchUpScenario(
                "js_mirror_catchup", "JetStream mirror catching up with a filled file stream", true);
    }

    static ReplicationCatchUpScenario source() {
        return new ReplicationCatchUpScenario(
                "js_source_catchup", "JetStream stream sourcing a filled file stream (catch-up)", false);
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection producer = context.connection("producer");
        context.requireJetStream(producer);
        JetStreamManagement jsm = producer.jetStreamManagement();
        try (TemporaryStream origin =
                new TemporaryStream(producer, context.name(phase), context.subject(phase), StorageType.File)) {
            long n = new AsyncPublisher(producer.jetStream(), context.asyncWindow()).publish(origin, payloads, budget);
            String target = context.name(phase) + (mirror ? "_mirror" : "_source");
            StreamConfiguration.Builder config =
                    StreamConfiguration.builder().name(target).storageType(StorageType.File);
            if (mirror) {
                config.mirror(Mirror.builder().sourceName(origin.name()).build());
            } else {
                config.sources(Source.builder().sourceName(origin.name()).build());
            }
            ResourceMeter.Span span = context.meter().begin();
            jsm.addStream(config.build());
            try {
                long stalledSince = System.nanoTime();
                long last = 0;
                while (true) {
                    long have = jsm.getStreamInfo(target).getStreamState().getMsgCount();
                    if (have >= n) {
                        break;
                    }
                    if (have != last) {
                        last = have;
                        stalledSince = System.nanoTime();
                    } else if (System.nanoTime() - stalledSince > ScenarioContext.STALL_TIMEOUT.toNanos()) {
                        throw new VerificationException(target + " stalled at " + have + " of " + n + " messages");
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                ResourceUsage usage = span.end();
                long have = jsm.getStreamInfo(target).getStreamState().getMsgCount();
                if (have != n) {
                    throw new VerificationException(target + " holds " + have + " messages, expected " + n);
                }
                return new Measurement(n, payloads.size(), usage, null, Map.of("mode", mirror ? "mirror" : "source"));
            } finally {
                jsm.deleteStream(target);
            }
        }
    }
}
