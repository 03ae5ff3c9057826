package io.natsspring.broker.it.latency;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Service latency tracking from JWT claims ({@code latency { sampling, results }} and {@code response_threshold}
 * on a service export of the account JWT, {@code share} on the importing account's import) on this broker and on
 * {@code nats-server} 2.15.1 from the same preloaded JWTs: the measurements of an answered request (200, the
 * requestor shared), a header-triggered one, one nobody takes (503), one left unanswered past the threshold (504);
 * and an account whose latency claim the jwt library refuses (sampling 0..100 broken, wildcard results) is invalid.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtServiceLatencyDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LIMITS =
            "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}";

    @TempDir
    static Path dir;

    private static final Map<String, String> URLS = new LinkedHashMap<>();
    private static final List<AutoCloseable> STOP = new ArrayList<>();
    private static NKey svc;
    private static NKey req;
    private static NKey badSampling;
    private static NKey wildcardResults;

    @BeforeAll
    static void start() throws Exception {
        NKey operator = JwtTokens.operatorKey();
        NKey system = JwtTokens.accountKey();
        svc = JwtTokens.accountKey();
        req = JwtTokens.accountKey();
        badSampling = JwtTokens.accountKey();
        wildcardResults = JwtTokens.accountKey();
        Path operatorFile = Files.writeString(
                dir.resolve("operator.jwt"),
                JwtTokens.claims("operator", pub(operator))
                        .nats("system_account", pub(system))
                        .sign(operator));
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put(pub(system), JwtTokens.account(system).sign(operator));
        accounts.put(
                pub(svc),
                JwtTokens.claims("account", pub(svc))
                        .nats("limits", LIMITS)
                        .nats(
                                "exports",
                                "[{\"subject\":\"svc.>\",\"type\":\"service\","
                                        + "\"service_latency\":{\"sampling\":100,\"results\":\"lat.svc\"}},"
                                        + "{\"subject\":\"hdr.>\",\"type\":\"service\","
                                        + "\"service_latency\":{\"sampling\":\"headers\",\"results\":\"lat.hdr\"}},"
                                        + "{\"subject\":\"slow.>\",\"type\":\"service\",\"response_threshold\":300000000,"
                                        + "\"service_latency\":{\"sampling\":100,\"results\":\"lat.slow\"}}]")
                        .sign(operator));
        accounts.put(
                pub(req),
                JwtTokens.claims("account", pub(req))
                        .nats("limits", LIMITS)
                        .nats(
                                "imports",
                                "[{\"subject\":\"svc.>\",\"account\":\"" + pub(svc)
                                        + "\",\"type\":\"service\",\"share\":true},"
                                        + "{\"subject\":\"hdr.>\",\"account\":\"" + pub(svc)
                                        + "\",\"type\":\"service\"},"
                                        + "{\"subject\":\"slow.>\",\"account\":\"" + pub(svc)
                                        + "\",\"type\":\"service\"}]")
                        .sign(operator));
        accounts.put(pub(badSampling), withLatency(operator, badSampling, "{\"sampling\":101,\"results\":\"lat.x\"}"));
        accounts.put(
                pub(wildcardResults),
                withLatency(operator, wildcardResults, "{\"sampling\":50,\"results\":\"lat.*\"}"));
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
        Path conf = Files.writeString(dir.resolve("jwt-latency.conf"), config);
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        STOP.add(broker);
        URLS.put("broker", broker.clientUrl());
        if (ReferenceNatsServer.available()) {
            ReferenceNatsServer ref = ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", conf.toString()));
            STOP.add(ref);
            URLS.put("nats-server", ref.url());
        }
    }

    private static String withLatency(NKey operator, NKey account, String latency) throws Exception {
        return JwtTokens.claims("account", pub(account))
                .nats("limits", LIMITS)
                .nats("exports", "[{\"subject\":\"q.>\",\"type\":\"service\",\"service_latency\":" + latency + "}]")
                .sign(operator);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : STOP) {
            c.close();
        }
        STOP.clear();
        URLS.clear();
    }

    @Test
    void jwtExportLatencyClaimsAreMeasuredAsNatsServerDoes() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : URLS.entrySet()) {
            seen.put(t.getKey(), observe(t.getValue()));
        }
        assertThat(seen.get("broker"))
                .hasSize(6)
                .anySatisfy(line -> assertThat(line).startsWith("200 "))
                .anySatisfy(line -> assertThat(line).startsWith("timeout 504 Service Timeout"));
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
    }

    private static List<String> observe(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection s = connect(url, svc, "responder");
                Connection r = connect(url, req, "requestor")) {
            Subscription metrics = s.subscribe("lat.>");
            s.createDispatcher(m -> s.publish(m.getReplyTo(), "ok".getBytes(StandardCharsets.UTF_8)))
                    .subscribe("svc.a");
            s.createDispatcher(m -> s.publish(m.getReplyTo(), "ok".getBytes(StandardCharsets.UTF_8)))
                    .subscribe("hdr.a");
            s.subscribe("slow.a"); // takes requests, never answers
            s.flush(Duration.ofSeconds(5));
            r.flush(Duration.ofSeconds(5));

            assertThat(r.request("svc.a", "q".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)))
                    .isNotNull();
            JsonNode ok = next(metrics);
            out.add("200 " + describe(ok) + " requestor name "
                    + (ok == null ? "-" : ok.path("requestor").path("name").asString("")));

            r.request("hdr.a", "q".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            Message traced = r.request(NatsMessage.builder()
                            .subject("hdr.a")
                            .headers(new Headers().put("X-B3-Sampled", "1").put("X-B3-TraceId", "80f198ee56343ba8"))
                            .data("q".getBytes(StandardCharsets.UTF_8))
                            .build())
                    .get(5, TimeUnit.SECONDS);
            assertThat(traced).isNotNull();
            JsonNode hdr = next(metrics);
            out.add("hdr " + (hdr == null ? "-" : hdr.get("header")) + " " + describe(hdr));

            r.publish("svc.none", "_INBOX.none", "q".getBytes(StandardCharsets.UTF_8));
            r.flush(Duration.ofSeconds(5));
            out.add("nobody " + describe(next(metrics)));

            r.publish("slow.a", "_INBOX.slow", "q".getBytes(StandardCharsets.UTF_8));
            r.flush(Duration.ofSeconds(5));
            out.add("timeout " + describe(next(metrics)));

            assertThat(metrics.nextMessage(Duration.ofMillis(300)))
                    .as("no further measurement")
                    .isNull();
        }
        out.add("bad sampling: " + refusal(url, badSampling));
        out.add("wildcard results: " + refusal(url, wildcardResults));
        return out;
    }

    private static String refusal(String url, NKey account) {
        try (Connection c = connect(url, account, "x")) {
            return "connected";
        } catch (Exception e) {
            return "refused";
        }
    }

    private static String describe(JsonNode n) {
        if (n == null) {
            return "no measurement";
        }
        return n.get("status") + " "
                + (n.has("description") ? n.get("description").asString() : "-") + " keys=" + keys(n) + " requestor="
                + keys(n.get("requestor")) + " responder=" + keys(n.get("responder"));
    }

    private static TreeSet<String> keys(JsonNode n) {
        TreeSet<String> k = new TreeSet<>();
        if (n != null) {
            n.propertyNames().forEach(k::add);
        }
        return k;
    }

    private static JsonNode next(Subscription metrics) throws Exception {
        Message m = metrics.nextMessage(Duration.ofSeconds(3));
        if (m == null) {
            return null;
        }
        return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    }

    private static Connection connect(String url, NKey account, String name) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = JwtTokens.user(u).sign(account);
        Path creds = JwtTokens.creds(Files.createTempFile(dir, "u", ".creds"), jwt, u);
        return Nats.connect(Options.builder()
                .server(url)
                .authHandler(Nats.credentials(creds.toString()))
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(3))
                .maxReconnects(0)
                .build());
    }
}
