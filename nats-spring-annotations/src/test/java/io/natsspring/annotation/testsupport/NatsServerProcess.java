package io.natsspring.annotation.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} started on a free loopback port with JetStream in a temporary store directory, stopped
 * and cleaned on {@link #close()}. When the binary is missing the test is skipped, or fails when {@code CI} is set.
 * The binary is {@code $NATS_SERVER_BIN}, else {@code nats-server} on the {@code PATH}, else {@code /usr/sbin}.
 */
public final class NatsServerProcess implements TestServer, AutoCloseable {

    private static final List<String> FALLBACK_LOCATIONS = List.of("/usr/sbin/nats-server", "/usr/bin/nats-server",
            "/usr/local/bin/nats-server");

    private final Process process;
    private final Path storeDir;
    private final Path logFile;
    private final int port;

    private NatsServerProcess(Process process, Path storeDir, Path logFile, int port) {
        this.process = process;
        this.storeDir = storeDir;
        this.logFile = logFile;
        this.port = port;
    }

    /** Starts a server; skips (or fails on CI) when the binary is not installed. */
    public static NatsServerProcess start() {
        Path binary = findBinary();
        if (binary == null) {
            String message = "nats-server binary not found (set NATS_SERVER_BIN or install the Debian package "
                    + "'nats-server')";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        try {
            Path storeDir = Files.createTempDirectory("nats-spring-js-");
            Path logFile = storeDir.resolve("server.log");
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p",
                    Integer.toString(port), "-js", "-sd", storeDir.resolve("store").toString())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            Process process = builder.start();
            NatsServerProcess server = new NatsServerProcess(process, storeDir, logFile, port);
            server.awaitReady();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Path findBinary() {
        String configured = System.getenv("NATS_SERVER_BIN");
        if (configured != null && Files.isExecutable(Paths.get(configured))) {
            return Paths.get(configured);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Paths.get(dir, "nats-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return FALLBACK_LOCATIONS.stream().map(Paths::get).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(logFile));
            }
            String log = Files.exists(logFile) ? Files.readString(logFile) : "";
            if (log.contains("Server is ready")) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                }
                catch (IOException notYet) {
                    // retry
                }
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        close();
        throw new IllegalStateException("nats-server did not become ready: " + Files.readString(logFile));
    }

    @Override
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public boolean jetStream() {
        return true;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "nats-server";
    }
}
