package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.AccountConfig;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code $SYS.REQ.SERVER.<id>.LDM} with {@code {"cid":N}} (nats-server 2.15): that one client gets the lame-duck
 * INFO; an unknown client id is a 500 error; the broker itself keeps running.
 */
class ClientLameDuckRequestTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void sendsTheLameDuckInfoToOneClient() throws Exception {
        BrokerOptions options = BrokerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .addUser(new UserConfig("g", "g"))
                .accounts(List.of(AccountConfig.of("SYS", List.of(new UserConfig("sys", "sys")))))
                .systemAccount("SYS")
                .build();
        try (NatsBroker broker = new NatsBroker(options).start();
                Socket raw = new Socket("127.0.0.1", broker.port());
                Connection sys = Nats.connect(new Options.Builder()
                        .server(broker.clientUrl())
                        .userInfo("sys", "sys")
                        .build())) {
            raw.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            long cid = JSON.readTree(first.substring(5)).path("client_id").asLong();
            OutputStream out = raw.getOutputStream();
            out.write("CONNECT {\"protocol\":1,\"verbose\":false,\"user\":\"g\",\"pass\":\"g\"}\r\nPING\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            do {
                line = in.readLine();
            } while (!"PONG".equals(line));
            String subject = "$SYS.REQ.SERVER." + broker.serverId() + ".LDM";

            Message unknown =
                    sys.request(subject, "{\"cid\":987654}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            JsonNode error = JSON.readTree(unknown.getData()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(500);
            assertThat(error.path("description").asString()).isEqualTo("no such client id");

            Message ok = sys.request(
                    subject, ("{\"cid\":" + cid + "}").getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
            JsonNode answer = JSON.readTree(ok.getData());
            assertThat(answer.has("error")).isFalse();
            assertThat(answer.path("server").path("id").asString()).isEqualTo(broker.serverId());
            JsonNode ldm = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("INFO ") && line.contains("\"ldm\":true")) {
                    ldm = JSON.readTree(line.substring(5));
                    break;
                }
            }
            assertThat(ldm).isNotNull();
            assertThat(ldm.path("client_id").asLong()).isEqualTo(cid);
            assertThat(broker.isRunning()).isTrue();
            assertThat(broker.isInLameDuckMode()).isFalse();
        }
    }
}
