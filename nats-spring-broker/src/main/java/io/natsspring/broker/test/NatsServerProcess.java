package io.natsspring.broker.test;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} process on a free loopback port, for tests that compare with or run against the
 * reference server (JUnit 5 on the class path). The binary is {@code $NATS_SERVER_BIN} or the Debian package's.
 * Without it the test is skipped with the reason, except in CI (the {@code CI} environment variable is set),
 * where it fails: CI must install it.
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
            "/usr/local/bin/nats-server");

    private final Process process;
    private final int port;
    private final Path storeDir;
    private final Path log;

    private NatsServerProcess(Process process, int port, Path storeDir, Path log) {
        this.process = process;
        this.port = port;
        this.storeDir = storeDir;
        this.log = log;
    }

    /** Starts {@code nats-server -js -sd <tmp>} on a free port and waits until it accepts connections. */
    public static NatsServerProcess startWithJetStream() {
        return start(true);
    }

    /** Starts {@code nats-server} (JetStream as asked) on a free port and waits until it accepts connections. */
    public static NatsServerProcess start(boolean jetStream) {
        String binary = binary();
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("nats-server-test");
            Path log = dir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port),
                    "-n", "test-server-" + port));
            if (jetStream) {
                command.addAll(List.of("-js", "-sd", dir.resolve("store").toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            NatsServerProcess server = new NatsServerProcess(process, port, dir, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary, e);
        }
    }

    private static String binary() {
        String configured = System.getenv("NATS_SERVER_BIN");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String message = "nats-server binary not found (looked in $NATS_SERVER_BIN and " + CANDIDATES
                + "); install the Debian package 'nats-server' to run these tests";
        if (System.getenv("CI") != null) {
            Assertions.fail(message + " — CI must install it (.ci/run does)");
        }
        Assumptions.abort(message);
        return null;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("nats-server did not start within 15 s: " + logText());
    }

    public int port() {
        return port;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The server's log so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
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
        try (Stream<Path> paths = Files.walk(storeDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** A loopback port that is free right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
