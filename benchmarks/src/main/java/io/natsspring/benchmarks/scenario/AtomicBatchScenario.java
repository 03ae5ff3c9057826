package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Atomic batch publish (ADR-50) to a file stream: batches of {@value #BATCH} messages, the first 999 published
 * without a reply (staged), the last with {@code Nats-Batch-Commit: 1} as a request; the latency is one whole
 * batch, from its first publish to the commit's PubAck ({@code "count":1000}).
 */
final class AtomicBatchScenario extends PhasedScenario {

    static final int BATCH = 1000;

    AtomicBatchScenario() {
        super(
                "js_atomic_batch",
                "JetStream atomic batch of 1000 messages, file storage (latency per batch)",
                Kind.LATENCY,
                true,
                List.of(128));
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection nc = context.connection("pub");
        context.requireJetStream(nc);
        String name = context.name(phase);
        String subject = context.subject(phase);
        JetStreamManagement jsm = nc.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(StorageType.File)
                .allowAtomicPublish(true)
                .build());
        try {
            LatencyRecorder latency = new LatencyRecorder();
            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long batches = 0;
            long start = System.nanoTime();
            while (budget.msgs() > 0 ? n < budget.msgs() : System.nanoTime() - start < budget.nanos()) {
                String id = "b" + (++batches);
                long t0 = System.nanoTime();
                for (int i = 1; i < BATCH; i++) {
                    nc.publish(message(subject, id, i, false, payloads.stamped(n + i)));
                }
                Message ack = nc.request(
                        message(subject, id, BATCH, true, payloads.stamped(n + BATCH)), Duration.ofSeconds(30));
                latency.record(System.nanoTime() - t0);
                String body = ack == null ? "timeout" : new String(ack.getData(), StandardCharsets.UTF_8);
                if (!body.contains("\"count\":" + BATCH) || !body.contains("\"seq\":" + (n + BATCH))) {
                    throw new VerificationException("batch " + id + " committed as " + body);
                }
                n += BATCH;
            }
            ResourceUsage usage = span.end();
            Expectations.equal(
                    "messages in stream " + name,
                    n,
                    jsm.getStreamInfo(name).getStreamState().getMsgCount());
            return new Measurement(
                    n, payloads.size(), usage, latency.summary(), Map.of("batches", String.valueOf(batches)));
        } finally {
            jsm.deleteStream(name);
        }
    }

    private static NatsMessage message(String subject, String id, int seq, boolean commit, byte[] body) {
        Headers h = new Headers();
        h.put("Nats-Batch-Id", id);
        h.put("Nats-Batch-Sequence", String.valueOf(seq));
        if (commit) {
            h.put("Nats-Batch-Commit", "1");
        }
        return NatsMessage.builder().subject(subject).headers(h).data(body).build();
    }
}
