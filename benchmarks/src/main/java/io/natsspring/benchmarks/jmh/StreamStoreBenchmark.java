package io.natsspring.benchmarks.jmh;

import io.natsspring.broker.internal.store.FileStoreConfig;
import io.natsspring.broker.internal.store.FileStreamStore;
import io.natsspring.broker.internal.store.MemoryStreamStore;
import io.natsspring.broker.internal.store.StoreLimits;
import io.natsspring.broker.internal.store.StoredMessage;
import io.natsspring.broker.internal.store.StreamStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stream store append and read. The store keeps the last {@value #RETAINED} messages (discard-old), so appends
 * also evict. File appends are handed to the OS in batches of {@value #BATCH} with {@code flush()}, as the stream
 * layer does before acking publishers, and fsync'd on the default interval; reads load random sequences of the
 * pre-filled {@value #RETAINED} (each benchmark method gets a freshly filled store), or walk them in order with
 * {@code loadNext} as a consumer draining the stream does (the file store's read-ahead serves those).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamStoreBenchmark {

    static final int BATCH = 64;
    static final int RETAINED = 100_000;

    @Param({"memory", "file"})
    public String storage;

    @Param({"128", "1024"})
    public int payloadSize;

    private Path dir;
    private StreamStore store;
    private byte[] payload;
    private long random = 0x9E3779B97F4A7C15L;
    private long cursor;

    @Setup
    public void setUp() throws IOException {
        StoreLimits limits = StoreLimits.UNLIMITED.withMaxMsgs(RETAINED);
        if (storage.equals("file")) {
            dir = Files.createTempDirectory("store-bench");
            store = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, limits);
        } else {
            store = new MemoryStreamStore(limits);
        }
        payload = new byte[payloadSize];
        for (int i = 0; i < RETAINED; i++) {
            store.append("orders.eu-west.c" + (i % 2000) + ".created", null, payload, System.nanoTime());
        }
        store.flush();
    }

    @TearDown
    public void tearDown() throws Exception {
        store.close();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatch() {
        long seq = 0;
        for (int i = 0; i < BATCH; i++) {
            seq = store.append("orders.eu-west.c17.created", null, payload, System.nanoTime());
        }
        store.flush();
        return seq;
    }

    @Benchmark
    public StoredMessage loadRandom() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return store.load(1 + Math.floorMod(random, (long) RETAINED));
    }

    @Benchmark
    public StoredMessage loadSequential() {
        StoredMessage m = store.loadNext(null, cursor + 1);
        if (m == null) {
            m = store.loadNext(null, 1);
        }
        cursor = m.seq();
        return m;
    }
}
