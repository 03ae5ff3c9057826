package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@code ocsp_peer} options and the peer response cache ({@code ocsp_cache}), on our broker and on
 * {@code nats-server} 2.15.1 from the same text, against the BouncyCastle test responder: {@code unknown_is_good}
 * lets an unknown certificate in, {@code allow_when_ca_unreachable} one whose responder does not answer,
 * {@code warn_only} even a revoked one; a current response is asked once and then cached ({@code ocsp_cache:
 * false} asks every time).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OcspPeerOptionsDifferentialTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static OcspResponder responder;
    private static TestPki.Issued good;
    private static TestPki.Issued revoked;
    private static TestPki.Issued unknown;
    private static TestPki.Issued unreachable;

    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

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
    void unknownIsGoodLetsAnUnknownCertificateIn(TlsServer server) throws Exception {
        int port = start(server, "", "ocsp_peer: { verify: true, unknown_is_good: true }");
        connect(port, unknown);
        connect(port, good);
        assertEachRefused(port, revoked, unreachable);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void allowWhenCaUnreachableLetsACertificateWithoutAnswerIn(TlsServer server) throws Exception {
        int port = start(server, "", "ocsp_peer: { verify: true, allow_when_ca_unreachable: true, ca_timeout: 1 }");
        connect(port, unreachable);
        connect(port, good);
        assertEachRefused(port, revoked, unknown);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void warnOnlyLetsEveryVerifiedCertificateIn(TlsServer server) throws Exception {
        int port = start(server, "", "ocsp_peer: { verify: true, warn_only: true }");
        connect(port, revoked);
        connect(port, unknown);
        connect(port, unreachable);
        connect(port, good);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void aCurrentResponseIsAskedOnceThenCached(TlsServer server) throws Exception {
        int port = start(server, "", "ocsp_peer: true");
        int before = responder.requests();
        connect(port, good);
        connect(port, good);
        assertRefused(port, revoked);
        assertRefused(port, revoked);
        assertThat(responder.requests() - before)
                .as("responder asked once per certificate")
                .isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void withoutCacheEveryHandshakeAsks(TlsServer server) throws Exception {
        int port = start(server, "ocsp_cache: false\n", "ocsp_peer: true");
        int before = responder.requests();
        connect(port, good);
        connect(port, good);
        assertThat(responder.requests() - before).isEqualTo(2);
    }

    private int start(TlsServer server, String top, String ocspPeer) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + TlsServer.REFERENCE);
        // a directory of its own: nats-server keeps its peer cache (_rc_/) in its working directory
        Path own = Files.createTempDirectory(dir, "run");
        String config = top + "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n  ca_file: \"" + pki.ca().certFile() + "\"\n  verify: true\n  "
                + ocspPeer + "\n}\n";
        TlsServer.Running r = server.start(own, config);
        open.add(r);
        return r.port();
    }

    private void connect(int port, TestPki.Issued client) throws Exception {
        Connection c = Nats.connect(options(port, client).build());
        open.add(0, c);
        c.flush(Duration.ofSeconds(3));
        assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }

    /**
     * {@link #assertRefused} for certificates that do not depend on each other, side by side: jnats notices a refused
     * TLS 1.3 client certificate only at its connection timeout, so one after the other they cost a timeout each.
     */
    private void assertEachRefused(int port, TestPki.Issued... clients) throws InterruptedException {
        List<AssertionError> failures = new CopyOnWriteArrayList<>();
        List<Thread> checks = Arrays.stream(clients)
                .map(client -> new Thread(() -> {
                    try {
                        assertRefused(port, client);
                    } catch (AssertionError e) {
                        failures.add(e);
                    }
                }))
                .toList();
        checks.forEach(Thread::start);
        for (Thread check : checks) {
            check.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private void assertRefused(int port, TestPki.Issued client) {
        assertThatThrownBy(() -> {
                    Connection c = Nats.connect(options(port, client)
                            .connectionTimeout(Duration.ofSeconds(4))
                            .build());
                    open.add(0, c);
                })
                .as("refused: " + client.certificate().getSubjectX500Principal())
                .isInstanceOf(Exception.class);
    }

    private static Options.Builder options(int port, TestPki.Issued client) throws Exception {
        return new Options.Builder()
                .server("nats://127.0.0.1:" + port)
                .sslContext(client.clientContext(pki.ca()))
                .connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .noReconnect();
    }
}
