package io.natsspring.broker.internal.jetstream;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code nats-server} 2.15 with JetStream on free ports, for differential tests (the broker's tests cannot
 * use nats-spring-test's launcher). The binary is {@code $NATS_SERVER_215_BIN} or
 * {@code /opt/nats/2.15.1/usr/sbin/nats-server}; {@link #available()} tells whether it exists.
 */
public final class ReferenceNatsServer implements AutoCloseable {

    /** Path of the reference binary. */
    public static final String BINARY =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");

    private final Process process;
    private final int port;

    private ReferenceNatsServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Whether the reference binary is installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts it with its store under {@code dir} and waits until it accepts connections. */
    public static ReferenceNatsServer start(Path dir) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        Process p = new ProcessBuilder(
                        BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        ReferenceNatsServer s = new ReferenceNatsServer(p, port);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Connection c = s.connect()) {
                return c.getStatus() == Connection.Status.CONNECTED;
            }
        });
        return s;
    }

    /**
     * Starts it with these extra arguments (e.g. {@code -c file.conf}; no JetStream unless they enable it), its log in
     * {@code dir}, and waits until its port accepts TCP connections (a server requiring credentials refuses a bare
     * client).
     */
    public static ReferenceNatsServer start(Path dir, List<String> args) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(args);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        ReferenceNatsServer s = new ReferenceNatsServer(p, port);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return socket.isConnected();
            }
        });
        return s;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** A new jnats connection (the caller closes it). */
    public Connection connect() throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
