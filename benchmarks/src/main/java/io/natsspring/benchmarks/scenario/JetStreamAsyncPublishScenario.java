package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** JetStream publish throughput with a window of outstanding acks, to a file or memory stream. */
final class JetStreamAsyncPublishScenario extends PhasedScenario {

    private final StorageType storage;

    JetStreamAsyncPublishScenario(StorageType storage, List<Integer> sizes) {
        super(
                "js_pub_async_" + (storage == StorageType.File ? "file" : "mem"),
                "JetStream async publish throughput (ack window), "
                        + storage.toString().toLowerCase(Locale.ROOT) + " storage",
                Kind.THROUGHPUT,
                true,
                sizes);
        this.storage = storage;
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection nc = context.connection("pub");
        context.requireJetStream(nc);
        try (TemporaryStream stream = new TemporaryStream(nc, context.name(phase), context.subject(phase), storage)) {
            AsyncPublisher publisher = new AsyncPublisher(nc.jetStream(), context.asyncWindow());
            ResourceMeter.Span span = context.meter().begin();
            long n = publisher.publish(stream, payloads, budget);
            ResourceUsage usage = span.end();
            Expectations.equal("messages in stream " + stream.name(), n, stream.messageCount());
            return new Measurement(
                    n, payloads.size(), usage, null, Map.of("window", Integer.toString(context.asyncWindow())));
        }
    }
}
