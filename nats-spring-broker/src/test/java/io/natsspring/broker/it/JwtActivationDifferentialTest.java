package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Activation tokens for imports of token-required (private) exports, on this broker and on {@code nats-server} 2.15
 * from the same preloaded account JWTs: a valid token (signed by the exporter or its signing key) opens the stream or
 * service; no token, an expired token or a token the export revoked leaves the import out; a token issued to another
 * account makes the importing account invalid (its users are refused).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtActivationDifferentialTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final String LIMITS =
            "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}";

    @TempDir
    static Path dir;

    private static final Map<String, String> TARGETS = new LinkedHashMap<>();
    private static final List<AutoCloseable> STOP = new ArrayList<>();
    /** Importer name → its account key; in the order of the observations. */
    private static final Map<String, NKey> IMPORTERS = new LinkedHashMap<>();

    private static NKey exporter;

    @BeforeAll
    static void start() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        exporter = JwtTokens.accountKey();
        NKey exporterSigner = JwtTokens.accountKey();
        for (String name : List.of("valid", "bySigningKey", "none", "expired", "revoked", "publicToo", "foreign")) {
            IMPORTERS.put(name, JwtTokens.accountKey());
        }
        long now = Instant.now().getEpochSecond();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(pub(system), JwtTokens.account(system).sign(operator));
        accounts.put(
                pub(exporter),
                JwtTokens.claims("account", pub(exporter))
                        .nats("limits", LIMITS)
                        .nats("signing_keys", List.of(pub(exporterSigner)))
                        .nats(
                                "exports",
                                "[{\"subject\":\"priv.>\",\"type\":\"stream\",\"token_req\":true,\"revocations\":{\""
                                        + pub(IMPORTERS.get("revoked")) + "\":" + (now + 5) + "}},"
                                        + "{\"subject\":\"psvc.>\",\"type\":\"service\",\"token_req\":true},"
                                        + "{\"subject\":\"open.>\",\"type\":\"stream\"}]")
                        .sign(operator));
        for (Map.Entry<String, NKey> e : IMPORTERS.entrySet()) {
            NKey importer = e.getValue();
            String token = switch (e.getKey()) {
                case "valid", "revoked", "publicToo" ->
                    activation(importer, "priv.>", "stream").sign(exporter);
                case "bySigningKey" ->
                    activation(importer, "priv.>", "stream")
                            .nats("issuer_account", pub(exporter))
                            .sign(exporterSigner);
                case "expired" ->
                    activation(importer, "priv.>", "stream")
                            .top("exp", now - 10)
                            .sign(exporter);
                case "foreign" ->
                    activation(JwtTokens.accountKey(), "priv.>", "stream").sign(exporter);
                default -> null;
            };
            StringBuilder imports = new StringBuilder("[{\"subject\":\"priv.>\",\"account\":\"" + pub(exporter)
                    + "\",\"type\":\"stream\"" + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}");
            if (e.getKey().equals("valid")) {
                String svc = activation(importer, "psvc.>", "service").sign(exporter);
                imports.append(",{\"subject\":\"psvc.>\",\"account\":\"")
                        .append(pub(exporter))
                        .append("\",\"type\":\"service\",\"token\":\"")
                        .append(svc)
                        .append("\"}");
            }
            if (e.getKey().equals("publicToo")) {
                imports.append(",{\"subject\":\"open.>\",\"account\":\"")
                        .append(pub(exporter))
                        .append("\",\"type\":\"stream\",\"token\":\"")
                        .append(activation(importer, "open.>", "stream").sign(exporter))
                        .append("\"}");
            }
            imports.append("]");
            accounts.put(
                    pub(importer),
                    JwtTokens.claims("account", pub(importer))
                            .nats("limits", LIMITS)
                            .nats("imports", imports.toString())
                            .sign(operator));
        }
        StringBuilder preload = new StringBuilder();
        accounts.forEach((k, v) ->
                preload.append("  ").append(k).append(": \"").append(v).append("\"\n"));
        String config = """
                operator: "%s"
                system_account: %s
                resolver: MEMORY
                resolver_preload: {
                %s}
                """.formatted(operatorFile.toString().replace('\\', '/'), pub(system), preload);
        Path ours = Files.writeString(dir.resolve("ours.conf"), config);
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        STOP.add(broker);
        TARGETS.put("broker", broker.clientUrl());
        if (ReferenceNatsServer.available()) {
            Path ref = Files.writeString(dir.resolve("ref.conf"), config);
            ReferenceNatsServer server = ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", ref.toString()));
            STOP.add(server);
            TARGETS.put("nats-server", server.url());
        }
    }

    private static JwtTokens.Claims activation(NKey importer, String subject, String kind) {
        return JwtTokens.claims("activation", pub(importer))
                .nats("subject", subject)
                .nats("kind", kind);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : STOP) {
            c.close();
        }
        STOP.clear();
        TARGETS.clear();
    }

    private static Connection connect(String url, NKey account, List<String> errors) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = JwtTokens.user(u).sign(account);
        Path creds = JwtTokens.creds(Files.createTempFile(dir, "u", ".creds"), jwt, u);
        return JnatsLogin.withCreds(url, creds, errors, Duration.ofSeconds(3));
    }

    @Test
    void activationTokensOpenPrivateExportsAsTheServerDecides() throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : TARGETS.entrySet()) {
            seen.put(t.getKey(), observe(t.getValue()));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("valid", "received priv.x");
        expected.put("bySigningKey", "received priv.x");
        expected.put("none", "nothing");
        expected.put("expired", "nothing");
        expected.put("revoked", "nothing");
        expected.put("publicToo", "received priv.x");
        expected.put("foreign", "Authorization Violation");
        expected.put("service", "answer hi");
        assertThat(seen.get("broker")).isEqualTo(expected);
    }

    private static Map<String, String> observe(String url) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        List<Connection> open = new ArrayList<>();
        try {
            List<String> errors = new CopyOnWriteArrayList<>();
            Connection source = connect(url, exporter, errors);
            open.add(source);
            Dispatcher d = source.createDispatcher(m -> source.publish(m.getReplyTo(), m.getData()));
            d.subscribe("psvc.>");
            source.flush(WAIT);
            Map<String, Subscription> subs = new LinkedHashMap<>();
            for (Map.Entry<String, NKey> e : IMPORTERS.entrySet()) {
                List<String> refused = new CopyOnWriteArrayList<>();
                try {
                    // a refusal is known from its -ERR, not at the end of the connection timeout
                    Connection c = JnatsLogin.connect(
                            () -> connect(url, e.getValue(), refused), refused, Duration.ofSeconds(10));
                    open.add(c);
                    Subscription s = c.subscribe("priv.>");
                    c.flush(WAIT);
                    subs.put(e.getKey(), s);
                } catch (Exception ex) {
                    out.put(e.getKey(), refused.isEmpty() ? ex.getClass().getSimpleName() : refused.get(0));
                }
            }
            source.publish("priv.x", "m".getBytes(StandardCharsets.UTF_8));
            source.flush(WAIT);
            for (Map.Entry<String, NKey> e : IMPORTERS.entrySet()) {
                Subscription s = subs.get(e.getKey());
                if (s != null) {
                    Message m = s.nextMessage(Duration.ofMillis(e.getKey().equals("valid") ? 2000 : 300));
                    out.put(e.getKey(), m == null ? "nothing" : "received " + m.getSubject());
                }
            }
            Connection importer = open.get(1);
            Message answer;
            try {
                answer = importer.request("psvc.echo", "hi".getBytes(StandardCharsets.UTF_8), WAIT);
            } catch (Exception ex) {
                answer = null;
            }
            out.put("service", answer == null ? "no answer" : "answer " + new String(answer.getData()));
            return out;
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }
}
