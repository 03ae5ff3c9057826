package io.natsspring.broker.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Not a test: appends 1M small messages (flushing every 100), closes, and times the reopen.
 * Run with {@code java -cp <test classpath> io.natsspring.broker.internal.store.FileStoreRecoveryBench [count]}.
 */
public final class FileStoreRecoveryBench {

    private FileStoreRecoveryBench() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("store-bench");
        byte[] payload = new byte[100];
        try {
            long t0 = System.nanoTime();
            try (FileStreamStore s = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, StoreLimits.UNLIMITED)) {
                for (int i = 1; i <= count; i++) {
                    s.append("bench.orders." + (i % 1000), null, payload, System.nanoTime());
                    if (i % 100 == 0) {
                        s.flush();
                    }
                }
            }
            long t1 = System.nanoTime();
            long diskBytes;
            try (Stream<Path> files = Files.list(dir.resolve(FileStreamStore.DIRECTORY))) {
                diskBytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            System.gc();
            long heapBefore = usedHeap();
            long t2 = System.nanoTime();
            FileStreamStore r = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, StoreLimits.UNLIMITED);
            long t3 = System.nanoTime();
            System.gc();
            long heapAfter = usedHeap();
            StreamState st = r.state();
            long t4 = System.nanoTime();
            long pending = 0;
            for (int i = 0; i < 100_000; i++) {
                pending += r.numPending("bench.orders.7", i * 10L);
            }
            long t5 = System.nanoTime();
            long reads = 0;
            for (long q = 1; q <= st.lastSeq(); q += 997) {
                reads += r.load(q).payload().length;
            }
            long t6 = System.nanoTime();
            System.out.printf("messages            %,d (%,d subjects)%n", st.msgs(), st.numSubjects());
            System.out.printf(
                    "append+flush        %,d ms (%,.0f msgs/s)%n", (t1 - t0) / 1_000_000, count / ((t1 - t0) / 1e9));
            System.out.printf("on disk             %,d bytes, state bytes %,d%n", diskBytes, st.bytes());
            System.out.printf("recovery (reopen)   %,d ms%n", (t3 - t2) / 1_000_000);
            System.out.printf(
                    "index heap          ~%,d bytes (%.1f per message)%n",
                    heapAfter - heapBefore, (heapAfter - heapBefore) / (double) st.msgs());
            System.out.printf("numPending literal  %,d ns/call (%d)%n", (t5 - t4) / 100_000, pending % 10);
            System.out.printf(
                    "random file reads   %,d ns/read (%d)%n", (t6 - t5) / (st.lastSeq() / 997 + 1), reads % 10);
            r.close();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
