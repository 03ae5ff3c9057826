package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbound buffer in chunks: frames reach the socket whole and in order, and max_pending counts every chunk. */
class ClientOutboundTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicInteger slowConsumer = new AtomicInteger();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private ClientOutbound outbound(long maxPending) {
        ClientOutbound out = new ClientOutbound(maxPending, slowConsumer::incrementAndGet);
        out.bind(channel);
        return out;
    }

    private static InboundMessage message(int i, int size) {
        byte[] payload = new byte[size];
        Arrays.fill(payload, (byte) ('a' + i % 26));
        return InboundMessage.of("s." + i, i % 2 == 0 ? null : "r." + i, null, payload);
    }

    private static String frame(int i, int size) {
        String reply = i % 2 == 0 ? "" : "r." + i + " ";
        return "MSG s." + i + " 7 " + reply + size + "\r\n"
                + String.valueOf((char) ('a' + i % 26)).repeat(size) + "\r\n";
    }

    /** Everything the channel was given, and the largest single buffer. */
    private int[] drain(ByteArrayOutputStream into) {
        int buffers = 0;
        int largest = 0;
        for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
            buffers++;
            largest = Math.max(largest, b.capacity());
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            into.writeBytes(bytes);
            b.release();
        }
        return new int[] {buffers, largest};
    }

    @Test
    void aBurstLargerThanAChunkIsWrittenInChunksInOrder() {
        ClientOutbound out = outbound(64L << 20);
        byte[] sid = "7".getBytes(StandardCharsets.US_ASCII);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            int size = i % 3 == 0 ? 1024 : i % 3 == 1 ? 100 : 3000;
            assertThat(out.appendMsg(message(i, size), sid, true)).isTrue();
            expected.append(frame(i, size));
        }
        assertThat(out.pendingBytes()).isEqualTo(expected.length());
        out.flushNow();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        int[] stats = drain(written);
        assertThat(written.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected.toString());
        assertThat(stats[0]).isGreaterThan(expected.length() / ClientOutbound.MAX_CHUNK);
        assertThat(stats[1]).isLessThanOrEqualTo(ClientOutbound.MAX_CHUNK);
        assertThat(out.pendingBytes()).isZero();
        assertThat(slowConsumer).hasValue(0);
    }

    @Test
    void aFrameLargerThanAChunkGetsABufferOfItsOwn() {
        ClientOutbound out = outbound(64L << 20);
        byte[] sid = "7".getBytes(StandardCharsets.US_ASCII);
        int big = 3 * ClientOutbound.MAX_CHUNK;
        String expected = frame(1, 10) + frame(2, big) + frame(3, 10);
        out.appendMsg(message(1, 10), sid, true);
        out.appendMsg(message(2, big), sid, true);
        out.appendMsg(message(3, 10), sid, true);
        out.flushNow();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        drain(written);
        assertThat(written.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }

    @Test
    void sealedChunksCountTowardsMaxPending() {
        int limit = 5 * ClientOutbound.MAX_CHUNK;
        ClientOutbound out = outbound(limit);
        byte[] sid = "7".getBytes(StandardCharsets.US_ASCII);
        int accepted = 0;
        long bytes = 0;
        while (out.appendMsg(message(accepted, 1000), sid, true)) {
            bytes += frame(accepted, 1000).length();
            accepted++;
            assertThat(accepted).isLessThan(limit);
        }
        assertThat(slowConsumer).hasValue(1);
        assertThat(bytes).isLessThanOrEqualTo(limit);
        assertThat(bytes + frame(accepted, 1000).length()).isGreaterThan(limit);
        assertThat(out.pendingBytes()).isEqualTo(bytes);
        out.release();
        assertThat(out.pendingBytes()).isZero();
    }

    @Test
    void protocolLinesAndMessagesKeepTheirOrderAcrossChunks() {
        ClientOutbound out = outbound(64L << 20);
        byte[] sid = "7".getBytes(StandardCharsets.US_ASCII);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            out.appendMsg(message(i, 2000), sid, true);
            expected.append(frame(i, 2000));
            out.appendRaw("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
            expected.append("PONG\r\n");
            if (i == 50) {
                out.flushNow();
            }
        }
        out.flushNow();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        drain(written);
        assertThat(written.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected.toString());
    }
}
