package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.internal.auth.JwtTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import whose activation token expires while the server runs stops at the token's {@code exp}, as
 * {@code nats-server}'s activation timer invalidates it: an open subscription of the importer no longer gets the
 * exporter's stream, a request to the imported service no longer reaches the exporter; an importer whose token does
 * not expire keeps both. Same preloaded JWTs on this broker and on {@code nats-server} 2.15.1, same connections kept
 * across the expiry.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtActivationExpiryDifferentialTest {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final long LIFETIME_SECONDS = 8;
    private static final String LIMITS =
            "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}";

    @TempDir
    Path dir;

    @Test
    void anImportStopsWhenItsActivationTokenExpires() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        NKey exporter = JwtTokens.accountKey();
        NKey expiring = JwtTokens.accountKey();
        NKey lasting = JwtTokens.accountKey();
        long exp = Instant.now().getEpochSecond() + LIFETIME_SECONDS;
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
                        .nats(
                                "exports",
                                "[{\"subject\":\"priv.>\",\"type\":\"stream\",\"token_req\":true},"
                                        + "{\"subject\":\"psvc.>\",\"type\":\"service\",\"token_req\":true}]")
                        .sign(operator));
        accounts.put(pub(expiring), importer(operator, exporter, expiring, exp));
        accounts.put(pub(lasting), importer(operator, exporter, lasting, 0));
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

        List<AutoCloseable> stop = new ArrayList<>();
        try {
            Map<String, String> targets = ConfigDifferential.start(dir, store -> config, stop);
            Map<String, Observer> observers = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : targets.entrySet()) {
                Observer o = new Observer(t.getValue(), exporter, expiring, lasting);
                stop.add(0, o);
                observers.put(t.getKey(), o);
            }
            Map<String, String> before = new LinkedHashMap<>();
            observers.forEach((name, o) -> before.put(name, o.observe()));
            assertThat(Instant.now().getEpochSecond())
                    .as("observed before the token expired (machine too slow?)")
                    .isLessThan(exp);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(LIFETIME_SECONDS + 5))
                    .until(() -> Instant.now().getEpochSecond() > exp + 1);
            Map<String, String> after = new LinkedHashMap<>();
            observers.forEach((name, o) -> after.put(name, o.observe()));

            for (String name : targets.keySet()) {
                assertThat(before.get(name))
                        .as(name)
                        .isEqualTo("expiring: stream priv.x, service answer | lasting: stream priv.x, service answer");
                assertThat(after.get(name))
                        .as(name)
                        .isEqualTo("expiring: stream nothing, service no answer"
                                + " | lasting: stream priv.x, service answer");
            }
        } finally {
            for (AutoCloseable c : stop) {
                c.close();
            }
        }
    }

    private static String importer(NKey operator, NKey exporter, NKey importer, long exp) throws Exception {
        JwtTokens.Claims stream = JwtTokens.claims("activation", pub(importer))
                .nats("subject", "priv.>")
                .nats("kind", "stream");
        JwtTokens.Claims service = JwtTokens.claims("activation", pub(importer))
                .nats("subject", "psvc.>")
                .nats("kind", "service");
        if (exp > 0) {
            stream.top("exp", exp);
            service.top("exp", exp);
        }
        String imports =
                "[{\"subject\":\"priv.>\",\"account\":\"" + pub(exporter) + "\",\"type\":\"stream\",\"token\":\""
                        + stream.sign(exporter) + "\"},{\"subject\":\"psvc.>\",\"account\":\"" + pub(exporter)
                        + "\",\"type\":\"service\",\"token\":\"" + service.sign(exporter) + "\"}]";
        return JwtTokens.claims("account", pub(importer))
                .nats("limits", LIMITS)
                .nats("imports", imports)
                .sign(operator);
    }

    /** The exporter (publisher and service) and both importers, connected once and kept across the expiry. */
    private final class Observer implements AutoCloseable {
        private final Connection source;
        private final Map<String, Connection> importers = new LinkedHashMap<>();
        private final Map<String, Subscription> subs = new LinkedHashMap<>();

        Observer(String url, NKey exporter, NKey expiring, NKey lasting) throws Exception {
            source = connect(url, exporter);
            Dispatcher d = source.createDispatcher(m -> source.publish(m.getReplyTo(), m.getData()));
            d.subscribe("psvc.>");
            source.flush(WAIT);
            importers.put("expiring", connect(url, expiring));
            importers.put("lasting", connect(url, lasting));
            for (Map.Entry<String, Connection> e : importers.entrySet()) {
                subs.put(e.getKey(), e.getValue().subscribe("priv.>"));
                e.getValue().flush(WAIT);
            }
        }

        String observe() {
            try {
                source.publish("priv.x", "m".getBytes(StandardCharsets.UTF_8));
                source.flush(WAIT);
                List<String> out = new ArrayList<>();
                for (Map.Entry<String, Connection> e : importers.entrySet()) {
                    Message m = subs.get(e.getKey()).nextMessage(Duration.ofMillis(1000));
                    String answer;
                    try {
                        Message a = e.getValue().request("psvc.echo", "hi".getBytes(StandardCharsets.UTF_8), WAIT);
                        answer = a == null || a.isStatusMessage() ? "no answer" : "answer";
                    } catch (Exception ex) {
                        answer = "no answer";
                    }
                    out.add(e.getKey() + ": stream " + (m == null ? "nothing" : m.getSubject()) + ", service "
                            + answer);
                }
                return String.join(" | ", out);
            } catch (Exception e) {
                return "failed: " + e;
            }
        }

        @Override
        public void close() throws Exception {
            for (Connection c : importers.values()) {
                c.close();
            }
            source.close();
        }

        private Connection connect(String url, NKey account) throws Exception {
            NKey u = JwtTokens.userKey();
            String jwt = JwtTokens.user(u).sign(account);
            Path creds = JwtTokens.creds(Files.createTempFile(dir, "u", ".creds"), jwt, u);
            return Nats.connect(new Options.Builder()
                    .server(url)
                    .authHandler(Nats.credentials(creds.toString()))
                    .connectionTimeout(Duration.ofSeconds(3))
                    .maxReconnects(0)
                    .build());
        }
    }
}
