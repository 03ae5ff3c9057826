package io.natsspring.broker.internal.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.TlsConfig;
import io.natsspring.broker.it.tls.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tls} block, {@code allow_non_tls} and {@code https}, and their errors naming file, line and key. */
class TlsBlockTest {

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
    }

    private static BrokerConfigFile read(String text) {
        return BrokerConfigFile.of(new ConfigParser(Map.<String, String>of()::get).parseText(text, "b.conf"));
    }

    private static String files() {
        return "  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n";
    }

    private static void assertError(String text, int line, String... fragments) {
        assertThatThrownBy(() -> read(text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("b.conf:" + line + ": ")
                .hasMessageContainingAll(fragments);
    }

    @Test
    void everyClientTlsSettingIsRead() {
        String pin = "AB".repeat(32);
        BrokerOptions o = read("tls {\n" + files() + "  ca_file: \"" + pki.ca().certFile() + "\"\n"
                        + "  verify: true\n  timeout: 1.5\n  handshake_first: true\n  min_version: \"1.3\"\n"
                        + "  cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]\n"
                        + "  pinned_certs: [\"" + pin + "\"]\n}\n")
                .options();
        TlsConfig t = o.tls();
        assertThat(t.certFile()).isEqualTo(pki.server().certFile());
        assertThat(t.keyFile()).isEqualTo(pki.server().keyFile());
        assertThat(t.caFile()).isEqualTo(pki.ca().certFile());
        assertThat(t.verify()).isTrue();
        assertThat(t.verifyAndMap()).isFalse();
        assertThat(t.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(t.handshakeFirst()).isTrue();
        assertThat(t.minVersion()).isEqualTo("1.3");
        assertThat(t.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(t.pinnedCerts()).containsExactly(pin.toLowerCase());
        assertThat(t.allowNonTls()).isFalse();
    }

    @Test
    void verifyAndMapImpliesVerifyAndAllowsUsersWithoutPassword() {
        BrokerOptions o = read("tls {\n" + files() + "  verify_and_map: true\n}\n"
                        + "authorization { users: [ {user: \"CN=alice,O=Acme\"} ] }\n")
                .options();
        assertThat(o.tls().verify()).isTrue();
        assertThat(o.tls().verifyAndMap()).isTrue();
        assertThat(o.users())
                .singleElement()
                .satisfies(u -> assertThat(u.password()).isEmpty());
        assertThat(o.authRequired()).isTrue();
    }

    @Test
    void allowNonTlsAndHttps() {
        BrokerOptions o = read("allow_non_tls: true\nhttps: 8443\ntls {\n" + files() + "}\n")
                .options();
        assertThat(o.tls().allowNonTls()).isTrue();
        assertThat(o.httpsPort()).isEqualTo(8443);
        assertThat(read("https_port: 0\ntls {\n" + files() + "}\n").options().httpsPort())
                .isZero();
    }

    @Test
    void httpAndHttpsTogetherOrHttpsWithoutTlsAreRefused() {
        assertThatThrownBy(() -> read("http: 8222\nhttps: 8443\ntls {\n" + files() + "}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("can't specify both HTTP (8222) and HTTPs (8443) ports");
        assertThatThrownBy(() -> read("https: 8443\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("TLS cert and key required for HTTPS");
    }

    @Test
    void missingFileNamesFileLineAndKey() {
        assertError(
                "port: 4222\ntls {\n  cert_file: \"/no/such/cert.pem\"\n  key_file: \""
                        + pki.server().keyFile() + "\"\n}\n",
                3,
                "invalid value for 'cert_file'",
                "/no/such/cert.pem",
                "no such file");
        assertError(
                "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \"/no/key.pem\"\n}\n",
                3,
                "'key_file'",
                "/no/key.pem");
        assertError(
                "tls {\n" + files() + "  ca_file: \"/no/ca.pem\"\n}\n", 4, "'ca_file'", "/no/ca.pem", "no such file");
    }

    @Test
    void badPemNamesFileLineAndKey() {
        // a certificate where the key belongs, and a key where the certificate belongs
        assertError(
                "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                        + pki.server().certFile() + "\"\n}\n",
                3,
                "'key_file'",
                "no PEM private key found");
        assertError(
                "tls {\n  cert_file: \"" + pki.server().keyFile() + "\"\n  key_file: \""
                        + pki.server().keyFile() + "\"\n}\n",
                2,
                "'cert_file'",
                pki.server().keyFile().toString());
    }

    @Test
    void missingCertOrKey() {
        assertError("tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n}\n", 2, "missing 'key_file'");
        assertError("tls {\n  verify: true\n}\n", 1, "needs 'cert_file' and 'key_file'");
    }

    @Test
    void unknownKeyInTlsBlockIsAnError() {
        assertError("tls {\n" + files() + "  verfy: true\n}\n", 4, "unknown setting 'verfy' in tls");
    }

    @Test
    void badValuesAreErrorsAtTheirLine() {
        assertError("tls {\n" + files() + "  cipher_suites: [\"TLS_NOPE\"]\n}\n", 4, "unrecognized cipher TLS_NOPE");
        assertError(
                "tls {\n" + files() + "  cipher_suites: [\"TLS_RSA_WITH_AES_128_CBC_SHA\"]\n}\n",
                4,
                "insecure cipher suites configured without 'allow_insecure_cipher_suites'");
        assertError("tls {\n" + files() + "  min_version: \"1.1\"\n}\n", 4, "unsupported TLS version: TLS 1.1");
        assertError(
                "tls {\n" + files() + "  pinned_certs: [\"abc\"]\n}\n",
                4,
                "does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo");
        assertError("tls {\n" + files() + "  timeout: \"soon\"\n}\n", 4, "'timeout'");
    }

    @Test
    void userWithoutPasswordHasTheEmptyPasswordWithoutVerifyAndMap() {
        // as nats-server 2.15.1 (ConfigSyntaxDifferentialTest): such a user logs in with an empty password
        BrokerOptions o = read("authorization {\n  users [\n {user: x} ]\n}").options();
        assertThat(o.users())
                .singleElement()
                .satisfies(u -> assertThat(u.password()).isEmpty());
    }

    @Test
    void rateLimitInsecureSuitesAndClientSideKeysAreReadAsNatsServerReadsThem() {
        BrokerConfigFile f = read("tls {\n" + files() + "  connection_rate_limit: 10\n"
                + "  allow_insecure_cipher_suites: true\n"
                + "  cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256\"]\n"
                + "  verify_cert_and_check_known_urls: false\n  insecure: true\n}\n");
        TlsConfig t = f.options().tls();
        assertThat(t.connectionRateLimit()).isEqualTo(10);
        assertThat(t.allowInsecureCipherSuites()).isTrue();
        assertThat(t.cipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        // insecure only matters to the side that checks a server's certificate: accepted, and said so
        assertThat(f.warnings()).singleElement().satisfies(w -> {
            assertThat(w.location().line()).isEqualTo(8);
            assertThat(w.message()).contains("'insecure' in tls has no effect on a listener");
        });
        assertError(
                "tls {\n" + files() + "  connection_rate_limit: \"a\"\n}\n",
                4,
                "error parsing tls config, 'connection_rate_limit' wrong type");
        assertError(
                "tls {\n" + files() + "  verify_cert_and_check_known_urls: true\n}\n",
                4,
                "verify_cert_and_check_known_urls not supported in this context");
        assertError(
                "tls {\n" + files() + "  insecure: 1\n}\n",
                4,
                "error parsing tls config, expected 'insecure' to be a boolean");
    }

    @Test
    void ocspPeerOptionsAndCacheAreRead() {
        BrokerConfigFile f = read("ocsp_cache { type: local, preserve_revoked: true, local_store: \"/tmp/x\" }\n"
                + "tls {\n" + files() + "  ocsp_peer: { verify: true, ca_timeout: 5, allowed_clockskew: \"1m\",\n"
                + "    cache_ttl_when_next_update_unset: 0.5, warn_only: true, unknown_is_good: true,\n"
                + "    allow_when_ca_unreachable: true }\n}\n");
        TlsConfig t = f.options().tls();
        assertThat(t.ocspPeer()).isTrue();
        assertThat(t.ocspPeerOptions())
                .isEqualTo(new TlsConfig.OcspPeerOptions(
                        Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMillis(500), true, true, true));
        assertThat(t.ocspPeerCache()).isEqualTo(new TlsConfig.OcspPeerCache(true, true));
        assertThat(f.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.message()).contains("'local_store' is ignored", "in memory"));
        assertThat(read("ocsp_cache: false\ntls {\n" + files() + "  ocsp_peer: true\n}\n")
                        .options()
                        .tls()
                        .ocspPeerCache()
                        .enabled())
                .isFalse();
        // a negative duration keeps nats-server's default
        assertThat(read("tls {\n" + files() + "  ocsp_peer: { verify: true, ca_timeout: -1 }\n}\n")
                        .options()
                        .tls()
                        .ocspPeerOptions()
                        .caTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertError("ocsp_cache { type: disk }\n", 1, "error parsing OCSP peer cache config, unknown type [disk]");
        assertError("ocsp_cache { size: 1 }\n", 1, "error parsing OCSP peer cache config, unknown field [\"size\"]");
        assertError(
                "tls {\n" + files() + "  ocsp_peer: { verify: true, warn_only: 1 }\n}\n",
                4,
                "error parsing tls peer config, unknown field [\"warn_only\"]");
    }

    @Test
    void readsCurvesCertsFallbackAndOcsp() {
        TlsConfig t = read("ocsp { mode: never }\ntls {\n  certs: [ {cert_file: \""
                        + pki.server().certFile()
                        + "\", key_file: \"" + pki.server().keyFile() + "\"} ]\n"
                        + "  curve_preferences: [\"X25519\", \"CurveP256\"]\n  handshake_first: auto\n"
                        + "  ocsp_peer: { verify: false, ca_timeout: 2s }\n}\n")
                .options()
                .tls();
        assertThat(t.certFile()).isNull();
        assertThat(t.certificates())
                .containsExactly(new TlsConfig.Certificate(
                        pki.server().certFile(), pki.server().keyFile()));
        assertThat(t.curvePreferences()).containsExactly("X25519", "CurveP256");
        assertThat(t.handshakeFirst()).isTrue();
        assertThat(t.handshakeFirstFallback()).isEqualTo(Duration.ofMillis(50));
        assertThat(t.ocspMode()).isEqualTo(TlsConfig.OcspMode.NEVER);
        assertThat(t.ocspPeer()).isFalse();
        assertThat(read("tls {\n" + files() + "  handshake_first: \"250ms\"\n}\n")
                        .options()
                        .tls()
                        .handshakeFirstFallback())
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void badTlsOptionsFailWithFileLineAndNatsServersText() {
        assertError(
                "tls {\n" + files() + "  curve_preferences: [\"P256\"]\n}\n", 4, "unrecognized curve preference P256");
        assertError("tls {\n" + files() + "  curve_preferences: []\n}\n", 4, "'curve_preferences' cannot be empty");
        assertError("tls {\n" + files() + "  handshake_first: \"later\"\n}\n", 4, "value \"later\" is invalid");
        assertError(
                "tls {\n" + files() + "  cert_store: \"WindowsLocalMachine\"\n}\n",
                4,
                "cert_store not compatible with current operating system");
        assertError("tls {\n" + files() + "  cert_store: \"MacKeychain\"\n}\n", 4, "cert store type not implemented");
        assertError("tls {\n" + files() + "  cert_match_by: \"Name\"\n}\n", 4, "cert match by type not implemented");
        assertError(
                "tls {\n" + files() + "  certs: [ {cert_file: \"a.pem\"} ]\n}\n", 4, "both 'cert_file' and 'cert_key'");
        assertError(
                "tls {\n" + files() + "  certs: [ {cert_file: \"a.pem\", key: \"b.pem\"} ]\n}\n",
                4,
                "unknown field \"key\"");
        assertError("ocsp { mode: sometimes }\ntls {\n" + files() + "}\n", 1, "unsupported ocsp mode \"sometimes\"");
        assertError(
                "tls {\n" + files() + "  ocsp_peer: { verify: true, nope: 1 }\n}\n",
                4,
                "error parsing tls peer config, unknown field [\"nope\"]");
    }

    @Test
    void ocspStaplingWithoutResponderIsRefusedWithTheReason() {
        TlsConfig always = read("ocsp { mode: always }\ntls {\n" + files() + "}\n")
                .options()
                .tls();
        assertThatThrownBy(() -> new io.natsspring.broker.NatsBroker(io.natsspring.broker.BrokerOptions.builder()
                        .port(0)
                        .tls(always)
                        .build()))
                // as nats-server: the issuer is looked for before the responder (no chain, no ca_file here)
                .hasMessage("no issuers found");
        TlsConfig peer =
                read("tls {\n" + files() + "  ocsp_peer: true\n}\n").options().tls();
        assertThat(peer.ocspPeer()).isTrue();
        // auto (the default) with a certificate without Must-Staple staples nothing in nats-server either
        TlsConfig auto = read("ocsp: true\ntls {\n" + files() + "}\n").options().tls();
        assertThat(auto.ocspMode()).isEqualTo(TlsConfig.OcspMode.AUTO);
        new io.natsspring.broker.NatsBroker(io.natsspring.broker.BrokerOptions.builder()
                        .port(0)
                        .tls(auto)
                        .build())
                .close();
    }
}
