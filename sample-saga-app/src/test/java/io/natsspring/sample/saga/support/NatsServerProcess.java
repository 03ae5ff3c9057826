package io.natsspring.sample.saga.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server -js} on a free loopback port, for remote-mode tests. Without the binary the test is
 * skipped with the reason, except in CI (the {@code CI} environment variable is set), where it fails.
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
            "/usr/local/bin/nats-server");

    private final Process process;
    private final int port;
    private final Path dir;

    private NatsServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** Starts the server with JetStream in a temporary store directory and waits until it accepts connections. */
    public static NatsServerProcess startWithJetStream() {
        String binary = binary();
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("saga-nats-server");
            Process process = new ProcessBuilder(binary, "-a", "127.0.0.1", "-p", Integer.toString(port),
                    "-n", "saga-test-" + port, "-js", "-sd", dir.resolve("store").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            NatsServerProcess server = new NatsServerProcess(process, port, dir);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary, e);
        }
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String binary() {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String message = "nats-server not found in " + CANDIDATES + "; install the 'nats-server' package to run the"
                + " remote-mode test";
        if (System.getenv("CI") != null) {
            Assertions.fail(message + " (CI must install it)");
        }
        Assumptions.abort(message);
        return null;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(dir.resolve("server.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        close();
        throw new IllegalStateException("nats-server did not start within 15 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
