package io.natsspring.broker.it.tls;

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
 * One server under test, started from the same configuration text: our broker (through its config-file reader)
 * or the reference {@code nats-server} 2.15.1. The text gets {@code listen: 127.0.0.1:<free port>} in front.
 */
public enum TlsServer {
    OURS,
    NATS_SERVER;

    public static final Path REFERENCE =
            Path.of(System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server"));

    /** A started server; {@link #close()} stops it. */
    public interface Running extends AutoCloseable {
        int port();

        /** The monitoring port (HTTP or HTTPS) when the configuration asked for one on port 0 via a free port. */
        int monitorPort();

        @Override
        void close();
    }

    public boolean available() {
        return this == OURS || Files.isExecutable(REFERENCE);
    }

    /** Starts with {@code config}; {@code $MONITOR_PORT} in it is replaced by a free port. */
    public Running start(Path dir, String config) throws Exception {
        int port = freePort();
        int monitor = freePort();
        Path file = Files.createTempFile(dir, name().toLowerCase() + "-", ".conf");
        Files.writeString(
                file,
                "listen: 127.0.0.1:" + port + "\n" + config.replace("$MONITOR_PORT", Integer.toString(monitor)),
                StandardCharsets.UTF_8);
        if (this == OURS) {
            NatsBroker broker = new NatsBroker(BrokerConfigFile.load(file).options()).start();
            return new Running() {
                @Override
                public int port() {
                    return broker.port();
                }

                @Override
                public int monitorPort() {
                    return broker.httpPort();
                }

                @Override
                public void close() {
                    broker.close();
                }
            };
        }
        // in the test directory: nats-server writes its OCSP peer cache (_rc_/) into its working directory
        Process p = new ProcessBuilder(REFERENCE.toString(), "-c", file.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(file.getFileName() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "nats-server did not start: " + Files.readString(dir.resolve(file.getFileName() + ".log")));
            }
            Thread.sleep(20);
        }
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public int monitorPort() {
                return monitor;
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

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
