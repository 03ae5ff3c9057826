package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.PermissionsConfig;
import io.natsspring.broker.UserConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Authentication and authorization. Tests marked "real auth" in their names need the auth branch's
 * Authenticator/Permissions; with the temporary stubs they are expected to fail.
 */
class AuthTest extends BrokerTestSupport {

    /** bcrypt (cost 4) of "carol-pw". */
    private static final String CAROL_BCRYPT = "$2a$04$natsspringtestsaltvaluJ30l87M6OL9KKpC.Uwu7AVF8QnypwGK";

    /**
     * The broker answers a bad CONNECT with -ERR and closes, but jnats notes that and still waits for its
     * connection timeout before failing, hence the refusal taken from the -ERR ({@link JnatsLogin}).
     */
    private void assertRejected(NatsBroker broker, Options.Builder options) {
        int before = broker.connectionCount();
        List<String> errors = new CopyOnWriteArrayList<>();
        options.errorListener(new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                errors.add(error);
            }
        });
        assertThatThrownBy(() -> JnatsLogin.connect(
                                () -> Nats.connect(options.noReconnect()
                                        .connectionTimeout(Duration.ofSeconds(5))
                                        .build()),
                                errors,
                                Duration.ofSeconds(10))
                        .close())
                .isInstanceOf(IOException.class)
                .hasStackTraceContaining("Authorization Violation");
        await().atMost(WAIT).until(() -> broker.connectionCount() <= before);
    }

    private void assertPubSubWorks(Connection c) throws Exception {
        Subscription s = c.subscribe("auth.ok");
        c.publish("auth.ok", bytes("in"));
        Message m = s.nextMessage(WAIT);
        assertThat(m).isNotNull();
        assertThat(text(m)).isEqualTo("in");
        s.unsubscribe();
    }

    @Test
    void slowBcryptCheckHoldsBackPipelinedInputAndBlocksNoOtherClient() throws Exception {
        // cost 12: a few hundred milliseconds of bcrypt, run off the network threads
        String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(12, "pw".toCharArray());
        NatsBroker broker = startBroker(BrokerOptions.builder().addUser(new UserConfig("slow", hash)));
        Connection other = connect(options(broker).userInfo("slow", "pw"));
        RawClient c = raw(broker);
        c.readInfo();
        c.send("CONNECT {\"verbose\":false,\"user\":\"slow\",\"pass\":\"pw\"}\r\n"
                + "SUB p.x 1\r\nPUB p.x 2\r\nok\r\nPING\r\n");
        // answered while the slow check runs (if the check ran on the network threads this would wait for it)
        assertThat(other.RTT()).isLessThan(Duration.ofMillis(250));
        c.expect("MSG p.x 1 2").expect("ok").expect("PONG");
    }

    @Test
    void tokenAuthentication() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().token("s3cret"));
        assertThat(raw(broker).readInfo()).contains("\"auth_required\":true");
        assertPubSubWorks(connect(options(broker).token("s3cret".toCharArray())));
        assertRejected(broker, options(broker).token("wrong".toCharArray()));
        assertRejected(broker, options(broker));
    }

    @Test
    void userPasswordAuthentication_realAuth() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().user("alice").password("pw"));
        assertPubSubWorks(connect(options(broker).userInfo("alice", "pw")));
        assertRejected(broker, options(broker).userInfo("alice", "nope"));
        assertRejected(broker, options(broker).userInfo("mallory", "pw"));
        assertRejected(broker, options(broker));
    }

    @Test
    void usersListWithPlainAndBcryptPasswords_realAuth() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder()
                .users(List.of(new UserConfig("bob", "bob-pw"), new UserConfig("carol", CAROL_BCRYPT))));
        assertPubSubWorks(connect(options(broker).userInfo("bob", "bob-pw")));
        assertPubSubWorks(connect(options(broker).userInfo("carol", "carol-pw")));
        assertRejected(broker, options(broker).userInfo("carol", CAROL_BCRYPT));
        assertRejected(broker, options(broker).userInfo("bob", "carol-pw"));
    }

    @Test
    void bcryptVersionsThatNatsServerAccepts() throws Exception {
        // libxcrypt hashes of "pw"; nats-server 2.15.1 accepts each of them for "pw" and nothing else
        String digest = "04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.";
        NatsBroker broker = startBroker(BrokerOptions.builder()
                .users(List.of(
                        new UserConfig("a", "$2a$" + digest),
                        new UserConfig("b", "$2b$" + digest),
                        new UserConfig("x", "$2x$" + digest),
                        new UserConfig("y", "$2y$" + digest),
                        new UserConfig("c", "$2c$" + digest))));
        for (String user : List.of("a", "b", "x", "y")) {
            assertPubSubWorks(connect(options(broker).userInfo(user, "pw")));
            assertRejected(broker, options(broker).userInfo(user, "pW"));
        }
        // not a version nats-server knows: the configured text is a plain password
        assertPubSubWorks(connect(options(broker).userInfo("c", "$2c$" + digest)));
        assertRejected(broker, options(broker).userInfo("c", "pw"));
    }

    @Test
    void operationBeforeConnectIsAnAuthorizationViolation() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().token("s3cret"));
        RawClient c = raw(broker);
        c.readInfo();
        c.send("PUB foo 2\r\nhi\r\n").expectErrAndClose("Authorization Violation");
        RawClient ping = raw(broker);
        ping.readInfo();
        ping.send("PING\r\n").expectErrAndClose("Authorization Violation");
        assertPubSubWorks(connect(options(broker).token("s3cret".toCharArray())));
    }

    @Test
    void rawConnectWithBadTokenIsRejected() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().token("s3cret"));
        raw(broker)
                .handshake("{\"verbose\":false,\"auth_token\":\"nope\"}")
                .expectErrAndClose("Authorization Violation");
        raw(broker)
                .handshake("{\"verbose\":true,\"auth_token\":\"s3cret\"}")
                .expect("+OK")
                .expectAlive();
    }

    @Test
    void authenticationTimeout() throws Exception {
        NatsBroker broker = startBroker(BrokerOptions.builder().token("s3cret").authTimeout(Duration.ofMillis(300)));
        RawClient c = raw(broker);
        c.readInfo();
        long t0 = System.nanoTime();
        c.expectErrAndClose("Authentication Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(200));
        // a client that authenticates in time is not affected by the timer
        RawClient ok = raw(broker).handshake("{\"verbose\":false,\"auth_token\":\"s3cret\"}");
        Thread.sleep(400);
        ok.expectAlive();
    }

    private static final PermissionsConfig LIMITED = new PermissionsConfig(
            List.of("allowed.>", "_INBOX.>"), List.of("allowed.secret"),
            List.of("allowed.>", "_INBOX.>"), List.of("allowed.hidden"));

    private NatsBroker permissionsBroker() {
        return startBroker(BrokerOptions.builder()
                .users(List.of(new UserConfig("limited", "pw", LIMITED), new UserConfig("admin", "pw"))));
    }

    @Test
    void deniedPublishIsReportedAndConnectionStaysUp_realAuth() throws Exception {
        NatsBroker broker = permissionsBroker();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        ErrorListener listener = new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                errors.add(error);
            }
        };
        Connection admin = connect(options(broker).userInfo("admin", "pw"));
        Subscription watch = admin.subscribe(">");
        admin.flush(WAIT);
        Connection limited = connect(options(broker).userInfo("limited", "pw").errorListener(listener));

        limited.publish("forbidden.topic", bytes("x"));
        limited.publish("allowed.secret", bytes("x"));
        limited.publish("allowed.fine", bytes("ok"));
        limited.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.size() >= 2);
        assertThat(errors)
                .anySatisfy(e ->
                        assertThat(e).containsIgnoringCase("Permissions Violation for Publish to \"forbidden.topic\""));
        assertThat(errors)
                .anySatisfy(e ->
                        assertThat(e).containsIgnoringCase("Permissions Violation for Publish to \"allowed.secret\""));
        assertThat(limited.getStatus()).isEqualTo(Connection.Status.CONNECTED);

        Message m = watch.nextMessage(WAIT);
        assertThat(m.getSubject()).as("only the allowed publish got through").isEqualTo("allowed.fine");
    }

    @Test
    void deniedSubscribeIsReportedAndConnectionStaysUp_realAuth() throws Exception {
        NatsBroker broker = permissionsBroker();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        ErrorListener listener = new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                errors.add(error);
            }
        };
        Connection limited = connect(options(broker).userInfo("limited", "pw").errorListener(listener));
        Subscription denied = limited.subscribe("other.things");
        Subscription hidden = limited.subscribe("allowed.hidden");
        Subscription fine = limited.subscribe("allowed.visible");
        limited.flush(WAIT);
        await().atMost(WAIT).until(() -> errors.size() >= 2);
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .containsIgnoringCase("Permissions Violation for Subscription to \"other.things\""));
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .containsIgnoringCase("Permissions Violation for Subscription to \"allowed.hidden\""));
        assertThat(limited.getStatus()).isEqualTo(Connection.Status.CONNECTED);

        Connection admin = connect(options(broker).userInfo("admin", "pw"));
        admin.publish("other.things", bytes("no"));
        admin.publish("allowed.hidden", bytes("no"));
        admin.publish("allowed.visible", bytes("yes"));
        admin.flush(WAIT);
        assertThat(text(fine.nextMessage(WAIT))).isEqualTo("yes");
        limited.flush(WAIT);
        assertThat(denied.getPendingMessageCount()).isZero();
        assertThat(hidden.getPendingMessageCount()).isZero();
        // request/reply through the allowed _INBOX still works for the limited user
        admin.createDispatcher(r -> admin.publish(r.getReplyTo(), bytes("pong")))
                .subscribe("allowed.svc");
        admin.flush(WAIT);
        assertThat(text(limited.request("allowed.svc", bytes("ping"), WAIT))).isEqualTo("pong");
    }

    @Test
    void queueSubscribeDenialNamesTheQueue_realAuth() throws Exception {
        NatsBroker broker = permissionsBroker();
        RawClient c = raw(broker).handshake("{\"verbose\":false,\"user\":\"limited\",\"pass\":\"pw\"}");
        c.send("SUB other.q workers 1\r\n")
                .expect("-ERR 'Permissions Violation for Subscription to \"other.q\" using queue \"workers\"'");
        c.send("PUB nope 0\r\n\r\n").expect("-ERR 'Permissions Violation for Publish to \"nope\"'");
        c.expectAlive();
    }
}
