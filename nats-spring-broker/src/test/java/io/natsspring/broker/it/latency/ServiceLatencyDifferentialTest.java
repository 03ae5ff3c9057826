package io.natsspring.broker.it.latency;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.account.ServerIdentity;
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
 * Service latency tracking ({@code latency} on a service export, {@code share} on the import) on this broker and on
 * {@code nats-server} 2.15 started from the same configuration: the {@code io.nats.server.metric.v1.service_latency}
 * measurements of an answered request (200), of a request without a reply subject (400), of one nobody takes
 * (503) and of one left unanswered past the response threshold (504); header-triggered sampling with the headers
 * reported; the requestor's details only when the import shares them; the tracked reply subject's {@code .T} mark.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceLatencyDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            accounts {
              SVC: {
                users: [ {user: svc, password: svc} ]
                exports: [
                  {service: "svc.>", latency: { sampling: 100%, subject: "lat.svc" }}
                  {service: "hdr.>", latency: { sampling: headers, subject: "lat.hdr" }}
                  {service: "slow.>", response_threshold: "300ms", latency: "lat.slow"}
                ]
              }
              REQ: {
                users: [ {user: req, password: req} ]
                imports: [
                  {service: {account: SVC, subject: "svc.>"}, share: true}
                  {service: {account: SVC, subject: "hdr.>"}}
                  {service: {account: SVC, subject: "slow.>"}}
                ]
              }
            }
            """;

    @TempDir
    static Path dir;

    private static final Map<String, String> URLS = new LinkedHashMap<>();
    private static final List<AutoCloseable> STOP = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path conf = dir.resolve("latency.conf");
        Files.writeString(conf, CONFIG);
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

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : STOP) {
            c.close();
        }
        STOP.clear();
        URLS.clear();
    }

    @Test
    void measurementsHaveNatsServersShape() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : URLS.entrySet()) {
            seen.put(t.getKey(), observe(t.getValue()));
        }
        assertThat(seen.get("broker")).contains("reply _R_ tracked=true server hash=true");
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
    }

    private static List<String> observe(String url) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection svc = connect(url, "svc", "responder");
                Connection req = connect(url, "req", "requestor")) {
            Subscription metrics = svc.subscribe("lat.>");
            List<String> replies = new ArrayList<>();
            svc.createDispatcher(m -> {
                        if (m.getReplyTo() != null) {
                            replies.add(m.getReplyTo());
                            svc.publish(m.getReplyTo(), "ok".getBytes(StandardCharsets.UTF_8));
                        }
                    })
                    .subscribe("svc.a");
            svc.createDispatcher(m -> svc.publish(m.getReplyTo(), "ok".getBytes(StandardCharsets.UTF_8)))
                    .subscribe("hdr.a");
            svc.subscribe("slow.a"); // takes requests, never answers
            svc.flush(Duration.ofSeconds(5));
            req.flush(Duration.ofSeconds(5));

            // answered, shared requestor
            Message answer = req.request("svc.a", "q".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            assertThat(answer).isNotNull();
            JsonNode ok = next(metrics);
            out.add("200 " + describe(ok));
            assertThat(ok.get("service").asLong()).isNotNegative();
            assertThat(ok.get("total").asLong()).isPositive();
            assertThat(ok.get("total").asLong())
                    .isGreaterThanOrEqualTo(ok.get("service").asLong());
            assertThat(Instant.parse(ok.get("start").asString()))
                    .isBefore(Instant.now().plusSeconds(1));
            assertThat(ok.get("requestor").get("name").asString()).isEqualTo("requestor");
            assertThat(ok.get("responder").get("name").asString()).isEqualTo("responder");
            assertThat(ok.get("responder").get("acc").asString()).isEqualTo("SVC");
            assertThat(ok.get("requestor").get("acc").asString()).isEqualTo("REQ");
            assertThat(ok.get("type").asString()).isEqualTo("io.nats.server.metric.v1.service_latency");
            String reply = replies.get(0);
            String[] tokens = reply.split("\\.");
            String hash = ServerIdentity.hash(svc.getServerInfo().getServerName());
            out.add("reply " + tokens[0] + " tracked=" + reply.endsWith(".T") + " server hash="
                    + tokens[tokens.length - 2].equals(hash));

            // header-triggered: without a header nothing, with a sampled B3 header measured and reported
            req.request("hdr.a", "q".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            Headers h = new Headers().put("X-B3-Sampled", "1").put("X-B3-TraceId", "80f198ee56343ba8");
            Message hdrAnswer = req.request(io.nats.client.impl.NatsMessage.builder()
                            .subject("hdr.a")
                            .headers(h)
                            .data("q".getBytes(StandardCharsets.UTF_8))
                            .build())
                    .get(5, TimeUnit.SECONDS);
            assertThat(hdrAnswer).isNotNull();
            JsonNode traced = next(metrics);
            out.add("hdr " + traced.get("header") + " " + describe(traced));

            // no reply subject: 400
            req.publish("svc.a", "q".getBytes(StandardCharsets.UTF_8));
            req.flush(Duration.ofSeconds(5));
            out.add("noreply " + describe(next(metrics)));

            // nobody takes it: 503
            req.publish("svc.none", "_INBOX.none", "q".getBytes(StandardCharsets.UTF_8));
            req.flush(Duration.ofSeconds(5));
            out.add("nobody " + describe(next(metrics)));

            // unanswered past the 300 ms threshold: 504
            req.publish("slow.a", "_INBOX.slow", "q".getBytes(StandardCharsets.UTF_8));
            req.flush(Duration.ofSeconds(5));
            out.add("timeout " + describe(next(metrics)));

            assertThat(metrics.nextMessage(Duration.ofMillis(300)))
                    .as("no further measurement")
                    .isNull();
        }
        return out;
    }

    /** Status, description, subject and the key sets of the measurement and its client details. */
    private static String describe(JsonNode n) {
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
        Message m = metrics.nextMessage(Duration.ofSeconds(5));
        assertThat(m).as("a latency measurement").isNotNull();
        return JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
    }

    private static Connection connect(String url, String user, String name) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .userInfo(user, user)
                .connectionName(name)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }
}
