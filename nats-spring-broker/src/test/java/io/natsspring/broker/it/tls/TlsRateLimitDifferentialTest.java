package io.natsspring.broker.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code tls { connection_rate_limit }} on the client port, on our broker and on {@code nats-server} 2.15.1 from the
 * same text, seen through raw sockets: within one second the first {@code limit} clients get the INFO and may start
 * TLS; the next ones get the INFO, then {@code -ERR 'Connection throttling is active. Please try again later.'},
 * and are closed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsRateLimitDifferentialTest {

    @TempDir
    static Path dir;

    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestPki(dir);
    }

    @ParameterizedTest
    @EnumSource(TlsServer.class)
    void clientsOverTheRateGetTheThrottlingError(TlsServer server) throws Exception {
        assumeTrue(server.available(), "nats-server 2.15.1 not found at " + TlsServer.REFERENCE);
        String config = "tls {\n  cert_file: \"" + pki.server().certFile() + "\"\n  key_file: \""
                + pki.server().keyFile() + "\"\n  connection_rate_limit: 2\n}\n";
        try (TlsServer.Running r = server.start(Files.createTempDirectory(dir, "run"), config)) {
            // the start-up probe of nats-server's port counted as a connection: let its one-second window pass
            Thread.sleep(1100);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", r.port()), 2000);
                    sockets.add(s);
                }
                List<String> seen = new ArrayList<>();
                for (Socket s : sockets) {
                    seen.add(readUntilQuiet(s));
                }
                assertThat(seen).allSatisfy(t -> assertThat(t).startsWith("INFO {"));
                long throttled = seen.stream()
                        .filter(t ->
                                t.endsWith("\r\n-ERR 'Connection throttling is active. Please try again later.'\r\n"))
                        .count();
                assertThat(throttled).as(String.join("\n", seen)).isEqualTo(2);
                // the others wait for the TLS handshake (which ones is up to the order the server handles them)
                assertThat(seen.stream().filter(t -> !t.contains("-ERR")).count())
                        .isEqualTo(2);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    /** What the server sent until it closed or was quiet for 700 ms. */
    private static String readUntilQuiet(Socket s) throws IOException {
        s.setSoTimeout(700);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException quiet) {
            // the server waits for the client's TLS handshake
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
