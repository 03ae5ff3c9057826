package io.natsspring.broker.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.FixedRecvByteBufAllocator;
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
            restore("io.netty.allocator.lowMemory", before);
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

    @Test
    void theLoopsBufferIsForPlainConnectionsAndSixtyFourKibibytesUnlessSized() {
        String size = System.getProperty(ReadBufferSizing.SIZE_PROPERTY);
        String mode = System.getProperty(ReadBufferSizing.MODE_PROPERTY);
        try {
            System.clearProperty(ReadBufferSizing.SIZE_PROPERTY);
            System.clearProperty(ReadBufferSizing.MODE_PROPERTY);
            assertThat(ReadBufferSizing.forClients())
                    .isInstanceOfSatisfying(
                            EventLoopReadBuffer.class, r -> assertThat(r.size()).isEqualTo(64 * 1024));
            assertThat(ReadBufferSizing.forTlsClients()).isInstanceOf(AdaptiveRecvByteBufAllocator.class);
        } finally {
            restore(ReadBufferSizing.SIZE_PROPERTY, size);
            restore(ReadBufferSizing.MODE_PROPERTY, mode);
        }
    }

    @Test
    void theSizePropertyOverridesTheCapInBytesOrKibibytes() {
        assertThat(ReadBufferSizing.maxRead(null, true)).isEqualTo(16 * 1024);
        assertThat(ReadBufferSizing.maxRead(" ", false)).isEqualTo(64 * 1024);
        assertThat(ReadBufferSizing.maxRead("65536", true)).isEqualTo(64 * 1024);
        assertThat(ReadBufferSizing.maxRead("32k", true)).isEqualTo(32 * 1024);
        assertThat(ReadBufferSizing.maxRead(" 64K ", true)).isEqualTo(64 * 1024);
        assertThat(ReadBufferSizing.maxRead("1k", false)).isEqualTo(1024);
        assertThat(ReadBufferSizing.maxRead("1024k", false)).isEqualTo(1024 * 1024);
    }

    @Test
    void aBadSizeNamesThePropertyAndItsValue() {
        for (String bad : new String[] {"lots", "64kb", "-1", "1023", "1025k", "k", "99999999999999999999"}) {
            assertThatThrownBy(() -> ReadBufferSizing.maxRead(bad, true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("io.natsspring.broker.readBufferSize=" + bad)
                    .hasMessageContaining("expected");
        }
    }

    @Test
    void theModePropertyChoosesHowReadsGetTheirBuffers() {
        assertThat(ReadBufferSizing.mode(null)).isEqualTo(ReadBufferSizing.Mode.LOOP);
        assertThat(ReadBufferSizing.mode("adaptive")).isEqualTo(ReadBufferSizing.Mode.ADAPTIVE);
        assertThat(ReadBufferSizing.mode(" FIXED ")).isEqualTo(ReadBufferSizing.Mode.FIXED);
        assertThat(ReadBufferSizing.mode("loop")).isEqualTo(ReadBufferSizing.Mode.LOOP);
        assertThatThrownBy(() -> ReadBufferSizing.mode("pooled"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.natsspring.broker.readBufferSizing=pooled")
                .hasMessageContaining("adaptive, fixed or loop");
    }

    @Test
    void forClientsReadsBothProperties() {
        String size = System.getProperty(ReadBufferSizing.SIZE_PROPERTY);
        String mode = System.getProperty(ReadBufferSizing.MODE_PROPERTY);
        try {
            System.setProperty(ReadBufferSizing.SIZE_PROPERTY, "32k");
            System.setProperty(ReadBufferSizing.MODE_PROPERTY, "fixed");
            assertThat(ReadBufferSizing.forClients()).isInstanceOf(FixedRecvByteBufAllocator.class);
            System.setProperty(ReadBufferSizing.MODE_PROPERTY, "adaptive");
            assertThat(ReadBufferSizing.forClients()).isInstanceOf(AdaptiveRecvByteBufAllocator.class);
            System.setProperty(ReadBufferSizing.MODE_PROPERTY, "loop");
            assertThat(ReadBufferSizing.forClients())
                    .isInstanceOfSatisfying(
                            EventLoopReadBuffer.class, r -> assertThat(r.size()).isEqualTo(32 * 1024));
            assertThat(ReadBufferSizing.forTlsClients()).isInstanceOf(AdaptiveRecvByteBufAllocator.class);
            System.setProperty(ReadBufferSizing.SIZE_PROPERTY, "nope");
            assertThatThrownBy(ReadBufferSizing::forClients).hasMessageContaining(ReadBufferSizing.SIZE_PROPERTY);
        } finally {
            restore(ReadBufferSizing.SIZE_PROPERTY, size);
            restore(ReadBufferSizing.MODE_PROPERTY, mode);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
