package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.it.tls.TlsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An account's {@code nkey} and an export's {@code account_token_position}, on this broker and on
 * {@code nats-server} 2.15.1 from the same text: the nkey is checked (a public account key) and changes nothing a
 * client sees — the account keeps its name; the token position lets an account import only subjects naming it;
 * {@code advertise} (a JWT-only export field) and bad values are refused with {@code nats-server}'s texts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountNkeyDifferentialTest {

    private static final String ACCOUNT_KEY = "ADMHMDX2LEUJRZQHGVSVRWZEJ2CPNHYO6TB4ZCZ37LXAX5SYNEW252GF";
    private static final String USER_KEY = "UAYQ3NTJIYHGNOPCBDWWJIX2HPZIYIVAIQ4UXNIMOIM6RFNO5EBNTGC5";
    private static final Duration WAIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static String accounts(String nkey, String exportExtra, String importSubject) {
        return "accounts {\n  A: {\n    nkey: " + nkey + "\n    users: [ {user: a, password: a} ]\n"
                + "    exports: [\n      {stream: \"t.*.x\", account_token_position: 2" + exportExtra + "}\n"
                + "      {service: \"s.*.q\", account_token_position: 2}\n    ]\n  }\n"
                + "  B: {\n    users: [ {user: b, password: b} ]\n"
                + "    imports: [\n      {stream: {account: A, subject: \"" + importSubject + "\"}}\n"
                + "      {service: {account: A, subject: \"s.B.q\"}}\n    ]\n  }\n}\n";
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void accountNkeyKeepsTheNameAndTokenPositionGuardsImports(TlsServer server) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found");
        try (TlsServer.Running r = server.start(dir, accounts(ACCOUNT_KEY, "", "t.B.x"));
                Connection a = connect(r.port(), "a");
                Connection b = connect(r.port(), "b")) {
            Subscription own = b.subscribe("t.B.x");
            b.flush(WAIT);
            Dispatcher service = a.createDispatcher(m -> a.publish(m.getReplyTo(), m.getData()));
            service.subscribe("s.*.q");
            a.flush(WAIT);
            a.publish("t.B.x", "mine".getBytes(StandardCharsets.UTF_8));
            a.publish("t.C.x", "other".getBytes(StandardCharsets.UTF_8));
            a.flush(WAIT);
            Message m = own.nextMessage(WAIT);
            assertThat(m).isNotNull();
            assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("mine");
            assertThat(own.nextMessage(Duration.ofMillis(300))).isNull();
            Message reply = b.request("s.B.q", "ping".getBytes(StandardCharsets.UTF_8), WAIT);
            assertThat(reply).isNotNull();
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("ping");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void badAccountNkeysAndTokenPositionsAreRefusedAsNatsServerRefusesThem(TlsServer server) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found");
        assertRefused(server, accounts("invalid", "", "t.B.x"), "Not a valid public nkey for an account: \"invalid\"");
        assertRefused(
                server,
                accounts(USER_KEY, "", "t.B.x"),
                "Not a valid public nkey for an account: \"" + USER_KEY + "\"");
        assertRefused(
                server,
                accounts(ACCOUNT_KEY, "", "t.C.x"),
                "Error adding stream import \"t.C.x\": stream import not authorized");
        assertRefused(
                server,
                accounts(ACCOUNT_KEY, "", "t.B.x").replace("account_token_position: 2}", "account_token_position: 1}"),
                "Error adding stream export \"t.*.x\": sublist: invalid subject");
        assertRefused(server, accounts(ACCOUNT_KEY, ", advertise: true", "t.B.x"), "advertise");
    }

    private void assertRefused(TlsServer server, String config, String fragment) {
        assertThatThrownBy(() -> server.start(dir, config).close()).hasMessageContaining(fragment);
    }

    private static Connection connect(int port, String user) throws Exception {
        return Nats.connect(new Options.Builder()
                .server("nats://127.0.0.1:" + port)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .noReconnect()
                .build());
    }
}
