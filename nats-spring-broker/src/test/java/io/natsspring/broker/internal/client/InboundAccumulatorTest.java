package io.natsspring.broker.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.internal.protocol.ClientProtocolParser;
import io.natsspring.broker.internal.protocol.RecordingOpHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundAccumulatorTest {

    private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);
    private static final String STREAM = "CONNECT {\"verbose\":false,\"headers\":true}\r\n"
            + "SUB foo.* 1\r\n"
            + "PUB foo.a 5\r\nhello\r\n"
            + "PUB foo.b _INBOX.x 11\r\nPING\r\nPUB x\r\n"
            + "PUB empty 0\r\n\r\n"
            + "HPUB h.x 12 17\r\nNATS/1.0\r\n\r\nhello\r\n"
            + "UNSUB 1 10\r\n"
            + "PING\r\nPONG\r\n";

    private static List<String> feed(ClientProtocolParser parser, List<byte[]> reads) {
        RecordingOpHandler handler = new RecordingOpHandler();
        InboundAccumulator acc = new InboundAccumulator(parser);
        for (byte[] chunk : reads) {
            ByteBuf in = ALLOC.buffer(chunk.length).writeBytes(chunk);
            acc.read(in, handler, ALLOC);
            assertThat(in.isReadable()).isFalse();
            in.release();
        }
        acc.release();
        return handler.ops;
    }

    private static List<String> reference() {
        RecordingOpHandler handler = new RecordingOpHandler();
        new ClientProtocolParser(4096, 1 << 20).parse(ALLOC.buffer().writeBytes(bytes(STREAM)), handler);
        return handler.ops;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everySplitIntoThreeReadsDecodesTheSameOperations() {
        List<String> expected = reference();
        assertThat(expected).hasSize(9);
        byte[] all = bytes(STREAM);
        for (int i = 0; i <= all.length; i++) {
            for (int j = i; j <= all.length; j += 3) {
                List<byte[]> reads = new ArrayList<>();
                reads.add(java.util.Arrays.copyOfRange(all, 0, i));
                reads.add(java.util.Arrays.copyOfRange(all, i, j));
                reads.add(java.util.Arrays.copyOfRange(all, j, all.length));
                assertThat(feed(new ClientProtocolParser(4096, 1 << 20), reads))
                        .as("split at %d and %d", i, j)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void byteByByteReadsDecodeTheSameOperations() {
        List<byte[]> reads = new ArrayList<>();
        for (byte b : bytes(STREAM)) {
            reads.add(new byte[] {b});
        }
        assertThat(feed(new ClientProtocolParser(4096, 1 << 20), reads)).isEqualTo(reference());
    }

    @Test
    void aSplitPayloadBorrowsOnlyTheBytesItNeeds() {
        ClientProtocolParser parser = new ClientProtocolParser(4096, 1 << 20);
        RecordingOpHandler handler = new RecordingOpHandler();
        InboundAccumulator acc = new InboundAccumulator(parser);
        ByteBuf first = ALLOC.buffer().writeBytes(bytes("PUB a 10\r\n01234"));
        acc.read(first, handler, ALLOC);
        assertThat(handler.ops).isEmpty();
        // the rest of the payload, then ops the parser must read straight from this buffer
        ByteBuf second = ALLOC.buffer().writeBytes(bytes("56789\r\nPING\r\nPUB b 1\r\nx\r\n"));
        acc.read(second, handler, ALLOC);
        assertThat(handler.ops).containsExactly("PUB a - [0123456789]", "PING", "PUB b - [x]");
        acc.release();
    }

    @Test
    void aSplitMessageIsHeldInABufferOfItsExactSize() {
        // 16 KiB payloads: a buffer grown by doubling would reach 32 KiB, past Netty's largest pooled size class
        String payload = "p".repeat(16384);
        byte[] frame = bytes("PUB big 16384\r\n" + payload + "\r\n");
        for (int cut : new int[] {5, 15, 100, 8000, frame.length - 3}) {
            ClientProtocolParser parser = new ClientProtocolParser(4096, 1 << 20);
            RecordingOpHandler handler = new RecordingOpHandler();
            InboundAccumulator acc = new InboundAccumulator(parser);
            int from = 0;
            int to = cut;
            while (from < frame.length) {
                ByteBuf in = ALLOC.buffer().writeBytes(frame, from, to - from);
                acc.read(in, handler, ALLOC);
                assertThat(in.isReadable()).isFalse();
                in.release();
                assertThat(acc.heldCapacity())
                        .as("cut at %d, read up to %d", cut, to)
                        .isLessThanOrEqualTo(frame.length);
                from = to;
                to = Math.min(frame.length, to + 4000);
            }
            assertThat(handler.ops).as("cut at %d", cut).containsExactly("PUB big - [" + payload + "]");
            assertThat(acc.heldCapacity()).isZero();
            acc.release();
        }
    }

    @Test
    void anOversizedSplitControlLineIsStillAnError() {
        ClientProtocolParser parser = new ClientProtocolParser(64, 1 << 20);
        List<byte[]> reads = List.of(bytes("SUB " + "a".repeat(40)), bytes("b".repeat(40)), bytes(" 1\r\n"));
        assertThat(feed(parser, reads)).containsExactly("ERROR MAX_CONTROL_LINE_EXCEEDED");
    }
}
