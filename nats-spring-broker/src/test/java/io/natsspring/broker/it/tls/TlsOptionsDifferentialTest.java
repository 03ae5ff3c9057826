package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The TLS options beyond the basics, each scenario run against our broker and {@code nats-server} 2.15.1 from the
 * same configuration text: several {@code certs} chosen by the client's SNI, {@code handshake_first} with a
 * fallback delay ({@code auto} or a duration) serving TLS-first, upgrading and plain-starting clients,
 * {@code curve_preferences} limiting the key exchange, and the configuration errors of {@code cert_store} and an
 * unknown curve as {@code nats-server -t} reports them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsOptionsDifferentialTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Issued other;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
        other = pki.serverFor("other", "other.test");
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

    private TlsServer.Running start(TlsServer server, String config) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + TlsServer.REFERENCE);
        TlsServer.Running r = server.start(dir, config);
        open.add(r);
        return r;
    }

    private static String tls(String extra) {
        return "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n" + extra + "\n}\n";
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void certsServeTheCertificateNamedInTheClientsSni(TlsServer server) throws Exception {
        int port = start(
                        server,
                        "tls {\n  certs: [\n    {cert_file: \"" + pki.server().certFile() + "\", key_file: \""
                                + pki.server().keyFile() + "\"}\n    {cert_file: \"" + other.certFile()
                                + "\", key_file: \"" + other.keyFile() + "\"}\n  ]\n}\n")
                .port();
        assertThat(servedSubject(port, "other.test")).isEqualTo("CN=other.test");
        assertThat(servedSubject(port, "localhost")).isEqualTo("CN=localhost");
        assertThat(servedSubject(port, "unknown.test")).isEqualTo("CN=localhost");
        assertThat(servedSubject(port, null)).isEqualTo("CN=localhost");
        // jnats to an IP address sends no SNI and gets the first certificate
        assertPubSub(connect(new Options.Builder().server(url(port)).sslContext(pki.trustingClient())));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void handshakeFirstAutoServesUpgradingClientsAfterTheDelay(TlsServer server) throws Exception {
        int port = start(server, tls("handshake_first: auto")).port();
        // a client that waits for the INFO gets it after the fallback delay, in plain text, requiring TLS
        try (Socket s = socket(port)) {
            String info = readLine(s.getInputStream());
            assertThat(info).startsWith("INFO {").contains("\"tls_required\":true");
        }
        assertPubSub(connect(new Options.Builder().server(url(port)).sslContext(pki.trustingClient())));
        // a TLS-first client is tried with a longer delay: on a loaded machine its handshake may come after 50 ms,
        // when nats-server too has fallen back to the INFO already
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void handshakeFirstWithADurationWaitsThatLongBeforeTheInfo(TlsServer server) throws Exception {
        int port = start(server, tls("handshake_first: \"1s\"")).port();
        try (Socket s = socket(port)) {
            long start = System.nanoTime();
            String info = readLine(s.getInputStream());
            assertThat(info).startsWith("INFO {");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertPubSub(connect(new Options.Builder()
                .server(url(port))
                .sslContext(pki.trustingClient())
                .tlsFirst()));
        assertPubSub(connect(new Options.Builder().server(url(port)).sslContext(pki.trustingClient())));
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void curvePreferencesLimitTheKeyExchangeGroups(TlsServer server) throws Exception {
        assumeTrue(Runtime.version().feature() >= 20, "the client needs SSLParameters.setNamedGroups (Java 20+)");
        int port = start(server, tls("curve_preferences: [\"CurveP384\"]")).port();
        assertThat(handshakeWith(port, "secp384r1")).isEqualTo("ok");
        assertThat(handshakeWith(port, "x25519")).isEqualTo("failed");
    }

    @Test
    void configurationErrorsAreNatsServers() throws Exception {
        String certStore = tls("cert_store: \"WindowsCurrentUser\"");
        String curve = tls("curve_preferences: [\"P256\"]");
        String both = "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n  certs: [ {cert_file: \"" + other.certFile() + "\", key_file: \""
                + other.keyFile() + "\"} ]\n}\n";
        for (String[] c : List.of(
                new String[] {certStore, "cert_store not compatible with current operating system"},
                new String[] {curve, "unrecognized curve preference P256"},
                new String[] {both, "cannot combine 'cert_file' option with 'certs' option"})) {
            assertThatThrownBy(() -> TlsServer.OURS.start(dir, c[0]))
                    .hasMessageContaining(c[1])
                    .hasMessageContaining(".conf:");
            if (TlsServer.NATS_SERVER.available()) {
                assertThat(natsServerConfigTest(c[0])).contains(c[1]);
            }
        }
    }

    /** The subject of the certificate the server presents to a client sending {@code sni} (none when null). */
    private static String servedSubject(int port, String sni) throws Exception {
        try (Socket plain = socket(port)) {
            readLine(plain.getInputStream());
            SSLSocket s = (SSLSocket) pki.trustingClient()
                    .getSocketFactory()
                    .createSocket(plain, sni == null ? "127.0.0.1" : sni, port, true);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            s.close();
            return leaf.getSubjectX500Principal().getName();
        }
    }

    /** Handshakes offering one key exchange group only: {@code ok} or {@code failed}. */
    private static String handshakeWith(int port, String group) throws Exception {
        try (Socket plain = socket(port)) {
            readLine(plain.getInputStream());
            SSLSocket s =
                    (SSLSocket) pki.trustingClient().getSocketFactory().createSocket(plain, "localhost", port, true);
            SSLParameters p = s.getSSLParameters();
            Method named = SSLParameters.class.getMethod("setNamedGroups", String[].class);
            named.invoke(p, (Object) new String[] {group});
            s.setSSLParameters(p);
            try {
                s.startHandshake();
                return "ok";
            } catch (IOException e) {
                return "failed";
            } finally {
                s.close();
            }
        }
    }

    private static String natsServerConfigTest(String config) throws Exception {
        Path file = Files.createTempFile(dir, "check-", ".conf");
        Files.writeString(file, "listen: 127.0.0.1:" + TlsServer.freePort() + "\n" + config);
        Process p = new ProcessBuilder(TlsServer.REFERENCE.toString(), "-c", file.toString(), "-t")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    private Connection connect(Options.Builder options) throws Exception {
        Connection c = Nats.connect(options.connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0)
                .build());
        open.add(c);
        return c;
    }

    private static void assertPubSub(Connection c) throws Exception {
        Subscription sub = c.subscribe("tls.options");
        c.flush(Duration.ofSeconds(5));
        c.publish("tls.options", "hi".getBytes(StandardCharsets.UTF_8));
        assertThat(sub.nextMessage(Duration.ofSeconds(5)).getData()).asString().isEqualTo("hi");
    }

    private static String url(int port) {
        return "nats://127.0.0.1:" + port;
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(5000);
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8).trim();
    }
}
