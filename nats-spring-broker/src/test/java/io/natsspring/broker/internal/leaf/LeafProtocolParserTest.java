package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeafProtocolParserTest {

    private final List<String> ops = new ArrayList<>();
    private final LeafOps recorder = new LeafOps() {
        @Override
        public void info(String json) {
            ops.add("INFO " + json);
        }

        @Override
        public void connect(String json) {
            ops.add("CONNECT " + json);
        }

        @Override
        public void ping() {
            ops.add("PING");
        }

        @Override
        public void pong() {
            ops.add("PONG");
        }

        @Override
        public void ok() {
            ops.add("+OK");
        }

        @Override
        public void err(String message) {
            ops.add("ERR " + message);
        }

        @Override
        public void subscribe(String subject, String queue, int weight) {
            ops.add("SUB " + subject + " " + queue + " " + weight);
        }

        @Override
        public void unsubscribe(String subject, String queue) {
            ops.add("UNSUB " + subject + " " + queue);
        }

        @Override
        public void message(String subject, String reply, List<String> queues, byte[] headers, byte[] payload) {
            ops.add("MSG " + subject + " " + reply + " " + queues + " "
                    + (headers == null ? "-" : new String(headers, StandardCharsets.UTF_8)) + "|"
                    + new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void protocolError(String message) {
            ops.add("PROTO " + message);
        }
    };

    private static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void decodesEveryOperation() {
        ByteBuf in = buf("INFO {\"a\":1}\r\nCONNECT {}\r\nPING\r\nPONG\r\n+OK\r\n-ERR 'Loop detected'\r\n"
                + "LS+ foo\r\nLS+ bar q 3\r\nLS- foo\r\nLS- bar q\r\n"
                + "LMSG a.b 2\r\nhi\r\nLMSG a.b r.1 2\r\nhi\r\nLMSG a.b + r.2 q1 q2 2\r\nhi\r\nLMSG a.b | q1 2\r\nhi\r\n"
                + "HMSG h 12 14\r\nNATS/1.0\r\n\r\nhi\r\nHMSG h | q 12 14\r\nNATS/1.0\r\n\r\nhi\r\n");
        assertThat(new LeafProtocolParser(1024).parse(in, recorder)).isTrue();
        assertThat(ops)
                .containsExactly(
                        "INFO {\"a\":1}",
                        "CONNECT {}",
                        "PING",
                        "PONG",
                        "+OK",
                        "ERR Loop detected",
                        "SUB foo null 1",
                        "SUB bar q 3",
                        "UNSUB foo null",
                        "UNSUB bar q",
                        "MSG a.b null [] -|hi",
                        "MSG a.b r.1 [] -|hi",
                        "MSG a.b r.2 [q1, q2] -|hi",
                        "MSG a.b null [q1] -|hi",
                        "MSG h null [] NATS/1.0\r\n\r\n|hi",
                        "MSG h null [q] NATS/1.0\r\n\r\n|hi");
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void waitsForWholeOperationsSplitAnywhere() {
        String wire = "LS+ foo\r\nLMSG a.b r 5\r\nhello\r\nHMSG h 12 14\r\nNATS/1.0\r\n\r\nhi\r\nPING\r\n";
        ByteBuf in = Unpooled.buffer();
        LeafProtocolParser p = new LeafProtocolParser(1024);
        for (byte b : wire.getBytes(StandardCharsets.UTF_8)) {
            in.writeByte(b);
            assertThat(p.parse(in, recorder)).isTrue();
            in.discardReadBytes();
        }
        assertThat(ops)
                .containsExactly("SUB foo null 1", "MSG a.b r [] -|hello", "MSG h null [] NATS/1.0\r\n\r\n|hi", "PING");
    }

    @Test
    void malformedOperationsAreProtocolErrors() {
        assertThat(new LeafProtocolParser(1024).parse(buf("PUB foo 1\r\nx\r\n"), recorder))
                .isFalse();
        assertThat(new LeafProtocolParser(1024).parse(buf("LS+ a b\r\n"), recorder))
                .isFalse();
        assertThat(new LeafProtocolParser(1024).parse(buf("LMSG a.b x y z 2\r\nhi\r\n"), recorder))
                .isFalse();
        assertThat(new LeafProtocolParser(1024).parse(buf("HMSG a 20 10\r\n"), recorder))
                .isFalse();
        assertThat(new LeafProtocolParser(4).parse(buf("LMSG a 10\r\n0123456789\r\n"), recorder))
                .isFalse();
        assertThat(ops)
                .containsExactly(
                        "PROTO Unknown Protocol Operation",
                        "PROTO processLeafSub Parse Error: 'a b'",
                        "PROTO processLeafMsgArgs Bad or Missing Reply Indicator: 'x'",
                        "PROTO processLeafMsgArgs Bad or Missing Size: 'a 20 10'",
                        "PROTO Maximum Payload Violation");
    }
}
