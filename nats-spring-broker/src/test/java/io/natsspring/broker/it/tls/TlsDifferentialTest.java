package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.internal.tls.PinnedCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * TLS on the client port, each scenario run against our broker and against {@code nats-server} 2.15.1 started
 * from the same configuration text, so that each assertion pins {@code nats-server}'s behaviour: the INFO flags,
 * the upgrade after INFO or first, the silent close of a plain-text client, {@code verify},
 * {@code verify_and_map} with permissions, {@code pinned_certs}, {@code min_version}, {@code cipher_suites}, the
 * handshake {@code timeout} and HTTPS monitoring. Certificates are made at run time ({@link TestPki}).
 */
class TlsDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Issued alice;
    private static TestPki.Issued bob;
    private static TestPki.Issued carol;
    private static TestPki.Issued rogue;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
        alice = pki.client("alice", "CN=alice,OU=Dev,O=Acme", "alice@acme.test");
        bob = pki.client("bob", "CN=bob,O=Acme", "bob@acme.test");
        carol = pki.client("carol", "CN=carol,O=Acme");
        rogue = pki.rogueClient("rogue", "CN=alice,OU=Dev,O=Acme");
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

    private String tls(String extra) {
        return "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n  ca_file: \"" + pki.ca().certFile() + "\"\n" + extra + "\n}\n";
    }

    private TlsServer.Running start(TlsServer server, String config) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + TlsServer.REFERENCE);
        TlsServer.Running r = server.start(dir, config);
        open.add(r);
        return r;
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void infoAdvertisesTlsAsNatsServer(TlsServer server) throws Exception {
        JsonNode required = info(start(server, tls("")).port());
        assertThat(required.path("tls_required").asBoolean()).isTrue();
        assertThat(required.has("tls_verify")).isFalse();
        assertThat(required.has("tls_available")).isFalse();

        JsonNode verify = info(start(server, tls("verify: true")).port());
        assertThat(verify.path("tls_required").asBoolean()).isTrue();
        assertThat(verify.path("tls_verify").asBoolean()).isTrue();

        JsonNode mapped = info(
                start(server, tls("verify_and_map: true") + "authorization { users: [ {user: \"bob@acme.test\"} ] }\n")
                        .port());
        assertThat(mapped.path("tls_verify").asBoolean()).isTrue();
        assertThat(mapped.path("auth_required").asBoolean()).isTrue();

        JsonNode optional =
                info(start(server, "allow_non_tls: true\n" + tls("")).port());
        assertThat(optional.path("tls_available").asBoolean()).isTrue();
        assertThat(optional.has("tls_required")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void plainTextClientOnATlsPortIsClosedWithoutAWord(TlsServer server) throws Exception {
        int port = start(server, tls("")).port();
        try (Socket s = socket(port)) {
            readLine(s.getInputStream());
            s.getOutputStream().write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(readUntilClosed(s.getInputStream()))
                    .as("bytes after the plain CONNECT")
                    .isEmpty();
        }
        // and jnats without TLS refuses by itself
        assertThatThrownBy(() -> connectFails(options(port))).isInstanceOf(Exception.class);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void allowNonTlsServesPlainAndTlsClients(TlsServer server) throws Exception {
        int port = start(server, "allow_non_tls: true\n" + tls("")).port();
        assertPubSub(connect(options(port)));
        assertPubSub(connect(options(port).sslContext(pki.trustingClient())));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void jnatsPublishesAndSubscribesOverTls(TlsServer server) throws Exception {
        int port = start(server, tls("")).port();
        assertPubSub(connect(options(port).sslContext(pki.trustingClient())));
        assertPubSub(connect(new Options.Builder()
                .connectionTimeout(Duration.ofSeconds(15))
                .server("tls://127.0.0.1:" + port)
                .sslContext(pki.trustingClient("TLSv1.2"))));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void handshakeFirstSendsNoInfoBeforeTheHandshake(TlsServer server) throws Exception {
        int port = start(server, tls("handshake_first: true\ntimeout: 0.5")).port();
        try (Socket s = socket(port)) {
            assertThat(readUntilClosed(s.getInputStream()))
                    .as("bytes before the handshake")
                    .isEmpty();
        }
        assertPubSub(connect(new Options.Builder()
                .connectionTimeout(Duration.ofSeconds(15))
                .server(url(port))
                .sslContext(pki.trustingClient())
                .tlsFirst()));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void verifyDemandsAClientCertificateFromTheCa(TlsServer server) throws Exception {
        int port = start(server, tls("verify: true")).port();
        assertThatThrownBy(() -> connectFails(options(port).sslContext(pki.trustingClient())))
                .as("no client certificate")
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> connectFails(options(port).sslContext(rogue.clientContext(pki.ca()))))
                .as("a certificate from another CA")
                .isInstanceOf(Exception.class);
        assertPubSub(connect(options(port).sslContext(alice.clientContext(pki.ca()))));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void verifyAndMapNamesTheUserWhosePermissionsApply(TlsServer server) throws Exception {
        String config = tls("verify_and_map: true")
                + "authorization {\n  users: [\n"
                + "    {user: \"CN=alice,OU=Dev,O=Acme\", permissions: {publish: \"alice.>\", subscribe: \">\"}}\n"
                + "    {user: \"bob@acme.test\"}\n  ]\n}\n";
        int port = start(server, config).port();

        List<String> errors = new CopyOnWriteArrayList<>();
        Connection a = connect(new Options.Builder()
                .connectionTimeout(Duration.ofSeconds(15))
                .server(url(port))
                .sslContext(alice.clientContext(pki.ca()))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                }));
        Subscription sub = a.subscribe(">");
        a.flush(Duration.ofSeconds(3));
        a.publish("alice.hello", "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(sub.nextMessage(Duration.ofSeconds(3))).as("allowed publish").isNotNull();
        a.publish("elsewhere", "no".getBytes(StandardCharsets.UTF_8));
        a.flush(Duration.ofSeconds(3));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> errors.stream().anyMatch(e -> e.contains("Permissions Violation for Publish to")));
        assertThat(errors).contains("Permissions Violation for Publish to \"elsewhere\"");

        assertPubSub(connect(options(port).sslContext(bob.clientContext(pki.ca()))));

        assertThatThrownBy(() -> connectFails(options(port).sslContext(carol.clientContext(pki.ca()))))
                .as("a certificate that maps to no user")
                .satisfies(e -> assertThat(messages(e)).contains("Authorization Violation"));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void pinnedCertsAcceptOnlyThePinnedPublicKeys(TlsServer server) throws Exception {
        String pin = PinnedCertificates.pin(alice.certificate());
        int port = start(server, tls("verify: true\npinned_certs: [\"" + pin.toUpperCase() + "\"]"))
                .port();
        assertPubSub(connect(options(port).sslContext(alice.clientContext(pki.ca()))));
        assertThatThrownBy(() -> connectFails(options(port).sslContext(bob.clientContext(pki.ca()))))
                .isInstanceOf(Exception.class);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void minVersionRefusesOlderClients(TlsServer server) throws Exception {
        int port = start(server, tls("min_version: \"1.3\"")).port();
        assertThat(handshake(port, "TLSv1.2", null)).isNull();
        assertThat(handshake(port, "TLSv1.3", null)).isEqualTo("TLSv1.3");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void cipherSuitesLimitTls12(TlsServer server) throws Exception {
        int port = start(server, tls("cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"]"))
                .port();
        assertThat(handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .isNull();
        assertThat(handshake(port, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(handshake(port, "TLSv1.3", null))
                .as("TLS 1.3 suites stay on")
                .isEqualTo("TLSv1.3");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void silentClientIsClosedAtTheHandshakeTimeout(TlsServer server) throws Exception {
        int port = start(server, tls("timeout: 0.5")).port();
        try (Socket s = socket(port)) {
            readLine(s.getInputStream());
            s.getOutputStream().write(0x16); // the start of a TLS record, never completed
            s.getOutputStream().flush();
            long t0 = System.nanoTime();
            assertThat(readUntilClosed(s.getInputStream())).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0))
                    .as("closed by the timeout, not the read limit")
                    .isLessThan(Duration.ofSeconds(8));
        }
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void monitoringOverHttps(TlsServer server) throws Exception {
        TlsServer.Running r = start(server, tls("") + "https: $MONITOR_PORT\n");
        HttpClient http = HttpClient.newBuilder()
                .sslContext(pki.trustingClient())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> varz = http.send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + r.monitorPort() + "/varz"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(varz.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(varz.body()).has("server_id")).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    /** Handshakes with one protocol (and one suite); returns "protocol[ suite]" or {@code null} when refused. */
    private String handshake(int port, String protocol, String suite) throws Exception {
        try (Socket plain = socket(port)) {
            readLine(plain.getInputStream());
            SSLContext ctx = pki.trustingClient();
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", port, false)) {
                s.setEnabledProtocols(new String[] {protocol});
                if (suite != null) {
                    s.setEnabledCipherSuites(new String[] {suite});
                }
                s.setSoTimeout(5000);
                s.startHandshake();
                return suite == null
                        ? s.getSession().getProtocol()
                        : s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
            } catch (SSLException | SocketTimeoutException refused) {
                return null;
            }
        }
    }

    /**
     * A connection that is expected to fail: a short timeout, the failure is the point (jnats reports a refused
     * handshake or an {@code -ERR} only when its connection timeout ends, so a long one only costs time).
     */
    private Connection connectFails(Options.Builder options) throws Exception {
        return connect(options.connectionTimeout(Duration.ofSeconds(2)));
    }

    private Connection connect(Options.Builder options) throws Exception {
        Connection c = Nats.connect(options.maxReconnects(0).noReconnect().build());
        open.add(0, c);
        return c;
    }

    private static void assertPubSub(Connection c) throws Exception {
        Subscription s = c.subscribe("tls.check");
        c.flush(Duration.ofSeconds(3));
        c.publish("tls.check", "ok".getBytes(StandardCharsets.UTF_8));
        Message m = s.nextMessage(Duration.ofSeconds(3));
        assertThat(m).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t).append('\n');
        }
        return b.toString();
    }

    private static Options.Builder options(int port) {
        return new Options.Builder().server(url(port)).connectionTimeout(Duration.ofSeconds(15));
    }

    private static String url(int port) {
        return "nats://127.0.0.1:" + port;
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static JsonNode info(int port) throws IOException {
        try (Socket s = socket(port)) {
            String line = readLine(s.getInputStream());
            assertThat(line).startsWith("INFO ");
            return JSON.readTree(line.substring(5));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).trim();
    }

    /** Everything the server sends until it closes the connection (the read times out after 10 s). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                r.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset is a close too
        }
        return r.toByteArray();
    }
}
