package io.natsspring.boot.autoconfigure.buckets;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Function;

/**
 * Gauges of every declared bucket, tagged {@code bucket}: {@code nats.kv.entries}, {@code nats.kv.bytes},
 * {@code nats.kv.watchers} for Key-Value buckets and {@code nats.os.objects}, {@code nats.os.bytes},
 * {@code nats.os.watchers} for Object Stores. A bucket that is missing or can not be read reports {@code NaN}.
 */
public class BucketMetrics implements MeterBinder {

    private final BucketStatusReader reader;

    /** Gauges over {@code reader}, which should cache statuses for a few seconds. */
    public BucketMetrics(BucketStatusReader reader) {
        this.reader = reader;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String bucket : reader.getKeyValueBuckets()) {
            gauge(
                    registry,
                    "nats.kv.entries",
                    bucket,
                    "values kept",
                    "entries",
                    r -> r.keyValue(bucket).entries());
            gauge(
                    registry,
                    "nats.kv.bytes",
                    bucket,
                    "bytes stored",
                    "bytes",
                    r -> r.keyValue(bucket).bytes());
            gauge(
                    registry,
                    "nats.kv.watchers",
                    bucket,
                    "consumers watching",
                    null,
                    r -> r.keyValue(bucket).watchers());
        }
        for (String bucket : reader.getObjectStores()) {
            gauge(
                    registry,
                    "nats.os.objects",
                    bucket,
                    "objects stored",
                    "objects",
                    r -> r.objectStore(bucket).entries());
            gauge(
                    registry,
                    "nats.os.bytes",
                    bucket,
                    "bytes stored",
                    "bytes",
                    r -> r.objectStore(bucket).bytes());
            gauge(
                    registry,
                    "nats.os.watchers",
                    bucket,
                    "consumers watching",
                    null,
                    r -> r.objectStore(bucket).watchers());
        }
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String bucket,
            String what,
            String unit,
            Function<BucketStatusReader, Long> value) {
        Gauge.builder(name, reader, r -> {
                    Long read = value.apply(r);
                    return read == null ? Double.NaN : read.doubleValue();
                })
                .tag("bucket", bucket)
                .baseUnit(unit)
                .description("The bucket's " + what)
                .strongReference(true)
                .register(registry);
    }
}
