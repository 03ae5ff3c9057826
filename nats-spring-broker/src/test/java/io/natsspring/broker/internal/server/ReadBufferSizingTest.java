package io.natsspring.broker.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import org.junit.jupiter.api.Test;

class ReadBufferSizingTest {

    @Test
    void readsStayInsidePooledSizesOnlyWhereNettyPoolsNothingLarger() {
        String before = System.getProperty("io.netty.allocator.lowMemory");
        try {
            System.clearProperty("io.netty.allocator.lowMemory");
            assertThat(ReadBufferSizing.lowMemory(256L << 20)).isTrue();
            assertThat(ReadBufferSizing.lowMemory(512L << 20)).isTrue();
            assertThat(ReadBufferSizing.lowMemory(1L << 30)).isFalse();
            System.setProperty("io.netty.allocator.lowMemory", "false");
            assertThat(ReadBufferSizing.lowMemory(256L << 20)).isFalse();
            System.setProperty("io.netty.allocator.lowMemory", "true");
            assertThat(ReadBufferSizing.lowMemory(1L << 30)).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty("io.netty.allocator.lowMemory");
            } else {
                System.setProperty("io.netty.allocator.lowMemory", before);
            }
        }
        assertThat(ReadBufferSizing.maxRead(true)).isEqualTo(16 * 1024);
        assertThat(ReadBufferSizing.maxRead(false)).isEqualTo(64 * 1024);
        assertThat(ReadBufferSizing.forClients()).isNotNull();
    }

    @Test
    void aReadBatchTakesUpToSixteenReadsLikeNettysOwnSocketDefault() {
        // set through ChannelOption, an allocator keeps its own default of 1: one flush of every target per read
        assertThat(ReadBufferSizing.forClients())
                .isInstanceOfSatisfying(
                        MaxMessagesRecvByteBufAllocator.class,
                        a -> assertThat(a.maxMessagesPerRead()).isEqualTo(16));
    }
}
