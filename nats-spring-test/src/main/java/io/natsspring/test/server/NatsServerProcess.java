package io.natsspring.test.server;

import java.io.IOException;
import java.net.InetAddress;
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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} process on a free {@code 127.0.0.1} port, for tests that run against or compare with
 * the reference server. The binary is the one {@link NatsServerBinary} finds (the newest installed, or
 * {@code $NATS_SERVER_BIN}); JetStream, when asked, stores in a temporary directory. The process is stopped by its
 * PID on {@link #close()}, and by a JVM shutdown hook if the test never closes it.
 *
 * <p>Without a binary the test is skipped with the reason, except in CI (the {@code CI} environment variable is
 * set), where it fails: CI must install it ({@code .ci/install-nats-servers.sh}).
 *
 * <pre>{@code
 * try (NatsServerProcess server = NatsServerProcess.startWithJetStream()) {
 *     Connection nc = Nats.connect(server.url());
 * }
 * }</pre>
 */
public final class NatsServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 15;

    private final Path binary;
    private final List<String> command;
    private volatile Process process;
    private final int port;
    private final Path dir;
    private final Path log;
    private final Thread shutdownHook;

    private NatsServerProcess(Path binary, List<String> command, Process process, int port, Path dir, Path log) {
        this.binary = binary;
        this.command = List.copyOf(command);
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.shutdownHook = new Thread(this::stopProcess, "nats-server-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code nats-server -js} on a free port and waits until it accepts connections. */
    public static NatsServerProcess startWithJetStream() {
        return start(true);
    }

    /** Starts {@code nats-server} (JetStream as asked) on a free port and waits until it accepts connections. */
    public static NatsServerProcess start(boolean jetStream) {
        return start(binary(), jetStream);
    }

    /** Starts the given binary (e.g. an older version for a differential check) as {@link #start(boolean)} does. */
    public static NatsServerProcess start(Path binary, boolean jetStream) {
        return start(binary, jetStream, List.of());
    }

    /**
     * Starts the given binary as {@link #start(Path, boolean)} does, with more command-line arguments (e.g.
     * {@code --user u --pass <bcrypt hash>}).
     */
    public static NatsServerProcess start(Path binary, boolean jetStream, List<String> arguments) {
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory("nats-server-test-");
            Path log = dir.resolve("server.log");
            List<String> command = new ArrayList<>(List.of(
                    binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-n", "test-server-" + port));
            if (jetStream) {
                command.addAll(List.of("-js", "-sd", dir.resolve("store").toString()));
            }
            command.addAll(arguments);
            NatsServerProcess server = new NatsServerProcess(binary, command, launch(command, log), port, dir, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary, e);
        }
    }

    /**
     * Starts a fully prepared command (for {@link NatsServerCluster}: a node with its configuration file) whose
     * client port is {@code port} and whose files live in {@code dir} (deleted on {@link #close()}).
     */
    static NatsServerProcess startCommand(Path binary, List<String> command, int port, Path dir) {
        Path log = dir.resolve("server.log");
        try {
            NatsServerProcess server = new NatsServerProcess(binary, command, launch(command, log), port, dir, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + binary, e);
        }
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * Stops the server (SIGTERM, then SIGKILL after 10 s) but keeps its port, store and log, so that
     * {@link #restart()} brings the same server back — e.g. to test what clients do while it is away.
     */
    public void stop() {
        stopProcess();
    }

    /**
     * Kills the server abruptly ({@code kill -9}: no clean shutdown, no leadership hand-off) and waits until it is
     * gone; its port, store and log are kept for {@link #restart()}.
     */
    public void kill() {
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port with the same store (stopping it first if it runs). */
    public void restart() {
        stopProcess();
        try {
            process = launch(command, log);
        } catch (IOException e) {
            throw new IllegalStateException("Could not restart " + binary, e);
        }
        awaitReady();
    }

    /** The binary {@link NatsServerBinary} finds; skips the test (fails it in CI) when there is none. */
    public static Path binary() {
        return NatsServerBinary.find().orElseGet(() -> {
            String message = "nats-server binary not found ($" + NatsServerBinary.ENV + ", /opt/nats/*/usr/sbin,"
                    + " PATH, /usr/sbin); install it (.ci/install-nats-servers.sh, or the Debian package"
                    + " 'nats-server') or set " + NatsServerBinary.ENV + " to run these tests";
            if (System.getenv("CI") != null) {
                Assertions.fail(message + " — CI must install it (.ci/run does)");
            }
            Assumptions.abort(message);
            return null;
        });
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException(binary + " exited: " + logText());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        String text = logText();
        close();
        throw new IllegalStateException(
                binary + " did not accept connections within " + START_TIMEOUT_SECONDS + " s: " + text);
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** {@code nats://127.0.0.1:<port>}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The process id, e.g. to stop the server abruptly in a test ({@code kill -9}). */
    public long pid() {
        return process.pid();
    }

    /** The binary that runs. */
    public Path binaryPath() {
        return binary;
    }

    /** Whether the process is still running. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** The directory holding the server's store and log (deleted on {@link #close()}). */
    public Path directory() {
        return dir;
    }

    /** The server's log so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes its store and log. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // best effort: a temporary directory
        }
    }

    private void stopProcess() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loopback port that is free right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "nats-server " + binary + " at " + url();
    }
}
