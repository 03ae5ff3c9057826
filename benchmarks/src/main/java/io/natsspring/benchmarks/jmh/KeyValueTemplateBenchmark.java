package io.natsspring.benchmarks.jmh;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.natsspring.benchmarks.kv.KeyValueFixture;
import io.natsspring.benchmarks.kv.KeyValueFixture.Setting;
import io.natsspring.kv.core.KeyValueTemplate;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one Key-Value {@code get} and {@code put} (a round trip each) through {@link KeyValueTemplate}
 * against the same call on the raw jnats {@link KeyValue}: {@code raw*} is jnats alone, {@code templateBytes*} the
 * template with {@code byte[]} values (the template's own cost), {@code templateJson*} the template with a record
 * converted to and from JSON (the usual use). One thread, one connection, a memory bucket, ~100 B values. On a
 * busy machine prefer {@link io.natsspring.benchmarks.kv.KeyValueOverheadMain}, which interleaves the calls.
 *
 * <p>{@code -p server=embedded} (default) starts the embedded broker in the benchmark's JVM; {@code -p
 * server=nats://host:port} uses a running server (e.g. nats-server 2.15.1 with {@code -js}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyValueTemplateBenchmark {

    @Param({"embedded"})
    public String server;

    private KeyValueFixture fixture;
    private KeyValue kv;
    private KeyValueTemplate<byte[]> bytesTemplate;
    private KeyValueTemplate<Setting> jsonTemplate;
    private byte[] bytes;

    @Setup
    public void setUp() throws IOException, InterruptedException, JetStreamApiException {
        fixture = new KeyValueFixture(server);
        kv = fixture.kv();
        bytesTemplate = fixture.bytesTemplate();
        jsonTemplate = fixture.jsonTemplate();
        bytes = fixture.bytes();
    }

    @TearDown
    public void tearDown() throws Exception {
        fixture.close();
    }

    @Benchmark
    public KeyValueEntry rawGet() throws IOException, JetStreamApiException {
        return kv.get("raw");
    }

    @Benchmark
    public Optional<byte[]> templateBytesGet() {
        return bytesTemplate.get("template");
    }

    @Benchmark
    public Optional<Setting> templateJsonGet() {
        return jsonTemplate.get("template");
    }

    @Benchmark
    public long rawPut() throws IOException, JetStreamApiException {
        return kv.put("raw", bytes);
    }

    @Benchmark
    public long templateBytesPut() {
        return bytesTemplate.put("template", bytes);
    }

    @Benchmark
    public long templateJsonPut() {
        return jsonTemplate.put("template", KeyValueFixture.SETTING);
    }
}
