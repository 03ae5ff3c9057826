package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tls { verify: true, ocsp_peer: ... }}: client certificates checked by OCSP against a BouncyCastle test
 * responder, on our broker and on {@code nats-server} 2.15.1 from the same configuration text. A good certificate
 * connects; a revoked one, one the responder calls unknown, and one whose responder can not be reached fail the
 * TLS handshake (nats-server's defaults).
 */
class OcspPeerDifferentialTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static OcspResponder responder;
    private static TestPki.Issued good;
    private static TestPki.Issued revoked;
    private static TestPki.Issued unknown;
    private static TestPki.Issued unreachable;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
        responder = new OcspResponder(pki.ca());
        good = pki.clientWithOcsp("good", "CN=good,O=Acme", responder.url());
        revoked = pki.clientWithOcsp("revoked", "CN=revoked,O=Acme", responder.url());
        unknown = pki.clientWithOcsp("unknown", "CN=unknown,O=Acme", responder.url());
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        unreachable = pki.clientWithOcsp("unreachable", "CN=unreachable,O=Acme", "http://127.0.0.1:" + closedPort);
        responder.revoke(revoked.certificate());
        responder.unknown(unknown.certificate());
    }

    @AfterAll
    static void stopResponder() {
        responder.close();
    }

    @AfterEach
    void closeAll() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        open.clear();
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void ocspPeerTrueAcceptsGoodAndRefusesRevokedClientCertificates(TlsServer server) throws Exception {
        assertOcspVerdicts(server, "ocsp_peer: true");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void ocspPeerBlockWithVerifyChecksAsTrueDoes(TlsServer server) throws Exception {
        assertOcspVerdicts(server, "ocsp_peer: { verify: true }");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void ocspPeerVerifyFalseChecksNothing(TlsServer server) throws Exception {
        int port = start(server, "ocsp_peer: { verify: false }").port();
        int before = responder.requests();
        assertPubSub(connect(options(port).sslContext(revoked.clientContext(pki.ca()))));
        assertThat(responder.requests()).isEqualTo(before);
    }

    private void assertOcspVerdicts(TlsServer server, String ocspPeer) throws Exception {
        int port = start(server, ocspPeer).port();
        assertPubSub(connect(options(port).sslContext(good.clientContext(pki.ca()))));
        // nats-server caches responses (ocsp_cache), so a second server may not ask again: asked at least once
        assertThat(responder.requests()).as("the responder was asked").isPositive();
        assertThatThrownBy(() -> connectFails(options(port).sslContext(revoked.clientContext(pki.ca()))))
                .as("revoked")
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> connectFails(options(port).sslContext(unknown.clientContext(pki.ca()))))
                .as("unknown")
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> connectFails(options(port).sslContext(unreachable.clientContext(pki.ca()))))
                .as("responder unreachable")
                .isInstanceOf(Exception.class);
        assertPubSub(connect(options(port).sslContext(good.clientContext(pki.ca()))));
    }

    private TlsServer.Running start(TlsServer server, String ocspPeer) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + TlsServer.REFERENCE);
        String config = "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n  ca_file: \"" + pki.ca().certFile() + "\"\n  verify: true\n  "
                + ocspPeer + "\n}\n";
        TlsServer.Running r = server.start(dir, config);
        open.add(r);
        return r;
    }

    private Connection connectFails(Options.Builder options) throws Exception {
        return connect(options.connectionTimeout(Duration.ofSeconds(2)));
    }

    private Connection connect(Options.Builder options) throws Exception {
        Connection c = Nats.connect(options.maxReconnects(0).noReconnect().build());
        open.add(0, c);
        return c;
    }

    private static void assertPubSub(Connection c) throws Exception {
        Subscription s = c.subscribe("ocsp.check");
        c.flush(Duration.ofSeconds(3));
        c.publish("ocsp.check", "ok".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(3));
        assertThat(m).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    private static Options.Builder options(int port) {
        return new Options.Builder().server("nats://127.0.0.1:" + port).connectionTimeout(Duration.ofSeconds(15));
    }
}
