package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.LatencySummary;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Many streams: creates {@code streams} file streams with two durable pull consumers each, timing every API call
 * (the latency figures), then asks each stream for its info ({@code info_*} figures), reports the server's thread
 * and memory growth per stream, and deletes them ({@code delete_ms}).
 */
final class ManyStreamsScenario extends OneShotScenario {

    private final int streams;

    ManyStreamsScenario(int streams) {
        super(
                "scale_streams_" + Counts.label(streams),
                streams + " file streams x 2 durable consumers: API latency, threads and memory per stream",
                Kind.LATENCY,
                true);
        this.streams = streams;
    }

    @Override
    Measurement measure(ScenarioContext context, Payloads payloads) throws Exception {
        Connection nc = context.connection("api");
        context.requireJetStream(nc);
        JetStreamManagement jsm = nc.jetStreamManagement();
        String prefix = context.name("s");
        String subject = context.subject("s");
        ServerGrowth growth = ServerGrowth.before(context);
        LatencyRecorder create = new LatencyRecorder();
        LatencyRecorder info = new LatencyRecorder();
        int created = 0;
        try {
            ResourceMeter.Span span = context.meter().begin();
            for (int i = 0; i < streams; i++) {
                String name = prefix + "_" + i;
                long t0 = System.nanoTime();
                jsm.addStream(StreamConfiguration.builder()
                        .name(name)
                        .subjects(subject + "." + i + ".>")
                        .storageType(StorageType.File)
                        .build());
                create.record(System.nanoTime() - t0);
                created++;
                for (String durable : new String[] {"a", "b"}) {
                    t0 = System.nanoTime();
                    jsm.addOrUpdateConsumer(
                            name,
                            ConsumerConfiguration.builder()
                                    .durable(durable)
                                    .ackPolicy(AckPolicy.Explicit)
                                    .build());
                    create.record(System.nanoTime() - t0);
                }
            }
            ResourceUsage usage = span.end();
            for (int i = 0; i < streams; i++) {
                long t0 = System.nanoTime();
                StreamInfo si = jsm.getStreamInfo(prefix + "_" + i);
                info.record(System.nanoTime() - t0);
                if (si.getStreamState().getConsumerCount() != 2) {
                    throw new VerificationException(
                            "stream " + si.getConfiguration().getName() + " has "
                                    + si.getStreamState().getConsumerCount() + " consumers, not 2");
                }
            }
            Map<String, String> extra = new LinkedHashMap<>(growth.now("stream", streams));
            LatencySummary infoSummary = info.summary();
            extra.put("streams", Integer.toString(streams));
            extra.put("info_p50_us", String.format(Locale.ROOT, "%.1f", infoSummary.p50()));
            extra.put("info_p99_us", String.format(Locale.ROOT, "%.1f", infoSummary.p99()));
            long t0 = System.nanoTime();
            for (int i = created - 1; i >= 0; i--) {
                jsm.deleteStream(prefix + "_" + i);
            }
            created = 0;
            extra.put("delete_ms", Long.toString((System.nanoTime() - t0) / 1_000_000));
            return new Measurement(create.count(), payloads.size(), usage, create.summary(), extra);
        } finally {
            for (int i = 0; i < created; i++) {
                try {
                    jsm.deleteStream(prefix + "_" + i);
                } catch (Exception e) {
                    // cleaning up after a failure: the failure is what gets reported
                }
            }
        }
    }
}
