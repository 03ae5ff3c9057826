package io.natsspring.broker.internal.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process for {@link FileStoreCrashTest}: appends batches, flushes, and prints each acknowledged
 * sequence as {@code ack <seq>} until it is killed.
 */
public final class CrashingWriterMain {

    private CrashingWriterMain() {}

    public static void main(String[] args) throws Exception {
        FileStoreConfig config = FileStoreConfig.DEFAULT.withBlockSize(64 * 1024);
        FileStreamStore store = FileStreamStore.open(Path.of(args[0]), config, StoreLimits.UNLIMITED);
        store.setCompression(args.length > 1 && args[1].equals("compress"));
        long seq = 0;
        while (true) {
            long first = 0;
            for (int i = 0; i < 10; i++) {
                long n = store.state().lastSeq() + 1;
                seq = store.append("crash." + (n % 7), null, FileStoreCrashTest.payloadFor(n), System.nanoTime());
                if (first == 0) {
                    first = seq;
                }
            }
            if (seq % 100 == 0) {
                store.delete(seq - 50, false);
            }
            store.flush();
            StringBuilder acks = new StringBuilder();
            for (long s = first; s <= seq; s++) {
                acks.append("ack ").append(s).append('\n');
            }
            System.out.write(acks.toString().getBytes(StandardCharsets.US_ASCII));
            System.out.flush();
        }
    }
}
