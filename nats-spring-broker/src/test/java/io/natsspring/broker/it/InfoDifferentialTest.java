package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The INFO a plain client gets, on this broker and on {@code nats-server} 2.15.1, with and without JetStream: the
 * same keys in the same order ({@code api_lvl} after {@code client_ip}; clients parse INFO as JSON, but some log or
 * compare it), except {@code go}, which is {@code java} here, and {@code xkey} (the server's curve key for auth
 * callout, which this broker does not have).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void infoHasNatsServersKeysInItsOrder(boolean jetStream) throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        List<String> theirs;
        try (ReferenceNatsServer server = jetStream
                ? ReferenceNatsServer.start(dir.resolve("reference"))
                : ReferenceNatsServer.start(dir.resolve("reference"), List.of())) {
            theirs = keys(info(server.port()));
        }
        List<String> ours;
        try (NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(jetStream)
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start()) {
            JsonNode info = info(broker.port());
            ours = keys(info);
            assertThat(info.get("api_lvl").isInt()).isTrue();
        }
        theirs.remove("xkey");
        theirs.replaceAll(k -> k.equals("go") ? "java" : k);
        assertThat(ours).containsExactlyElementsOf(theirs).contains("client_ip", "api_lvl");
    }

    private static JsonNode info(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).startsWith("INFO {");
            return JSON.readTree(line.substring("INFO ".length()));
        }
    }

    private static List<String> keys(JsonNode info) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : info.properties()) {
            keys.add(e.getKey());
        }
        return keys;
    }
}
