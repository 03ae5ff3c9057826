package io.natsspring.broker.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Service latency measurements whose requestor or responder is a WebSocket client, on this broker and on
 * {@code nats-server} 2.15.1 started from the same configuration: the client details name the connection's type
 * ({@code client_type} {@code "websocket"} or {@code "nats"}) and kind as nats-server's {@code getClientInfo} does.
 */
@Timeout(60)
class WebSocketLatencyDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            websocket { listen: "127.0.0.1:$WS_PORT", no_tls: true }
            accounts {
              SVC: {
                users: [ {user: svc, password: svc} ]
                exports: [ {service: "svc.>", latency: { sampling: 100%, subject: "lat.svc" }} ]
              }
              REQ: {
                users: [ {user: req, password: req} ]
                imports: [ {service: {account: SVC, subject: "svc.>"}, share: true} ]
              }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void clientTypesOfWebSocketRequestorsAndRespondersAreNatsServers() throws Exception {
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (WsServer server : WsServer.values()) {
            assumeTrue(server.available(), "nats-server 2.15.1 not found at " + WsServer.REFERENCE);
            try (WsServer.Running s = server.start(dir, CONFIG)) {
                seen.put(server.name(), observe(s));
            }
        }
        assertThat(seen.get("OURS"))
                .containsExactly(
                        "requestor websocket kind=Client responder nats kind=Client",
                        "requestor nats kind=Client responder websocket kind=Client");
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("OURS")));
    }

    private static List<String> observe(WsServer.Running s) throws Exception {
        List<String> out = new ArrayList<>();
        String ws = "ws://127.0.0.1:" + s.wsPort();
        String tcp = "nats://127.0.0.1:" + s.port();
        // a WebSocket requestor of a TCP responder, then a TCP requestor of a WebSocket responder
        for (String[] pair : new String[][] {{ws, tcp}, {tcp, ws}}) {
            try (Connection svc = connect(pair[1], "svc");
                    Connection req = connect(pair[0], "req")) {
                Subscription metrics = svc.subscribe("lat.>");
                svc.createDispatcher(m -> svc.publish(m.getReplyTo(), "ok".getBytes(StandardCharsets.UTF_8)))
                        .subscribe("svc.a");
                svc.flush(Duration.ofSeconds(5));
                req.flush(Duration.ofSeconds(5));
                assertThat(req.request("svc.a", "q".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)))
                        .isNotNull();
                Message m = metrics.nextMessage(Duration.ofSeconds(5));
                assertThat(m).as("a latency measurement").isNotNull();
                JsonNode n = JSON.readTree(new String(m.getData(), StandardCharsets.UTF_8));
                out.add("requestor " + detail(n.get("requestor")) + " responder " + detail(n.get("responder")));
            }
        }
        return out;
    }

    private static String detail(JsonNode client) {
        return client.path("client_type").asString("-") + " kind="
                + client.path("kind").asString("-");
    }

    private static Connection connect(String url, String user) throws Exception {
        return Nats.connect(Options.builder()
                .server(url)
                .userInfo(user, user)
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }
}
