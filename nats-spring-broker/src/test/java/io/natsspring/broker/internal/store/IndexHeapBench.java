package io.natsspring.broker.internal.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Not a test: heap held by a file store's in-memory index per stored message, for three shapes of stream (one
 * subject; 1,000 subjects in turn; a KV-like stream of keys holding one message each), after appending and after a
 * reopen. Run with {@code java -cp <test classpath> io.natsspring.broker.internal.store.IndexHeapBench [count]}.
 */
public final class IndexHeapBench {

    private IndexHeapBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        measure("one subject", count, i -> "orders");
        measure("1,000 subjects", count, i -> "orders." + (i % 1000));
        int keys = Math.max(1, count / 10);
        measure("kv, " + keys + " keys x 1", count, i -> "$KV.b." + (i % keys));
    }

    private interface Subjects {
        String of(int i);
    }

    private static void measure(String name, int count, Subjects subjects) throws Exception {
        Path dir = Files.createTempDirectory("index-heap");
        byte[] payload = new byte[16];
        boolean kv = name.startsWith("kv");
        StoreLimits limits = kv ? StoreLimits.UNLIMITED.withMaxMsgsPerSubject(1) : StoreLimits.UNLIMITED;
        try {
            long heap0 = usedHeap();
            long ts = System.currentTimeMillis() * 1_000_000L;
            FileStreamStore s = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, limits);
            for (int i = 0; i < count; i++) {
                ts += 20_000 + (i & 1023); // ~50,000 msgs/s
                s.append(subjects.of(i), null, payload, ts);
                if (i % 1000 == 0) {
                    s.flush();
                }
            }
            s.flush();
            long msgs = s.state().msgs();
            long heap1 = usedHeap();
            s.close();
            s = null;
            FileStreamStore r = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, limits);
            long heap2 = usedHeap();
            System.out.printf(
                    "%-22s %,10d msgs  heap after append %,12d B (%5.1f B/msg)  after reopen %,12d B (%5.1f B/msg)%n",
                    name,
                    msgs,
                    heap1 - heap0,
                    (heap1 - heap0) / (double) msgs,
                    heap2 - heap0,
                    (heap2 - heap0) / (double) msgs);
            r.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
