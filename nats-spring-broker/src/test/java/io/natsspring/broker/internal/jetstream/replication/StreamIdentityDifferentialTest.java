package io.natsspring.broker.internal.jetstream.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.DifferentialServers;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.jetstream.base.ApiTime;
import io.natsspring.broker.internal.jetstream.base.StreamIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Nats-Stream-Identity} (nats-server 2.15, API level 5) on this broker and on {@code nats-server} 2.15.1: the
 * header on the answer to a consumer create with {@code direct} or {@code sourcing}, error 10225 when the request
 * names another identity, the identity as sixth field of {@code Nats-Stream-Source}, and a source whose origin was
 * deleted and created again starting over from the new origin's first message. Both stores.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamIdentityDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path storeDir;

    private static DifferentialServers servers;
    private static ReferenceNatsServer reference;
    private static Connection ref;
    private static NatsBroker broker;
    private static Connection ours;

    @BeforeAll
    static void start() throws Exception {
        servers = DifferentialServers.start(storeDir);
        reference = servers.server();
        ref = servers.reference();
        broker = servers.broker();
        ours = servers.ours();
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void consumerCreateAnswersWithTheIdentityAndChecksIt(String storage) throws Exception {
        String stream = "ID_" + storage;
        List<String> seen = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            JsonNode created = JSON.readTree(request(
                            c,
                            "$JS.API.STREAM.CREATE." + stream,
                            "{\"name\":\"" + stream + "\",\"subjects\":[\"" + stream + ".>\"],\"storage\":\"" + storage
                                    + "\"}",
                            null)
                    .getData());
            String identity =
                    StreamIdentity.of(ApiTime.parse(created.get("created").asString()));

            Message direct = create(c, stream, "{\"name\":\"D1\",\"deliver_subject\":\"dd1\",\"direct\":true}", null);
            assertThat(direct.getHeaders().getFirst("Nats-Stream-Identity")).isEqualTo(identity);
            assertThat(JSON.readTree(direct.getData()).get("name").asString()).isEqualTo("D1");

            Message same = create(c, stream, "{\"name\":\"D2\",\"deliver_subject\":\"dd2\",\"direct\":true}", identity);
            assertThat(JSON.readTree(same.getData()).has("error")).isFalse();

            Message sourcing =
                    create(c, stream, "{\"name\":\"S1\",\"deliver_subject\":\"ds1\",\"sourcing\":true}", null);
            assertThat(sourcing.getHeaders().getFirst("Nats-Stream-Identity")).isEqualTo(identity);
            JsonNode sourcingInfo = JSON.readTree(sourcing.getData());
            assertThat(sourcingInfo.get("config").get("sourcing").asBoolean()).isTrue();

            Message both = create(
                    c, stream, "{\"name\":\"B1\",\"deliver_subject\":\"db1\",\"direct\":true,\"sourcing\":true}", null);
            assertThat(JSON.readTree(both.getData()).get("name").asString()).matches("B1-[A-Za-z0-9]{8}");

            Message plain = create(c, stream, "{\"name\":\"P1\",\"deliver_subject\":\"dp1\"}", "nope");
            assertThat(plain.getHeaders()).isNull();
            assertThat(JSON.readTree(plain.getData()).has("error")).isFalse();

            Message wrong = create(c, stream, "{\"name\":\"D3\",\"deliver_subject\":\"dd3\",\"direct\":true}", "nope");
            assertThat(wrong.getHeaders()).isNull();
            seen.add(new String(wrong.getData(), StandardCharsets.UTF_8).replace(identity, "IDENT"));

            Message update = create(c, stream, "{\"name\":\"S1\",\"deliver_subject\":\"ds1\"}", null);
            seen.add(JSON.readTree(update.getData()).get("error").toString());
            seen.add(JSON.readTree(request(c, "$JS.API.STREAM.INFO." + stream, "", null)
                            .getData())
                    .path("state")
                    .path("consumer_count")
                    .toString());
        }
        assertThat(seen.subList(3, 6)).isEqualTo(seen.subList(0, 3));
        assertThat(seen.get(0)).contains("\"err_code\":10225").contains("identity does not match: IDENT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "memory"})
    void aSourceStartsOverWhenItsOriginIsCreatedAgain(String storage) throws Exception {
        String origin = "RO_" + storage;
        String target = "RS_" + storage;
        String originBody =
                "{\"name\":\"" + origin + "\",\"subjects\":[\"" + origin + ".>\"],\"storage\":\"" + storage + "\"}";
        for (Connection c : List.of(ref, ours)) {
            request(c, "$JS.API.STREAM.CREATE." + origin, originBody, null);
            request(
                    c,
                    "$JS.API.STREAM.CREATE." + target,
                    "{\"name\":\"" + target + "\",\"storage\":\"" + storage + "\",\"sources\":[{\"name\":\"" + origin
                            + "\"}]}",
                    null);
            c.request(origin + ".a", "1".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            c.request(origin + ".b", "2".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
        List<String> sourceHeaders = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> messages(c, target) == 2);
            String identity =
                    StreamIdentity.of(ApiTime.parse(JSON.readTree(request(c, "$JS.API.STREAM.INFO." + origin, "", null)
                                    .getData())
                            .get("created")
                            .asString()));
            sourceHeaders.add(sourceHeader(c, target, 2).replace(identity, "IDENT"));
        }
        assertThat(sourceHeaders.get(1)).isEqualTo(sourceHeaders.get(0));
        assertThat(sourceHeaders.get(0)).isEqualTo(origin + " 2 > > " + origin + ".b IDENT");

        for (Connection c : List.of(ref, ours)) {
            request(c, "$JS.API.STREAM.DELETE." + origin, "", null);
            request(c, "$JS.API.STREAM.CREATE." + origin, originBody, null);
            c.request(origin + ".c", "3".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        }
        List<String> last = new ArrayList<>();
        for (Connection c : List.of(ref, ours)) {
            await().atMost(Duration.ofSeconds(45)).until(() -> messages(c, target) == 3);
            JsonNode m = JSON.readTree(request(c, "$JS.API.STREAM.MSG.GET." + target, "{\"seq\":3}", null)
                            .getData())
                    .get("message");
            last.add(m.get("subject").asString() + " "
                    + new String(Base64.getDecoder().decode(m.get("data").asString()), StandardCharsets.UTF_8) + " "
                    + sourceHeader(c, target, 3).split(" ")[1]);
        }
        assertThat(last.get(1)).isEqualTo(last.get(0)).isEqualTo(origin + ".c 3 1");
    }

    private static long messages(Connection c, String stream) throws Exception {
        return JSON.readTree(
                        request(c, "$JS.API.STREAM.INFO." + stream, "", null).getData())
                .path("state")
                .path("messages")
                .asLong();
    }

    private static String sourceHeader(Connection c, String stream, long seq) throws Exception {
        JsonNode m = JSON.readTree(request(c, "$JS.API.STREAM.MSG.GET." + stream, "{\"seq\":" + seq + "}", null)
                        .getData())
                .get("message");
        String hdrs = new String(Base64.getDecoder().decode(m.get("hdrs").asString()), StandardCharsets.UTF_8);
        for (String line : hdrs.split("\r\n")) {
            if (line.startsWith("Nats-Stream-Source:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static Message create(Connection c, String stream, String config, String identity) throws Exception {
        return request(
                c,
                "$JS.API.CONSUMER.CREATE." + stream,
                "{\"stream_name\":\"" + stream + "\",\"config\":" + config + "}",
                identity);
    }

    private static Message request(Connection c, String subject, String body, String identity) throws Exception {
        Headers h = identity == null ? null : new Headers().add("Nats-Stream-Identity", identity);
        Message m = c.request(
                NatsMessage.builder()
                        .subject(subject)
                        .headers(h)
                        .data(body.getBytes(StandardCharsets.UTF_8))
                        .build(),
                Duration.ofSeconds(5));
        assertThat(m).as("answer to %s %s", subject, body).isNotNull();
        return m;
    }
}
