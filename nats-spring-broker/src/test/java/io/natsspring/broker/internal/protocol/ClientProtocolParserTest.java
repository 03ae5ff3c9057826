package io.natsspring.broker.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientProtocolParserTest {

    private static final int MCL = 4096;
    private static final int MAX_PAYLOAD = 1024 * 1024;

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds the chunks one after another into an accumulating buffer, as the Netty decoder does. */
    private static List<String> decode(ClientProtocolParser parser, byte[]... chunks) {
        RecordingOpHandler r = new RecordingOpHandler();
        ByteBuf cumulation = Unpooled.buffer();
        for (byte[] chunk : chunks) {
            cumulation.writeBytes(chunk);
            parser.parse(cumulation, r);
            cumulation.discardReadBytes();
        }
        return r.ops;
    }

    private static List<String> decode(String... chunks) {
        byte[][] b = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            b[i] = ascii(chunks[i]);
        }
        return decode(new ClientProtocolParser(MCL, MAX_PAYLOAD), b);
    }

    private static final String STREAM = "CONNECT {\"verbose\":false,\"headers\":true}\r\n"
            + "SUB foo.* 1\r\n"
            + "SUB bar workers 22\r\n"
            + "PUB foo.a 5\r\nhello\r\n"
            + "PUB foo.b _INBOX.x 11\r\nPING\r\nPUB x\r\n"
            + "PUB empty 0\r\n\r\n"
            + "HPUB h.x 12 17\r\nNATS/1.0\r\n\r\nhello\r\n"
            + "HPUB h.y rep 24 24\r\nNATS/1.0\r\nA: b\r\nA: c\r\n\r\n\r\n"
            + "UNSUB 1\r\n"
            + "UNSUB 22 10\r\n"
            + "PING\r\nPONG\r\n";

    private static final List<String> STREAM_OPS = List.of(
            "CONNECT {\"verbose\":false,\"headers\":true}",
            "SUB foo.* - 1",
            "SUB bar workers 22",
            "PUB foo.a - [hello]",
            "PUB foo.b _INBOX.x [PING\r\nPUB x]",
            "PUB empty - []",
            "PUB h.x - hdr[NATS/1.0\r\n\r\n][hello]",
            "PUB h.y rep hdr[NATS/1.0\r\nA: b\r\nA: c\r\n\r\n][]",
            "UNSUB 1 -1",
            "UNSUB 22 10",
            "PING",
            "PONG");

    @Test
    void decodesAWholeStream() {
        assertThat(decode(STREAM)).containsExactlyElementsOf(STREAM_OPS);
    }

    @Test
    void decodesTheSameOpsWhateverTheSplitPoints() {
        byte[] all = ascii(STREAM);
        for (int i = 1; i < all.length; i++) {
            for (int j = i; j < all.length; j++) {
                byte[] a = java.util.Arrays.copyOfRange(all, 0, i);
                byte[] b = java.util.Arrays.copyOfRange(all, i, j);
                byte[] c = java.util.Arrays.copyOfRange(all, j, all.length);
                assertThat(decode(new ClientProtocolParser(MCL, MAX_PAYLOAD), a, b, c))
                        .as("split at %d and %d", i, j)
                        .containsExactlyElementsOf(STREAM_OPS);
            }
        }
    }

    @Test
    void decodesByteByByte() {
        byte[] all = ascii(STREAM);
        byte[][] chunks = new byte[all.length][];
        for (int i = 0; i < all.length; i++) {
            chunks[i] = new byte[] {all[i]};
        }
        assertThat(decode(new ClientProtocolParser(MCL, MAX_PAYLOAD), chunks)).containsExactlyElementsOf(STREAM_OPS);
    }

    @Test
    void incompleteInputIsLeftUnreadUntilMoreArrives() {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        RecordingOpHandler r = new RecordingOpHandler();
        ByteBuf in = Unpooled.buffer().writeBytes(ascii("PING\r\nPUB a 10\r\n01234"));
        assertThat(parser.parse(in, r)).isTrue();
        assertThat(r.ops).containsExactly("PING");
        // the verb is consumed and remembered; its arguments and payload wait for the rest
        assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("a 10\r\n01234");
        in.writeBytes(ascii("56789\r\n"));
        assertThat(parser.parse(in, r)).isTrue();
        assertThat(r.ops).containsExactly("PING", "PUB a - [0123456789]");
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void verbsAreCaseInsensitive() {
        assertThat(decode("connect {}\r\nsub a 1\r\nSuB a q 2\r\npub a 1\r\nx\r\nPuB a 1\r\ny\r\n"
                        + "hpub a 5 5\r\nH/1\r\n\r\nunsub 1\r\nUnSuB 2 3\r\nping\r\nPiNg\r\npong\r\nPoNg\r\n"))
                .containsExactly(
                        "CONNECT {}",
                        "SUB a - 1",
                        "SUB a q 2",
                        "PUB a - [x]",
                        "PUB a - [y]",
                        "PUB a - hdr[H/1\r\n][]",
                        "UNSUB 1 -1",
                        "UNSUB 2 3",
                        "PING",
                        "PING",
                        "PONG",
                        "PONG");
    }

    @Test
    void argumentsMaySeparatedByTabsAndRunsOfSpaces() {
        assertThat(decode("PUB\tfoo \t bar\t\t3\r\nabc\r\nSUB  foo\t\tq   7\r\nUNSUB \t7\t 2\r\n"
                        + "CONNECT \t{\"a\":1}\r\n"))
                .containsExactly("PUB foo bar [abc]", "SUB foo q 7", "UNSUB 7 2", "CONNECT {\"a\":1}");
    }

    @Test
    void bareNewlineEndsALine() {
        assertThat(decode("PING\nSUB a 1\nPUB a 2\nhi\r\nPONG\n"))
                .containsExactly("PING", "SUB a - 1", "PUB a - [hi]", "PONG");
    }

    @Test
    void zeroLengthPayloads() {
        assertThat(decode("PUB a 0\r\n\r\nPUB a r 0\r\n\r\nHPUB a 0 0\r\n\r\n"))
                .containsExactly("PUB a - []", "PUB a r []", "PUB a - hdr[][]");
    }

    @Test
    void payloadOverMaxPayloadFailsBeforeThePayloadArrives() {
        assertThat(decode(new ClientProtocolParser(MCL, 10), ascii("PUB a 10\r\n0123456789\r\nPUB a 11\r\n")))
                .containsExactly("PUB a - [0123456789]", "ERROR MAX_PAYLOAD_VIOLATION");
        assertThat(decode(new ClientProtocolParser(MCL, 10), ascii("HPUB a 5 11\r\n")))
                .containsExactly("ERROR MAX_PAYLOAD_VIOLATION");
    }

    @Test
    void maxPayloadCanBeChangedAtRuntime() {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, 100);
        parser.maxPayload(4);
        assertThat(decode(parser, ascii("PUB a 5\r\n"))).containsExactly("ERROR MAX_PAYLOAD_VIOLATION");
    }

    @Test
    void controlLineLongerThanTheLimitFails() {
        String subject = "s".repeat(60);
        assertThat(decode(new ClientProtocolParser(64, MAX_PAYLOAD), ascii("SUB " + subject + " 1\r\n")))
                .containsExactly("SUB " + subject + " - 1");
        assertThat(decode(new ClientProtocolParser(64, MAX_PAYLOAD), ascii("SUB " + subject + "xxxxxxxxxx 1\r\n")))
                .containsExactly("ERROR MAX_CONTROL_LINE_EXCEEDED");
    }

    @Test
    void controlLineLimitAppliesBeforeTheNewline() {
        ClientProtocolParser parser = new ClientProtocolParser(64, MAX_PAYLOAD);
        // under the limit and unterminated: wait for more
        assertThat(decode(parser, ascii("PUB " + "s".repeat(40)))).isEmpty();
        assertThat(parser.failed()).isFalse();
        // far over the limit and still no newline: fail without waiting
        assertThat(decode(new ClientProtocolParser(64, MAX_PAYLOAD), ascii("PUB " + "s".repeat(200))))
                .containsExactly("ERROR MAX_CONTROL_LINE_EXCEEDED");
        // a long PUB payload is not a long control line
        assertThat(decode(new ClientProtocolParser(64, MAX_PAYLOAD), ascii("PUB a 300\r\n" + "p".repeat(300) + "\r\n")))
                .hasSize(1)
                .allMatch(op -> op.startsWith("PUB a - [ppp"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u0000",
                "\u00ff\u00fe",
                "X",
                "FOO",
                "PUBX",
                "SUBB",
                "UNSUBSCRIBE",
                " PING",
                "\tPUB",
                "+X",
                "-ERRX",
                "INFX",
                "MSG"
            })
    void garbageIsDetectedWithoutWaitingForANewline(String garbage) {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        assertThat(decode(parser, ascii(garbage))).containsExactly("ERROR UNKNOWN_OPERATION");
        assertThat(parser.failed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "P",
                "PU",
                "PUB",
                "PUB ",
                "H",
                "HPU",
                "S",
                "SU",
                "U",
                "UNSU",
                "PI",
                "PIN",
                "PING",
                "PING\r",
                "PO",
                "C",
                "CONNEC",
                "CONNECT",
                "c",
                "conn",
                "PUB foo",
                "SUB foo 1\r"
            })
    void validPrefixesWaitForMoreInput(String prefix) {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        assertThat(decode(parser, ascii(prefix))).isEmpty();
        assertThat(parser.failed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "FOO bar\r\n",
                "\r\n",
                "SUB\r\n",
                "UNSUB\r\n",
                "PUB foo 2\r\nhiXX",
                "PUB foo 2\r\nhi\rX",
                "PUB foo 0\r\nX\r\n",
                "PUBLISH foo 1\r\n",
                "-ERR\r\n"
            })
    void malformedOperationsAreProtocolErrors(String op) {
        assertThat(decode(op + "PING\r\n")).containsExactly("ERROR UNKNOWN_OPERATION");
    }

    /** nats-server closes after these without -ERR. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "PUB foo abc\r\n",
                "PUB foo -1\r\n",
                "PUB foo\r\n",
                "PUB a b c 1\r\n",
                "HPUB foo 10 5\r\n",
                "HPUB foo 5\r\n",
                "HPUB foo x 5\r\n",
                "SUB foo\r\n",
                "SUB a b c d\r\n",
                "SUB foo.* q 2\rPING\r\n",
                "UNSUB 1 2 3\r\n",
                "PUB foo 1234567890\r\n"
            })
    void malformedArgumentsAreBadArguments(String op) {
        assertThat(decode(op + "PING\r\n")).containsExactly("ERROR BAD_ARGUMENTS");
    }

    @Test
    void aClientErrIsAClientError() {
        assertThat(decode("PING\r\n-ERR 'x'\r\nPING\r\n")).containsExactly("PING", "ERROR CLIENT_ERROR");
    }

    /** As nats-server: PING, PONG and +OK ignore the rest of their line; INFO is handed over; UNSUB max lax. */
    @Test
    void lenientOperationsAsNatsServer() {
        assertThat(decode("PINGx\r\nPING foo bar\r\nPONGPONG\n+OK\r\n+okay\r\nPING\r\n"))
                .containsExactly("PING", "PING", "PONG", "PING");
        assertThat(decode("UNSUB 1 x\r\nUNSUB 2 -1\r\nUNSUB 3 7\r\n"))
                .containsExactly("UNSUB 1 0", "UNSUB 2 0", "UNSUB 3 7");
        assertThat(decode("PING " + "x".repeat(10_000) + "\r\nPING\r\n")).containsExactly("PING", "PING");
    }

    /** A CR among SUB arguments separates tokens, and the byte before the newline is dropped (nats-server). */
    @Test
    void carriageReturnInsideArguments() {
        assertThat(decode("SUB foo.* q\r2\r\nPING\r\n")).containsExactly("SUB foo.* q 2", "PING");
        assertThat(decode("SUB foo 1\rX\nPING\r\n")).containsExactly("SUB foo - 1", "PING");
        assertThat(decode("SUB \nfoo 1\nPING\r\n")).containsExactly("SUB foo - 1", "PING");
    }

    /** A payload followed by a bare newline is refused at once, not after another byte (issue 19, defect 5). */
    @Test
    void payloadTerminatorIsCheckedAsSoonAsItArrives() {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        assertThat(decode(parser, ascii("PUB foo 007\r\n\r\nPING\r\n"))).containsExactly("ERROR UNKNOWN_OPERATION");
        assertThat(decode(new ClientProtocolParser(MCL, MAX_PAYLOAD), ascii("PUB foo 3\r\nabcX")))
                .containsExactly("ERROR UNKNOWN_OPERATION");
    }

    @Test
    void nothingIsDecodedAfterAFailure() {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        RecordingOpHandler r = new RecordingOpHandler();
        ByteBuf in = Unpooled.copiedBuffer(ascii("PING\r\nBAD\r\nPING\r\n"));
        assertThat(parser.parse(in, r)).isFalse();
        assertThat(in.isReadable()).isFalse();
        assertThat(parser.parse(Unpooled.copiedBuffer(ascii("PING\r\n")), r)).isFalse();
        assertThat(r.ops).containsExactly("PING", "ERROR UNKNOWN_OPERATION");
    }

    @Test
    void handlerCanStopParsing() {
        ClientProtocolParser parser = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        RecordingOpHandler r = new RecordingOpHandler();
        r.stopAfterNext = true;
        ByteBuf in = Unpooled.copiedBuffer(ascii("PING\r\nPING\r\n"));
        assertThat(parser.parse(in, r)).isFalse();
        assertThat(r.ops).containsExactly("PING");
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void connectMustComeFirstWhenRequired() {
        ClientProtocolParser strict = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        strict.requireConnectFirst(true);
        assertThat(decode(strict, ascii("PING\r\n"))).containsExactly("BEFORE_CONNECT");

        ClientProtocolParser ok = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        ok.requireConnectFirst(true);
        assertThat(decode(ok, ascii("connect {}\r\nPING\r\n"))).containsExactly("CONNECT {}", "PING");

        ClientProtocolParser partial = new ClientProtocolParser(MCL, MAX_PAYLOAD);
        partial.requireConnectFirst(true);
        assertThat(decode(partial, ascii("PUB foo 2\r\nhi\r\n"))).containsExactly("BEFORE_CONNECT");
    }

    @Test
    void pingAndPongIgnoreTrailingTextAsNatsServerDoes() {
        assertThat(decode("PING extra words\r\nPONG 1\r\nPING\r\n")).containsExactly("PING", "PONG", "PING");
    }
}
