package io.natsspring.broker.internal.jetstream.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JetStream advisories on a server with a JetStream domain, on this broker and on {@code nats-server} 2.15 side by
 * side: every advisory's keys in order (so {@code domain} where {@code nats-server} puts it) and the domain's value,
 * the API audit's {@code client} block (keys in order; account, name, language, version, kind, client type, host),
 * and the fast-batch commit PubAck (with {@code domain}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdvisoryDomainDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String DOMAIN = "hub";

    @TempDir
    static Path dir;

    private static ReferenceNatsServer reference;
    private static NatsBroker broker;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        Path refDir = dir.resolve("reference");
        Files.createDirectories(refDir);
        Path conf = refDir.resolve("domain.conf");
        Files.writeString(conf, "jetstream { domain: " + DOMAIN + " }\n");
        reference = ReferenceNatsServer.startWithJetStream(refDir, List.of("-c", conf.toString()));
        broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .jetStreamDomain(DOMAIN)
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void advisoriesCarryTheDomainAndTheAuditTheClient() throws Exception {
        List<String> expected = run(reference.url());
        List<String> actual = run(broker.clientUrl());
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(String.join("\n", actual))
                .contains("consumer_action", "api_audit", "stream_action", "consumer_pause", "nak", "terminated")
                .contains("commit-ack={\"stream\":\"DOM\",\"domain\":\"hub\",\"seq\":3,\"batch\":\"b1\",\"count\":2}");
    }

    private static List<String> run(String url) throws Exception {
        try (Connection c = Nats.connect(new Options.Builder()
                .server(url)
                .connectionName("auditor")
                .connectionTimeout(TIMEOUT)
                .maxReconnects(0)
                .build())) {
            Subscription events = c.subscribe("$JS.EVENT.ADVISORY.>");
            Subscription batchReplies = c.subscribe("fbr.>");
            c.flush(TIMEOUT);
            request(
                    c,
                    "$JS.API.STREAM.CREATE.DOM",
                    "{\"name\":\"DOM\",\"subjects\":[\"dom.>\"],\"storage\":\"memory\",\"allow_batched\":true}");
            request(
                    c,
                    "$JS.API.CONSUMER.CREATE.DOM.C",
                    "{\"stream_name\":\"DOM\",\"config\":{\"durable_name\":\"C\",\"ack_policy\":\"explicit\"}}");
            c.request("dom.a", "1".getBytes(StandardCharsets.UTF_8), TIMEOUT);
            Subscription inbox = c.subscribe("pull.inbox");
            c.publish(
                    "$JS.API.CONSUMER.MSG.NEXT.DOM.C", "pull.inbox", "{\"batch\":1}".getBytes(StandardCharsets.UTF_8));
            Message first = inbox.nextMessage(TIMEOUT);
            assertThat(first).as("first delivery").isNotNull();
            c.publish(first.getReplyTo(), "-NAK".getBytes(StandardCharsets.UTF_8));
            c.publish(
                    "$JS.API.CONSUMER.MSG.NEXT.DOM.C", "pull.inbox", "{\"batch\":1}".getBytes(StandardCharsets.UTF_8));
            Message again = inbox.nextMessage(TIMEOUT);
            assertThat(again).as("redelivery").isNotNull();
            c.publish(again.getReplyTo(), "+TERM".getBytes(StandardCharsets.UTF_8));
            c.flush(TIMEOUT);
            String until = Instant.now().plusSeconds(3600).toString();
            request(c, "$JS.API.CONSUMER.PAUSE.DOM.C", "{\"pause_until\":\"" + until + "\"}");
            request(c, "$JS.API.CONSUMER.PAUSE.DOM.C", "{}");
            c.publish("dom.b", "fbr.b1.10.ok.1.0.$FI", "one".getBytes(StandardCharsets.UTF_8));
            c.publish("dom.b", "fbr.b1.10.ok.2.2.$FI", "two".getBytes(StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                Message m;
                while ((m = batchReplies.nextMessage(Duration.ofMillis(50))) != null) {
                    if (m.getSubject().endsWith(".2.2.$FI")) {
                        seen.add("commit-ack=" + new String(m.getData(), StandardCharsets.UTF_8));
                    }
                }
                return !seen.isEmpty();
            });
            request(c, "$JS.API.CONSUMER.DELETE.DOM.C", "");
            request(c, "$JS.API.STREAM.DELETE.DOM", "");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Message m;
                while ((m = events.nextMessage(Duration.ofMillis(50))) != null) {
                    seen.add(render(m));
                }
                return seen.stream().anyMatch(s -> s.contains("STREAM.DELETED"))
                        && seen.stream().filter(s -> s.contains("api_audit")).count() >= 6;
            });
            Message late;
            while ((late = events.nextMessage(Duration.ofMillis(300))) != null) {
                seen.add(render(late));
            }
            Collections.sort(seen);
            return seen;
        }
    }

    private static void request(Connection c, String subject, String body) throws Exception {
        Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(m).as(subject).isNotNull();
        assertThat(new String(m.getData(), StandardCharsets.UTF_8)).as(subject).doesNotContain("\"error\"");
    }

    /** Subject, type, the keys in order, the domain; for the audit its request subject and the client block. */
    private static String render(Message m) throws Exception {
        JsonNode o = JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
        StringBuilder b = new StringBuilder(m.getSubject()).append(' ');
        b.append(o.path("type").asString()).append(" keys=").append(keys(o));
        b.append(" domain=").append(o.path("domain").asString());
        if (o.has("client")) {
            JsonNode client = o.path("client");
            b.append(" subject=").append(o.path("subject").asString());
            b.append(" client.keys=").append(keys(client));
            for (String k : new String[] {"acc", "name", "lang", "ver", "kind", "client_type", "host"}) {
                b.append(' ').append(k).append('=').append(client.path(k).asString());
            }
            assertThat(client.path("id").asLong()).isPositive();
            assertThat(client.path("server").asString()).isNotEmpty();
        }
        return b.toString();
    }

    private static String keys(JsonNode o) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = o.propertyNames().iterator(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return String.join(",", keys);
    }
}
