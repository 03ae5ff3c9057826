package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.TlsConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OCSP stapling of the server certificate ({@code ocsp: true|false|{ mode, url }}), on our broker and on
 * {@code nats-server} 2.15.1 from the same configuration text, against the BouncyCastle test responder; a Netty
 * OpenSSL client asks for the staple ({@code status_request}) and reads it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OcspStaplingDifferentialTest {

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static OcspResponder responder;
    private static TestPki.Issued withAia;
    private static TestPki.Issued mustStaple;
    private static TestPki.Issued revokedMustStaple;
    private static TestPki.Issued noAia;
    private static TestPki.Issued unreachableAia;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
        responder = new OcspResponder(pki.ca());
        withAia = pki.serverWithOcsp("with-aia", responder.url(), false);
        mustStaple = pki.serverWithOcsp("must-staple", responder.url(), true);
        revokedMustStaple = pki.serverWithOcsp("revoked-must-staple", responder.url(), true);
        noAia = pki.serverWithOcsp("no-aia", null, false);
        unreachableAia = pki.serverWithOcsp("unreachable", "http://127.0.0.1:" + closedPort() + "/ocsp", false);
        responder.revoke(revokedMustStaple.certificate());
    }

    @AfterAll
    static void stopResponder() {
        responder.close();
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void modeAlwaysStaplesTheGoodResponse(TlsServer server) throws Exception {
        assume(server);
        try (TlsServer.Running s = server.start(dir, tls(withAia) + "ocsp { mode: always }\n")) {
            assertThat(stapledStatus(s)).isEqualTo("good");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void autoAndTheDefaultStapleOnlyMustStapleCertificatesAndNeverStaplesNothing(TlsServer server) throws Exception {
        assume(server);
        List<String> seen = new ArrayList<>();
        try (TlsServer.Running s = server.start(dir, tls(mustStaple))) {
            seen.add("default/must-staple " + stapledStatus(s));
        }
        try (TlsServer.Running s = server.start(dir, tls(withAia) + "ocsp: true\n")) {
            seen.add("true/plain " + stapledStatus(s));
        }
        try (TlsServer.Running s = server.start(dir, tls(mustStaple) + "ocsp { mode: auto }\n")) {
            seen.add("auto/must-staple " + stapledStatus(s));
        }
        try (TlsServer.Running s = server.start(dir, tls(mustStaple) + "ocsp { mode: never }\n")) {
            seen.add("never/must-staple " + stapledStatus(s));
        }
        try (TlsServer.Running s = server.start(dir, tls(withAia) + "ocsp { mode: must }\n")) {
            seen.add("must/plain " + stapledStatus(s));
        }
        try (TlsServer.Running s = server.start(dir, tls(revokedMustStaple) + "ocsp { mode: auto }\n")) {
            seen.add("auto/revoked " + stapledStatus(s));
        }
        assertThat(seen)
                .containsExactly(
                        "default/must-staple good",
                        "true/plain none",
                        "auto/must-staple good",
                        "never/must-staple none",
                        "must/plain none",
                        "auto/revoked revoked");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void theOcspUrlReplacesTheCertificatesResponder(TlsServer server) throws Exception {
        assume(server);
        String config = tls(unreachableAia) + "ocsp { mode: always, url: \"" + responder.url() + "\" }\n";
        try (TlsServer.Running s = server.start(dir, config)) {
            assertThat(stapledStatus(s)).isEqualTo("good");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void startRefusalsHaveNatsServersTexts(TlsServer server) throws Exception {
        assume(server);
        assertThat(startError(server, tls(revokedMustStaple) + "ocsp { mode: must }\n"))
                .isEqualTo("found existing OCSP status for certificate at '" + revokedMustStaple.certFile()
                        + "': revoked");
        assertThat(startError(server, tls(revokedMustStaple) + "ocsp { mode: always }\n"))
                .isEqualTo("found existing OCSP status for certificate at '" + revokedMustStaple.certFile()
                        + "': revoked");
        assertThat(startError(server, tls(noAia) + "ocsp { mode: always }\n"))
                .isEqualTo("bad OCSP status update for certificate at '" + noAia.certFile()
                        + "': no available ocsp servers");
        assertThat(startError(server, tls(unreachableAia) + "ocsp { mode: always }\n"))
                .startsWith("bad OCSP status update for certificate at '" + unreachableAia.certFile()
                        + "': exhausted ocsp servers: Post \"" + OcspStapleFetcherUrl.of(unreachableAia));
        assertThat(startError(server, tlsWithoutCa(withAia) + "ocsp { mode: always }\n"))
                .isEqualTo("no issuers found");
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void modeMustStopsTheServerWhenTheCertificateIsRevokedWhileRunning(TlsServer server) throws Exception {
        assume(server);
        TestPki.Issued cert = pki.serverWithOcsp("revoked-later-" + server, responder.url(), true);
        responder.validity(Duration.ofSeconds(4));
        try (TlsServer.Running s = server.start(dir, tls(cert) + "ocsp { mode: must }\n")) {
            int port = s.port();
            assertThat(stapledStatus(s)).isEqualTo("good");
            responder.revoke(cert.certificate());
            // the next check is half-way to nextUpdate (2 s); then the server shuts down
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !listening(port));
        } finally {
            responder.validity(Duration.ofHours(1));
        }
    }

    @Test
    void theStapleIsRefreshedBeforeItsNextUpdate() throws Exception {
        assumeTrue(StapleProbe.available(), "OpenSSL with OCSP support");
        TestPki.Issued cert = pki.serverWithOcsp("refreshed", responder.url(), false);
        responder.validity(Duration.ofSeconds(2));
        try (TlsServer.Running s = TlsServer.OURS.start(dir, tls(cert) + "ocsp { mode: always }\n")) {
            int first = responder.requests();
            await().atMost(Duration.ofSeconds(15)).until(() -> responder.requests() >= first + 3);
            assertThat(stapledStatus(s)).isEqualTo("good");
        } finally {
            responder.validity(Duration.ofHours(1));
        }
    }

    @Test
    void theJdkEngineRefusesStaplingWithAClearMessage() {
        TlsConfig tls = TlsConfig.builder()
                .certificate(withAia.certFile(), withAia.keyFile())
                .caFile(pki.ca().certFile())
                .engine(TlsConfig.Engine.JDK)
                .ocsp(TlsConfig.OcspMode.ALWAYS)
                .build();
        assertThatThrownBy(() ->
                        new NatsBroker(BrokerOptions.builder().port(0).tls(tls).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the OpenSSL TLS engine")
                .hasMessageContaining("jdk.tls.server.enableStatusRequestExtension")
                .hasMessageContaining("ocsp { mode: never }");
        // without stapling the JDK engine serves as before
        TlsConfig never = tls.toBuilder().ocsp(TlsConfig.OcspMode.NEVER).build();
        new NatsBroker(BrokerOptions.builder().port(0).tls(never).build()).close();
    }

    private static void assume(TlsServer server) {
        assumeTrue(server.available(), "nats-server 2.15.1 installed");
        assumeTrue(StapleProbe.available(), "OpenSSL with OCSP support");
    }

    private static String tls(TestPki.Issued cert) {
        return "tls { cert_file: \"" + cert.certFile() + "\", key_file: \"" + cert.keyFile() + "\", ca_file: \""
                + pki.ca().certFile() + "\" }\n";
    }

    private static String tlsWithoutCa(TestPki.Issued cert) {
        return "tls { cert_file: \"" + cert.certFile() + "\", key_file: \"" + cert.keyFile() + "\" }\n";
    }

    /** The certificate status in the stapled response, or {@code none}. */
    private static String stapledStatus(TlsServer.Running s) throws Exception {
        Optional<byte[]> der = StapleProbe.staple(s.port(), pki.ca().certificate());
        if (der.isEmpty() || der.get().length == 0) {
            return "none";
        }
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(der.get()).getResponseObject();
        SingleResp single = basic.getResponses()[0];
        CertificateStatus cs = single.getCertStatus();
        return cs == CertificateStatus.GOOD ? "good" : cs instanceof RevokedStatus ? "revoked" : "unknown";
    }

    private static final Pattern NATS_SERVER_ERROR = Pattern.compile("nats-server: (.*)");

    /** The start-up error: our broker's exception message, nats-server's line on its way out. */
    private static String startError(TlsServer server, String config) throws Exception {
        try (TlsServer.Running s = server.start(dir, config)) {
            return "started";
        } catch (IllegalStateException e) {
            if (server == TlsServer.NATS_SERVER) {
                Matcher m = NATS_SERVER_ERROR.matcher(e.getMessage());
                if (m.find()) {
                    return m.group(1).trim();
                }
            }
            throw e;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The responder URL as the certificate names it. */
    private static final class OcspStapleFetcherUrl {
        static String of(TestPki.Issued cert) {
            return io.natsspring.broker.internal.tls.OcspStapleFetcher.responders(cert.certificate())
                    .get(0);
        }
    }
}
