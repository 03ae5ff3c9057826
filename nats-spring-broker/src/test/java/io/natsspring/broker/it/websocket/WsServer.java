package io.natsspring.broker.it.websocket;

import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One server under test, started from the same configuration text: our broker (through its config-file reader) or
 * the reference {@code nats-server} 2.15.1. The text gets {@code listen: 127.0.0.1:<free port>} in front;
 * {@code $WS_PORT} and {@code $MONITOR_PORT} in it become free ports.
 */
enum WsServer {
    OURS,
    NATS_SERVER;

    static final Path REFERENCE =
            Path.of(System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server"));

    /** A started server; {@link #close()} stops it. */
    interface Running extends AutoCloseable {
        int port();

        int wsPort();

        int monitorPort();

        /** What the server logged (nats-server only; empty for ours, which logs through System.Logger). */
        String log() throws IOException;

        @Override
        void close();
    }

    boolean available() {
        return this == OURS || Files.isExecutable(REFERENCE);
    }

    Running start(Path dir, String config) throws Exception {
        int port = freePort();
        int ws = freePort();
        int monitor = freePort();
        Path file = Files.createTempFile(dir, name().toLowerCase() + "-", ".conf");
        Files.writeString(
                file,
                "listen: 127.0.0.1:" + port + "\n"
                        + config.replace("$WS_PORT", Integer.toString(ws))
                                .replace("$MONITOR_PORT", Integer.toString(monitor)),
                StandardCharsets.UTF_8);
        if (this == OURS) {
            NatsBroker broker = new NatsBroker(BrokerConfigFile.load(file).options()).start();
            return new Running() {
                @Override
                public int port() {
                    return broker.port();
                }

                @Override
                public int wsPort() {
                    return broker.webSocketPort();
                }

                @Override
                public int monitorPort() {
                    return broker.httpPort();
                }

                @Override
                public String log() {
                    return "";
                }

                @Override
                public void close() {
                    broker.close();
                }
            };
        }
        Path log = dir.resolve(file.getFileName() + ".log");
        Process p = new ProcessBuilder(REFERENCE.toString(), "-c", file.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!listening(port) || !listening(ws)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("nats-server did not start: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public int wsPort() {
                return ws;
            }

            @Override
            public int monitorPort() {
                return monitor;
            }

            @Override
            public String log() throws IOException {
                return Files.readString(log);
            }

            @Override
            public void close() {
                p.destroy();
                try {
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
