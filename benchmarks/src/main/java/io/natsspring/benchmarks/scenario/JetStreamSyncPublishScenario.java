package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.List;
import java.util.Map;

/** JetStream synchronous publish latency (publish, wait for the ack) to a file stream. */
final class JetStreamSyncPublishScenario extends PhasedScenario {

    JetStreamSyncPublishScenario() {
        super("js_pub_sync", "JetStream synchronous publish latency, file storage", Kind.LATENCY, true, List.of(128));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection nc = context.connection("pub");
        context.requireJetStream(nc);
        JetStream js = nc.jetStream();
        try (TemporaryStream stream =
                new TemporaryStream(nc, context.name(phase), context.subject(phase), StorageType.File)) {
            LatencyRecorder latency = new LatencyRecorder();
            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long start = System.nanoTime();
            while (budget.more(n, start)) {
                byte[] body = payloads.stamped(++n);
                long t0 = System.nanoTime();
                PublishAck ack = js.publish(stream.subject(), body);
                latency.record(System.nanoTime() - t0);
                if (ack.getSeqno() != n || ack.isDuplicate()) {
                    throw new VerificationException("publish " + n + " acked as sequence " + ack.getSeqno()
                            + (ack.isDuplicate() ? " (duplicate)" : ""));
                }
            }
            ResourceUsage usage = span.end();
            Expectations.equal("messages in stream " + stream.name(), n, stream.messageCount());
            return new Measurement(n, payloads.size(), usage, latency.summary(), Map.of());
        }
    }
}
