package io.natsspring.test.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
import io.natsspring.test.server.NatsServerProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A configured password that looks like a bcrypt hash is checked as nats-server checks it: the same secrets accept
 * the same passwords on our broker and on the newest nats-server. (Here and not in the broker module, whose tests
 * cannot depend on this artifact's nats-server launcher.)
 */
class BcryptPasswordDifferentialTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** libxcrypt's bcrypt of "pw" at cost 4, without its version prefix. */
    private static final String DIGEST = "04$natsspringtestsaltvalubfqYCYk6fl6Z3gkUNvn2z5IoXZRzBZ.";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$2a$" + DIGEST,
                "$2b$" + DIGEST,
                "$2x$" + DIGEST,
                "$2y$" + DIGEST,
                "$2c$" + DIGEST,
                "$2a$04$tooShort",
                "$2a$3x$" + DIGEST
            })
    void secretsAcceptTheSamePasswordsAsNatsServer(String secret) throws Exception {
        List<String> passwords = List.of("pw", "pW", secret, "");
        try (NatsServerProcess reference = NatsServerProcess.start(
                        NatsServerProcess.binary(), false, List.of("--user", "u", "--pass", secret));
                NatsBroker ours = new NatsBroker(BrokerOptions.builder()
                                .host("127.0.0.1")
                                .port(0)
                                .users(List.of(new UserConfig("u", secret)))
                                .build())
                        .start()) {
            for (String password : passwords) {
                assertThat(accepts(ours.port(), password))
                        .as("secret %s, password '%s'", secret, password)
                        .isEqualTo(accepts(reference.port(), password));
            }
        }
    }

    /**
     * Whether the server answers CONNECT with these credentials and a PING with PONG (rather than
     * {@code -ERR 'Authorization Violation'}). A raw probe: jnats waits its connection timeout after a refusal.
     */
    private static boolean accepts(int port, String password) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).startsWith("INFO ");
            String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"u\",\"pass\":"
                    + JSON.writeValueAsString(password) + "}\r\nPING\r\n";
            socket.getOutputStream().write(connect.getBytes(StandardCharsets.UTF_8));
            String answer = in.readLine();
            assertThat(answer).isIn("PONG", "-ERR 'Authorization Violation'");
            return answer.equals("PONG");
        }
    }
}
