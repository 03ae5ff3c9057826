package io.natsspring.broker.internal.leaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.NKey;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.jetstream.ReferenceNatsServer;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An account JWT's {@code limits.leaf} on the hub, on the wire, on our broker and on nats-server 2.15.1 (operator
 * mode): two leaf connections authenticating with user JWTs of an account allowed one leaf node; the first is
 * accepted, the second gets nats-server's {@code -ERR} and is closed.
 */
@Timeout(60)
class LeafAccountLimitTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "ours={0}")
    @ValueSource(booleans = {true, false})
    void theSecondLeafOfAnAccountLimitedToOneIsRefused(boolean ours) throws Exception {
        LeafLinkSecurityTest.Operator op = LeafLinkSecurityTest.Operator.create(dir, 1);
        int port = ReferenceNatsServer.freeTcpPort();
        Path conf = Files.writeString(
                dir.resolve("hub.conf"),
                "server_name: hub\n" + op.config() + "leafnodes { listen: 127.0.0.1:" + port + " }\n");
        AutoCloseable hub;
        if (ours) {
            NatsBroker b = new NatsBroker(BrokerConfigFile.load(conf).options().toBuilder()
                            .host("127.0.0.1")
                            .port(0)
                            .build())
                    .start();
            hub = b::close;
        } else {
            assumeTrue(ReferenceNatsServer.available(), "nats-server 2.15.1 not installed");
            ReferenceNatsServer r = ReferenceNatsServer.start(dir.resolve("ref"), List.of("-c", conf.toString()));
            hub = r::close;
        }
        try (hub;
                Socket first = new Socket("127.0.0.1", port);
                Socket second = new Socket("127.0.0.1", port)) {
            List<String> firstLines = login(first, op, "leaf-1");
            assertThat(firstLines).noneMatch(l -> l.startsWith("-ERR"));
            List<String> secondLines = login(second, op, "leaf-2");
            assertThat(secondLines).contains("-ERR 'maximum account active connections exceeded'");
        }
    }

    /** Sends a leaf CONNECT with a fresh user JWT of the account; returns the lines read within a second. */
    private static List<String> login(Socket s, LeafLinkSecurityTest.Operator op, String name) throws Exception {
        s.setSoTimeout(1000);
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String info = in.readLine();
        assertThat(info).startsWith("INFO ");
        JsonNode i = JSON.readTree(info.substring(5));
        NKey user = JwtTokens.userKey();
        String jwt = JwtTokens.user(user).sign(op.account());
        String connect = "CONNECT {\"jwt\":\"" + jwt + "\",\"sig\":\""
                + JwtTokens.signNonce(user, i.path("nonce").asString())
                + "\",\"server_id\":\"" + name + "-id\",\"name\":\"" + name
                + "\",\"headers\":true,\"protocol\":3,\"compress_mode\":\"off\"}\r\n";
        OutputStream out = s.getOutputStream();
        out.write(connect.getBytes(StandardCharsets.UTF_8));
        out.write("PING\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        try {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.add(l);
                if (l.startsWith("-ERR") || l.equals("PONG")) {
                    break;
                }
            }
        } catch (SocketTimeoutException done) {
            // what came within the second
        }
        return lines;
    }
}
