package io.natsspring.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With a JetStream domain, nats-server 2.15.1 puts {@code "domain"} into the client INFO right after
 * {@code client_ip}, in the first INFO and in the one after the first PONG (then {@code connect_info},
 * {@code remote_account}, {@code api_lvl}); this broker sends the same keys in the same order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoDomainDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void domainFollowsClientIpInBothInfos() throws Exception {
        assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15 not found at " + ReferenceNatsServer.BINARY);
        Path conf = Files.createDirectories(dir.resolve("reference")).resolve("server.conf");
        Files.writeString(conf, "jetstream { store_dir: \"" + dir.resolve("reference/js") + "\", domain: hub }\n");
        List<JsonNode> theirs;
        try (ReferenceNatsServer server =
                ReferenceNatsServer.start(dir.resolve("reference"), List.of("-c", conf.toString()))) {
            theirs = infos(server.port());
        }
        List<JsonNode> ours;
        try (NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .jetStreamDomain("hub")
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start()) {
            ours = infos(broker.port());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(theirs.get(i).get("domain").asString()).isEqualTo("hub");
            assertThat(ours.get(i).get("domain").asString()).isEqualTo("hub");
            List<String> expected = keys(theirs.get(i));
            expected.remove("xkey");
            expected.replaceAll(k -> k.equals("go") ? "java" : k);
            assertThat(keys(ours.get(i))).as("INFO %d", i + 1).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void noDomainKeyWithoutADomain() throws Exception {
        try (NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir.resolve("broker"))
                        .build())
                .start()) {
            for (JsonNode info : infos(broker.port())) {
                assertThat(info.has("domain")).isFalse();
            }
        }
    }

    /** The first INFO, and the INFO that follows CONNECT and the first PING. */
    private static List<JsonNode> infos(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            List<JsonNode> infos = new ArrayList<>();
            infos.add(info(in.readLine()));
            OutputStream out = socket.getOutputStream();
            out.write("CONNECT {\"verbose\":false,\"protocol\":1,\"headers\":true}\r\nPING\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("INFO ")) {
                // PONG comes first
            }
            infos.add(info(line));
            return infos;
        }
    }

    private static JsonNode info(String line) throws Exception {
        assertThat(line).startsWith("INFO {");
        return JSON.readTree(line.substring("INFO ".length()));
    }

    private static List<String> keys(JsonNode info) {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : info.properties()) {
            keys.add(e.getKey());
        }
        return keys;
    }
}
