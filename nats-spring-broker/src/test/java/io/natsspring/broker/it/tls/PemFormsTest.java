package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The embedding API: server keys in each PEM form {@code nats-server} reads (PKCS#8, PKCS#1 RSA, SEC1 EC), key
 * material from factories (as a Spring SSL bundle gives it), both TLS engines, and clear errors for bad material.
 */
class PemFormsTest {

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
    }

    @ParameterizedTest
    @CsvSource({
        "true,PKCS8,JDK",
        "true,TRADITIONAL,JDK",
        "false,PKCS8,JDK",
        "false,TRADITIONAL,JDK",
        "true,TRADITIONAL,AUTO",
        "false,TRADITIONAL,AUTO"
    })
    void serverKeysInEveryPemForm(boolean rsa, TestPki.KeyForm form, TlsConfig.Engine engine) throws Exception {
        TestPki.Issued server = pki.serverWith("server-" + rsa + "-" + form, rsa, form);
        String header = Files.readAllLines(server.keyFile()).get(0);
        assertThat(header)
                .isEqualTo(
                        form == TestPki.KeyForm.PKCS8
                                ? "-----BEGIN PRIVATE KEY-----"
                                : rsa ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----");
        TlsConfig tls = TlsConfig.builder()
                .certificate(server.certFile(), server.keyFile())
                .engine(engine)
                .build();
        try (NatsBroker broker = start(tls)) {
            if (engine == TlsConfig.Engine.JDK) {
                assertThat(broker.tlsEngine()).isEqualTo("JDK");
            }
            assertPubSub(broker);
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(TlsConfig.Engine.class)
    void keyAndTrustManagerFactories(TlsConfig.Engine engine) throws Exception {
        TestPki.Issued client = pki.client("factory-client", "CN=factory");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", pki.server().key(), new char[0], new java.security.cert.X509Certificate[] {
            pki.server().certificate(), pki.ca().certificate()
        });
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        TlsConfig tls = TlsConfig.builder()
                .keyManagerFactory(kmf)
                .trustManagerFactory(tmf)
                .verify(true)
                .engine(engine)
                .build();
        try (NatsBroker broker = start(tls);
                Connection c = Nats.connect(new Options.Builder()
                        .server(broker.clientUrl())
                        .sslContext(client.clientContext(pki.ca()))
                        .connectionTimeout(Duration.ofSeconds(15))
                        .build())) {
            c.flush(Duration.ofSeconds(3));
            assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        }
    }

    @Test
    void badMaterialFailsAtConstructionNamingTheFile() {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> new NatsBroker(BrokerOptions.builder()
                        .tls(TlsConfig.builder()
                                .certificate(missing, pki.server().keyFile())
                                .build())
                        .build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert_file " + missing + ": no such file");
        assertThatThrownBy(() -> TlsConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cert_file");
    }

    private static NatsBroker start(TlsConfig tls) {
        return new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .tls(tls)
                        .build())
                .start();
    }

    private static void assertPubSub(NatsBroker broker) throws Exception {
        try (Connection c = Nats.connect(new Options.Builder()
                .server(broker.clientUrl())
                .sslContext(pki.trustingClient())
                .connectionTimeout(Duration.ofSeconds(15))
                .build())) {
            var sub = c.subscribe("pem");
            c.flush(Duration.ofSeconds(3));
            c.publish("pem", "ok".getBytes(StandardCharsets.UTF_8));
            Message m = sub.nextMessage(Duration.ofSeconds(3));
            assertThat(m).isNotNull();
        }
    }
}
