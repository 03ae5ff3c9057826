package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.LatencySummary;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A Key-Value bucket of {@code keys} distinct keys: writes them all (asynchronous publishes to {@code $KV.<bucket>.<key>}
 * with the bench's ack window; the throughput figures), checks the bucket holds that many, times 1,000 gets of random
 * keys ({@code get_*} figures) and reports the server's memory growth per key.
 */
final class ManyKeysScenario extends OneShotScenario {

    private static final int GETS = 1_000;

    private final int keys;

    ManyKeysScenario(int keys) {
        super(
                "scale_kv_" + Counts.label(keys),
                "Key-Value bucket of " + keys + " keys (file): put rate, memory per key, get latency",
                Kind.THROUGHPUT,
                true);
        this.keys = keys;
    }

    @Override
    Measurement measure(ScenarioContext context, Payloads payloads) throws Exception {
        Connection nc = context.connection("kv");
        context.requireJetStream(nc);
        KeyValueManagement kvm = nc.keyValueManagement();
        String bucket = context.name("kv");
        ServerGrowth growth = ServerGrowth.before(context);
        kvm.create(KeyValueConfiguration.builder()
                .name(bucket)
                .storageType(StorageType.File)
                .build());
        try {
            JetStream js = nc.jetStream();
            ArrayDeque<CompletableFuture<PublishAck>> pending = new ArrayDeque<>(context.asyncWindow());
            ResourceMeter.Span span = context.meter().begin();
            for (int k = 1; k <= keys; k++) {
                if (pending.size() >= context.asyncWindow()) {
                    settle(pending.poll());
                }
                pending.add(js.publishAsync("$KV." + bucket + "." + key(k), payloads.stamped(k)));
            }
            while (!pending.isEmpty()) {
                settle(pending.poll());
            }
            ResourceUsage usage = span.end();
            Expectations.equal(
                    "keys in bucket " + bucket, keys, kvm.getStatus(bucket).getEntryCount());
            Map<String, String> extra = new LinkedHashMap<>(growth.now("key", keys));
            KeyValue kv = nc.keyValue(bucket);
            LatencyRecorder gets = new LatencyRecorder();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < GETS; i++) {
                int k = 1 + random.nextInt(keys);
                long t0 = System.nanoTime();
                KeyValueEntry entry = kv.get(key(k));
                gets.record(System.nanoTime() - t0);
                if (entry == null || payloads.sequenceOf(entry.getValue()) != k) {
                    throw new VerificationException("get " + key(k) + " did not return its value");
                }
            }
            LatencySummary g = gets.summary();
            extra.put("keys", Integer.toString(keys));
            extra.put("get_p50_us", String.format(Locale.ROOT, "%.1f", g.p50()));
            extra.put("get_p99_us", String.format(Locale.ROOT, "%.1f", g.p99()));
            return new Measurement(keys, payloads.size(), usage, null, extra);
        } finally {
            kvm.delete(bucket);
        }
    }

    private static void settle(CompletableFuture<PublishAck> future) throws Exception {
        PublishAck ack = future.get(ScenarioContext.STALL_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        if (ack.isDuplicate()) {
            throw new VerificationException("a put was acked as a duplicate");
        }
    }

    private static String key(int k) {
        return "k" + k;
    }
}
