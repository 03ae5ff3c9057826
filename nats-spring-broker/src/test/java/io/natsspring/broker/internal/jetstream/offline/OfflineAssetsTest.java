package io.natsspring.broker.internal.jetstream.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.natsspring.broker.internal.jetstream.JetStreamTestSupport;
import io.natsspring.broker.internal.jetstream.base.ApiLevel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stored stream whose {@code _nats.req.level} is above the broker's API level stays offline at start, as in
 * {@code nats-server}: {@code STREAM.LIST} names it under {@code missing} and {@code offline} with the reason,
 * {@code STREAM.NAMES} still lists it, info and publishes answer 10194, and it can be deleted.
 */
class OfflineAssetsTest extends JetStreamTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void streamNeedingHigherApiLevelIsListedOffline() throws Exception {
        startAndConnect();
        createStream("A", StorageType.File, "a");
        createStream("B", StorageType.File, "b");
        js.publish("b", "x".getBytes(StandardCharsets.UTF_8));
        nc.close();
        broker.close();

        Path meta = storeDir.resolve("streams").resolve("B").resolve("stream.json");
        String stored = Files.readString(meta);
        assertThat(stored).contains("\"_nats.req.level\":\"0\"");
        Files.writeString(meta, stored.replace("\"_nats.req.level\":\"0\"", "\"_nats.req.level\":\"99\""));

        startAndConnect();
        String reason = "unsupported - required API level: 99, current API level: " + ApiLevel.LEVEL;
        JsonNode list = request("$JS.API.STREAM.LIST", "{}");
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("streams")).hasSize(1);
        assertThat(list.get("streams").get(0).get("config").get("name").asString())
                .isEqualTo("A");
        assertThat(list.get("missing").get(0).asString()).isEqualTo("B");
        assertThat(list.get("offline").get("B").asString()).isEqualTo(reason);

        JsonNode filtered = request("$JS.API.STREAM.LIST", "{\"subject\":\"a\"}");
        assertThat(filtered.has("offline")).isFalse();
        assertThat(filtered.has("missing")).isFalse();

        JsonNode names = request("$JS.API.STREAM.NAMES", "{}");
        assertThat(names.get("streams").toString()).isEqualTo("[\"A\",\"B\"]");

        JsonNode info = request("$JS.API.STREAM.INFO.B", "");
        assertThat(info.get("error").get("err_code").asInt()).isEqualTo(10194);
        assertThat(info.get("error").get("description").asString()).isEqualTo("stream is offline: " + reason);

        JsonNode ack = JSON.readTree(
                nc.request("b", new byte[0], Duration.ofSeconds(5)).getData());
        assertThat(ack.get("error").get("err_code").asInt()).isEqualTo(10194);

        JsonNode deleted = request("$JS.API.STREAM.DELETE.B", "");
        assertThat(deleted.get("success").asBoolean()).isTrue();
        assertThat(Files.exists(meta)).isFalse();
        assertThat(request("$JS.API.STREAM.LIST", "{}").has("offline")).isFalse();
    }

    private JsonNode request(String subject, String body) throws Exception {
        Message m = nc.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
        return JSON.readTree(m.getData());
    }
}
