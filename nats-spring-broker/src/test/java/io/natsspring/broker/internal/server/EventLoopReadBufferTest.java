package io.natsspring.broker.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventLoopReadBufferTest {

    @Test
    void aReleasedBufferIsReadIntoAgainClearedAndAHeldOneIsLeftToItsHolder() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<ByteBuf> kept = new AtomicReference<>();
        EventLoopReadBuffer reads = new EventLoopReadBuffer(4096);
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                ByteBuf first = reads.newHandle().allocate(ByteBufAllocator.DEFAULT);
                assertThat(first.isDirect()).isTrue();
                assertThat(first.writableBytes()).isEqualTo(4096);
                first.writeBytes(new byte[] {1, 2, 3});
                first.release(); // the pipeline is done with it

                ByteBuf second = reads.take();
                assertThat(second).isSameAs(first);
                assertThat(second.readableBytes()).isZero();
                assertThat(second.writableBytes()).isEqualTo(4096);
                second.writeBytes(new byte[] {4, 5});
                // a handler keeps it (a TLS decoder with an incomplete record): the next read takes another buffer

                ByteBuf third = reads.take();
                assertThat(third).isNotSameAs(second);
                assertThat(second.refCnt()).isEqualTo(1);
                assertThat(second.readByte()).isEqualTo((byte) 4);
                assertThat(second.readByte()).isEqualTo((byte) 5);
                second.release();
                assertThat(second.refCnt()).isZero();
                third.release();
                assertThat(reads.take()).isSameAs(third);
                third.release();
                ByteBuf larger = new EventLoopReadBuffer(8192).take(); // another broker in this JVM
                assertThat(larger.writableBytes()).isEqualTo(8192);
                assertThat(third.refCnt()).isZero();
                larger.release();
                kept.set(larger);
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                FastThreadLocal.removeAll(); // what an event loop's thread does when it ends
            }
        });
        loop.start();
        loop.join(30_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertThat(kept.get().refCnt()).isZero();
    }
}
