package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client protocol over a plain socket: framing, errors, and that hostile input harms nobody else. */
class RawProtocolTest extends BrokerTestSupport {

    private NatsBroker broker;

    @BeforeEach
    void start() {
        broker = startBroker(BrokerOptions.builder().maxControlLine(512).maxPayload(1024));
    }

    @Test
    void infoDescribesTheServer() throws Exception {
        String info = raw(broker).readInfo();
        assertThat(info)
                .contains(
                        "\"server_id\":\"N",
                        "\"proto\":1",
                        "\"headers\":true",
                        "\"max_payload\":1024",
                        "\"version\":\"" + io.natsspring.broker.internal.jetstream.base.ServerVersion.NATS_SERVER
                                + "\"");
        assertThat(info).doesNotContain("auth_required");
        // nats-server 2.15 names its JetStream API level after client_ip, with or without JetStream
        assertThat(info)
                .containsPattern("\"client_ip\":\"[^\"]*\",\"api_lvl\":"
                        + io.natsspring.broker.internal.jetstream.base.ApiLevel.LEVEL);
    }

    @Test
    void pingPongWithAndWithoutConnect() throws Exception {
        RawClient c = raw(broker);
        c.readInfo();
        c.expectAlive();
        c.send("CONNECT {\"verbose\":false}\r\nPING\r\nPING\r\n").expect("PONG").expect("PONG");
    }

    @Test
    void verboseModeAcknowledgesEveryOperation() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":true}");
        c.expect("+OK");
        c.send("SUB v.x 1\r\n").expect("+OK");
        c.send("PUB v.x 2\r\nhi\r\n").expect("+OK").expect("MSG v.x 1 2").expect("hi");
        c.send("UNSUB 1\r\n").expect("+OK");
        c.send("PUB v.x 2\r\nhi\r\nPING\r\n").expect("+OK").expect("PONG");
    }

    @Test
    void verbsAreCaseInsensitiveAndArgumentsMayUseTabsAndBareNewlines() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false,\"headers\":true}");
        c.send("Sub  ci.x\t 3\r\npub ci.x \t 5\nhello\r\nhPuB ci.x 12 14\r\nNATS/1.0\r\n\r\nab\r\nUnSub 3\nPiNg\n");
        c.expect("MSG ci.x 3 5").expect("hello");
        c.expect("HMSG ci.x 3 12 14").expect("NATS/1.0").expect("").expect("ab");
        c.expect("PONG");
        c.send("PUB ci.x 0\r\n\r\nPING\r\n").expect("PONG");
    }

    @Test
    void publishWithReplyAndEmptyPayload() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("SUB r.x 1\r\nPUB r.x my.reply 0\r\n\r\nPING\r\n");
        c.expect("MSG r.x 1 my.reply 0").expect("").expect("PONG");
    }

    @Test
    void unknownVerbIsAnErrorThatCloses() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("FOO bar\r\n").expectErrAndClose("Unknown Protocol Operation");
        assertBrokerHealthy(broker);
    }

    @Test
    void binaryGarbageIsRejectedWithoutWaitingForANewline() throws Exception {
        RawClient c = raw(broker);
        c.readInfo();
        c.send(new byte[] {0x00, (byte) 0xff, 0x13, 0x37, (byte) 0x80});
        c.expectErrAndClose("Unknown Protocol Operation");
        assertBrokerHealthy(broker);
    }

    /** As nats-server: malformed arguments close the connection without an -ERR. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "PUB foo abc\r\n",
                "PUB foo -1\r\n",
                "HPUB foo 10 5\r\n",
                "PUB foo\r\n",
                "PUB foo bar baz 1 2\r\n",
                "SUB foo.* q 2\rPING\r\n",
                "PUB foo 99999999999\r\n"
            })
    void malformedArgumentsCloseTheConnection(String op) throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send(op + "PING\r\n");
        assertThat(c.readUntilClosed())
                .as("nothing, not even a PONG, after a bad " + op.trim())
                .isEmpty();
        assertBrokerHealthy(broker);
    }

    @Test
    void oversizeControlLineIsAnErrorThatCloses() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("SUB " + "a".repeat(600) + " 1\r\n").expectErrAndClose("maximum control line exceeded");
        assertBrokerHealthy(broker);
    }

    @Test
    void oversizeControlLineIsDetectedBeforeItsNewline() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("PUB " + "a".repeat(2000)).expectErrAndClose("maximum control line exceeded");
        assertBrokerHealthy(broker);
    }

    @Test
    void truncatedFrameIsAnErrorThatCloses() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("SUB t.x 1\r\nPUB t.x 10\r\nshortXXXXXXXX\r\nPING\r\n");
        List<String> lines = c.readUntilClosed();
        assertThat(lines).containsExactly("-ERR 'Unknown Protocol Operation'");
        assertBrokerHealthy(broker);
    }

    @Test
    void payloadOverMaxPayloadIsAViolationThatCloses() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        c.send("PUB big 1025\r\n").expectErrAndClose("Maximum Payload Violation");
        assertBrokerHealthy(broker);
    }

    @Test
    void invalidSubscribeSubjectKeepsTheConnection() throws Exception {
        RawClient c = raw(broker).handshake("{\"verbose\":false}");
        for (String bad : List.of("foo..bar", "foo.", ".foo", "foo.>.bar", "foo.*x")) {
            c.send("SUB " + bad + " 1\r\n");
            if (bad.equals("foo.*x")) {
                // '*x' is a literal token, not a wildcard: valid
                c.expectAlive();
                continue;
            }
            c.expect("-ERR 'Invalid Subject'");
            c.expectAlive();
        }
        assertBrokerHealthy(broker);
    }

    @Test
    void wildcardPublishSubjectIsLiteralUnlessPedantic() throws Exception {
        RawClient lax = raw(broker).handshake("{\"verbose\":false,\"pedantic\":false}");
        lax.send("SUB > 1\r\n");
        lax.send("PUB foo.* 2\r\nhi\r\nPING\r\n")
                .expect("MSG foo.* 1 2")
                .expect("hi")
                .expect("PONG");

        RawClient c = raw(broker).handshake("{\"verbose\":false,\"pedantic\":true}");
        c.send("SUB > 1\r\n");
        // as nats-server 2.15: pedantic mode reports the subject and still publishes it
        c.send("PUB foo.* 2\r\nhi\r\n")
                .expect("-ERR 'Invalid Publish Subject'")
                .expect("MSG foo.* 1 2")
                .expect("hi");
        c.send("PUB foo.> 2\r\nhi\r\n")
                .expect("-ERR 'Invalid Publish Subject'")
                .expect("MSG foo.> 1 2")
                .expect("hi");
        c.send("PUB foo..bar 2\r\nhi\r\n").expect("-ERR 'Invalid Publish Subject'");
        c.expectAlive();
        // a subject with an empty token matches no subscription
        c.send("PUB ok.x 2\r\nok\r\nPING\r\n")
                .expect("MSG ok.x 1 2")
                .expect("ok")
                .expect("PONG");
        assertBrokerHealthy(broker);
    }

    @Test
    void maxConnectionsRejectsTheNextClientAfterInfo() throws Exception {
        NatsBroker limited = startBroker(BrokerOptions.builder().maxConnections(2));
        RawClient a = raw(limited);
        a.readInfo();
        RawClient b = raw(limited);
        b.readInfo();
        a.expectAlive();
        b.expectAlive();
        RawClient third = raw(limited);
        third.readInfo();
        third.expectErrAndClose("maximum connections exceeded");
        assertThat(limited.connectionCount()).isEqualTo(2);
        // a slot frees up when a client leaves
        a.close();
        await().atMost(WAIT).until(() -> limited.connectionCount() == 1);
        assertBrokerHealthy(limited);
    }

    @Test
    void staleConnectionIsClosedAfterMaxPingsOut() throws Exception {
        NatsBroker pinging = startBroker(BrokerOptions.builder()
                .pingInterval(java.time.Duration.ofMillis(200))
                .maxPingsOut(2));
        RawClient c = raw(pinging).handshake("{\"verbose\":false}");
        List<String> lines = c.readUntilClosed();
        assertThat(lines).containsExactly("PING", "PING", "-ERR 'Stale Connection'");
        await().atMost(WAIT).until(() -> pinging.connectionCount() == 0);
    }

    @Test
    void answeringPingsKeepsTheConnection() throws Exception {
        // generous: on a loaded machine the answer to one PING may come after the next
        NatsBroker pinging = startBroker(BrokerOptions.builder()
                .pingInterval(java.time.Duration.ofMillis(250))
                .maxPingsOut(3));
        RawClient c = raw(pinging).handshake("{\"verbose\":false}");
        for (int i = 0; i < 5; i++) {
            c.expect("PING");
            c.send("PONG\r\n");
        }
        assertThat(pinging.connectionCount()).isEqualTo(1);
    }

    @Test
    void noPingWhileTheClientSendsTraffic() throws Exception {
        NatsBroker pinging = startBroker(BrokerOptions.builder()
                .pingInterval(java.time.Duration.ofSeconds(1))
                .maxPingsOut(1));
        RawClient c = raw(pinging).handshake("{\"verbose\":false}");
        // as nats-server: one PING to measure the round trip, then none while messages keep coming
        c.expect("PING");
        for (int i = 0; i < 70; i++) { // 3.5 s of traffic, PING never answered
            c.send("PUB traffic 0\r\n\r\n");
            Thread.sleep(50);
        }
        c.expectAlive();
        // once the client falls silent, the unanswered PING makes it stale
        c.expectErrAndClose("Stale Connection");
    }
}
