package io.natsspring.broker.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The active block's tail buffer starts small and grows toward the configured cache size as records arrive. */
class MessageBlockTailTest {

    @TempDir
    Path tmp;

    @Test
    void anIdleActiveBlockHoldsASmallBufferThatGrowsUpToTheCacheSize() throws IOException {
        MessageBlock block = MessageBlock.open(tmp, 1);
        try {
            block.activate(1024 * 1024);
            assertThat(block.tailBuffer()).hasSize(4096);

            int at = block.reserve(10_000);
            assertThat(at).isZero();
            assertThat(block.tailBuffer().length).isBetween(10_000, 1024 * 1024);
            block.commit(10_000);

            for (int i = 0; i < 200; i++) {
                block.reserve(10_000);
                block.commit(10_000);
            }
            assertThat(block.tailBuffer().length).isLessThanOrEqualTo(1024 * 1024);
            assertThat(block.size()).isEqualTo(201L * 10_000);
        } finally {
            block.deactivate();
        }
    }

    @Test
    void recordsOfMixedSizesReadBackWhileTheBufferGrowsAndAfterARestart() throws IOException {
        Path dir = tmp.resolve("s");
        Random random = new Random(7);
        byte[][] payloads = new byte[3_000][];
        FileStreamStore store = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, StoreLimits.UNLIMITED);
        try {
            for (int i = 0; i < payloads.length; i++) {
                byte[] p = new byte[random.nextInt(i % 100 == 0 ? 70_000 : 3_000)];
                random.nextBytes(p);
                payloads[i] = p;
                store.append("s." + i, null, p, i);
                if (i % 7 == 0) {
                    int back = random.nextInt(i + 1);
                    assertThat(store.load(back + 1).payload()).isEqualTo(payloads[back]);
                }
            }
            for (int i = 0; i < payloads.length; i++) {
                assertThat(store.load(i + 1).payload()).isEqualTo(payloads[i]);
            }
        } finally {
            store.close();
        }
        FileStreamStore reopened = FileStreamStore.open(dir, FileStoreConfig.DEFAULT, StoreLimits.UNLIMITED);
        try {
            for (int i = 0; i < payloads.length; i++) {
                StoredMessage m = reopened.load(i + 1);
                assertThat(m.subject()).isEqualTo("s." + i);
                assertThat(m.payload()).isEqualTo(payloads[i]);
            }
        } finally {
            reopened.close();
        }
    }
}
