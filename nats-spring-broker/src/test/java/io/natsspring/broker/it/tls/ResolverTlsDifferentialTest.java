package io.natsspring.broker.it.tls;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import io.natsspring.broker.it.JnatsLogin;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolver: URL("https://127.0.0.1:<port>/jwt/v1/accounts/")} with and without {@code resolver_tls} on this
 * broker and on {@code nats-server} 2.15, both fetching from a local HTTPS account server
 * ({@code com.sun.net.httpserver.HttpsServer}, certificate of the test CA): with {@code ca_file} (or
 * {@code insecure}) the server starts and a user of a fetched account logs in; without it the start fails on the
 * untrusted certificate; an account server requiring client certificates is reached only with
 * {@code cert_file}/{@code key_file}. The observations must be equal. Without the reference binary only this broker
 * is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResolverTlsDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final String UNTRUSTED =
            "tls: failed to verify certificate: x509: certificate signed by unknown" + " authority";

    @TempDir
    static Path dir;

    private static TestPki pki;
    private static TestPki.Issued client;
    private static NKey operator;
    private static NKey system;
    private static NKey account;
    private static Path operatorFile;
    private static final Map<String, String> SERVED = new ConcurrentHashMap<>();
    private static final List<HttpsServer> SERVERS = new ArrayList<>();
    private static final AtomicInteger FILES = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestPki(dir);
        client = pki.client("resolver-client", "CN=resolver");
        operator = JwtTokens.operatorKey();
        system = JwtTokens.accountKey();
        account = JwtTokens.accountKey();
        SERVED.put(pub(system), JwtTokens.account(system).sign(operator));
        SERVED.put(pub(account), JwtTokens.account(account).sign(operator));
        operatorFile = Files.writeString(
                dir.resolve("operator.jwt"),
                JwtTokens.claims("operator", pub(operator))
                        .nats("system_account", pub(system))
                        .sign(operator));
    }

    @AfterAll
    static void tearDown() {
        SERVERS.forEach(s -> s.stop(0));
    }

    /** An HTTPS account server presenting the test server certificate; {@code mutual}: client certificates needed. */
    private static int accountServer(boolean mutual) throws Exception {
        SSLContext tls = TestPki.context("TLS", pki.server(), pki.ca());
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                javax.net.ssl.SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(mutual);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String key = path.substring(path.lastIndexOf('/') + 1);
            // nats-server checks at start that the base URL answers 200
            String jwt = path.endsWith("/") ? "" : SERVED.get(key);
            byte[] body = (jwt == null ? "no such account" : jwt).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(jwt == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        SERVERS.add(server);
        return server.getAddress().getPort();
    }

    private static Path config(int port, String resolverTls) throws Exception {
        String text = """
                operator: "%s"
                system_account: %s
                resolver: URL("https://127.0.0.1:%d/jwt/v1/accounts/")
                %s
                """.formatted(operatorFile.toString().replace('\\', '/'), pub(system), port, resolverTls);
        return Files.writeString(dir.resolve("c" + FILES.incrementAndGet() + ".conf"), text);
    }

    private static String file(Path p) {
        return "\"" + p.toString().replace('\\', '/') + "\"";
    }

    /** What each server does with {@code conf}: "refused: <start error>" or the login outcome of a fetched account. */
    private static List<String> observe(Path conf) throws Exception {
        List<String> seen = new ArrayList<>();
        seen.add(ours(conf));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            seen.add(reference(conf));
        }
        return seen;
    }

    private static String ours(Path conf) throws Exception {
        NatsBroker broker;
        try {
            broker = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                            .host("127.0.0.1")
                            .port(0)
                            .build())
                    .start();
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
        try {
            return login(broker.clientUrl());
        } finally {
            broker.close();
        }
    }

    private static String reference(Path conf) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("ref" + FILES.incrementAndGet() + ".log");
        Process p = new ProcessBuilder(REFERENCE, "-c", conf.toString(), "-a", "127.0.0.1", "-p", "" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            String url = "nats://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !p.isAlive() || Files.readString(log).contains("Server is ready"));
            if (!p.isAlive()) {
                String out = Files.readString(log);
                int at = out.indexOf("could not fetch");
                return "refused: "
                        + (at < 0 ? out : out.substring(at).lines().findFirst().orElse(""));
            }
            return login(url);
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String login(String url) throws Exception {
        NKey u = JwtTokens.userKey();
        Path creds = JwtTokens.creds(
                dir.resolve("u" + FILES.incrementAndGet() + ".creds"),
                JwtTokens.user(u).sign(account),
                u);
        List<String> errors = new CopyOnWriteArrayList<>();
        String outcome = JnatsLogin.outcome(
                () -> Nats.connect(new Options.Builder()
                        .server(url)
                        .authHandler(Nats.credentials(creds.toString()))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .maxReconnects(0)
                        .errorListener(new ErrorListener() {
                            @Override
                            public void errorOccurred(Connection conn, String error) {
                                errors.add(error);
                            }
                        })
                        .build()),
                errors,
                Duration.ofSeconds(10));
        return outcome.equals("ok") ? "ok" : "login refused";
    }

    @Test
    void caFileTrustsTheAccountServer() throws Exception {
        int port = accountServer(false);
        assertThat(observe(
                        config(port, "resolver_tls { ca_file: " + file(pki.ca().certFile()) + " }")))
                .containsOnly("ok");
    }

    @Test
    void withoutResolverTlsTheUntrustedAccountServerStopsTheStart() throws Exception {
        int port = accountServer(false);
        String base = "https://127.0.0.1:" + port + "/jwt/v1/accounts/";
        assertThat(observe(config(port, "")))
                .containsOnly("refused: could not fetch <\"" + base + "\">: Get \"" + base + "\": " + UNTRUSTED);
    }

    @Test
    void insecureSkipsTheVerification() throws Exception {
        int port = accountServer(false);
        assertThat(observe(config(port, "resolver_tls { insecure: true, timeout: 2 }")))
                .containsOnly("ok");
    }

    @Test
    void aClientCertificateReachesAnAccountServerRequiringOne() throws Exception {
        int port = accountServer(true);
        String ca = "ca_file: " + file(pki.ca().certFile());
        List<String> withoutCertificate = observe(config(port, "resolver_tls { " + ca + " }"));
        assertThat(withoutCertificate).allSatisfy(o -> assertThat(o).startsWith("refused: could not fetch"));
        assertThat(observe(config(
                        port,
                        "resolver_tls { " + ca + ", cert_file: " + file(client.certFile()) + ", key_file: "
                                + file(client.keyFile()) + ", verify: true }")))
                .containsOnly("ok");
    }
}
