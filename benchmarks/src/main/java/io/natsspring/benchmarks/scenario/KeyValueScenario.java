package io.natsspring.benchmarks.scenario;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import io.natsspring.benchmarks.measure.LatencyRecorder;
import io.natsspring.benchmarks.measure.ResourceMeter;
import io.natsspring.benchmarks.measure.ResourceUsage;
import io.natsspring.benchmarks.verify.Expectations;
import io.natsspring.benchmarks.verify.VerificationException;
import java.util.List;
import java.util.Map;

/**
 * Key-Value latency on a file bucket of {@value #KEYS} keys: {@code put} (each revision must be the next one) or
 * {@code get} of pre-written keys (each value must be the one written).
 */
final class KeyValueScenario extends PhasedScenario {

    private static final int KEYS = 1000;

    private final boolean put;

    private KeyValueScenario(String name, String description, boolean put) {
        super(name, description, Kind.LATENCY, true, List.of(128));
        this.put = put;
    }

    static KeyValueScenario put() {
        return new KeyValueScenario("kv_put", "Key-Value put latency, file bucket", true);
    }

    static KeyValueScenario get() {
        return new KeyValueScenario("kv_get", "Key-Value get latency, file bucket", false);
    }

    @Override
    Measurement phase(ScenarioContext context, Payloads payloads, Budget budget, String phase) throws Exception {
        Connection nc = context.connection("kv");
        context.requireJetStream(nc);
        KeyValueManagement kvm = nc.keyValueManagement();
        String bucket = context.name(phase);
        kvm.create(KeyValueConfiguration.builder()
                .name(bucket)
                .storageType(StorageType.File)
                .build());
        try {
            KeyValue kv = nc.keyValue(bucket);
            if (!put) {
                for (int k = 1; k <= KEYS; k++) {
                    kv.put(key(k), payloads.stamped(k));
                }
            }
            LatencyRecorder latency = new LatencyRecorder();
            ResourceMeter.Span span = context.meter().begin();
            long n = 0;
            long start = System.nanoTime();
            while (budget.more(n, start)) {
                n++;
                int k = (int) ((n - 1) % KEYS) + 1;
                if (put) {
                    byte[] body = payloads.stamped(n);
                    long t0 = System.nanoTime();
                    long revision = kv.put(key(k), body);
                    latency.record(System.nanoTime() - t0);
                    Expectations.equal("revision of put " + n, n, revision);
                } else {
                    long t0 = System.nanoTime();
                    KeyValueEntry entry = kv.get(key(k));
                    latency.record(System.nanoTime() - t0);
                    if (entry == null || payloads.sequenceOf(entry.getValue()) != k) {
                        throw new VerificationException("get " + key(k) + " returned "
                                + (entry == null
                                        ? "nothing"
                                        : "the value of key " + payloads.sequenceOf(entry.getValue())));
                    }
                }
            }
            ResourceUsage usage = span.end();
            if (put) {
                Expectations.equal(
                        "keys in bucket " + bucket,
                        Math.min(n, KEYS),
                        kvm.getStatus(bucket).getEntryCount());
            }
            return new Measurement(
                    n, payloads.size(), usage, latency.summary(), Map.of("keys", Integer.toString(KEYS)));
        } finally {
            kvm.delete(bucket);
        }
    }

    private static String key(int k) {
        return "k" + k;
    }
}
