package io.natsspring.broker.internal.jetstream;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

    private volatile Process process;
    private final int port;
    private final Path log;
    /** The command line of a server started by {@link #start(Path, List)}, for {@link #restart()}. */
    private List<String> command;

    private ReferenceNatsServer(Process process, int port) {
        this(process, port, null);
    }

    private ReferenceNatsServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Whether the reference binary is installed. */
    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts it with its store under {@code dir} and waits until it accepts connections. */
    public static ReferenceNatsServer start(Path dir) throws IOException {
        return startWithJetStream(dir, List.of());
    }

    /**
     * As {@link #start(Path)}, with more command-line arguments (e.g. {@code -c <file>}; the port, address and store
     * flags given here win over the file's).
     */
    public static ReferenceNatsServer startWithJetStream(Path dir, List<String> args) throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> cmd = new ArrayList<>(
                List.of(BINARY, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd", dir.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
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
     * Starts it with its log under {@code dir} and these arguments after the address and port (e.g. {@code -c} and a
     * configuration file), and waits until its port sends INFO (no login needed, so configurations with users work).
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
        ReferenceNatsServer s = new ReferenceNatsServer(p, port, dir.resolve("server.log"));
        s.command = List.copyOf(command);
        s.awaitInfo();
        return s;
    }

    private void awaitInfo() {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(2000);
                byte[] start = socket.getInputStream().readNBytes(4);
                return new String(start, StandardCharsets.US_ASCII).equals("INFO");
            }
        });
    }

    /**
     * Stops the process (SIGTERM) and starts it again with the same command line and ports (a server started by
     * {@link #start(Path, List)}), its log appended; waits until it accepts connections again.
     */
    public void restart() throws IOException, InterruptedException {
        if (command == null) {
            throw new IllegalStateException("only a server started by start(dir, args) can be restarted");
        }
        close();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitInfo();
    }

    /**
     * Stops the process (SIGTERM) of a server started by {@link #start(Path, List)} without starting it again; {@link
     * #startAgain()} brings it back with the same command line (an outage).
     */
    public void stopProcess() throws InterruptedException {
        if (command == null) {
            throw new IllegalStateException("only a server started by start(dir, args) can be stopped and started");
        }
        close();
    }

    /** Starts a server stopped by {@link #stopProcess()} again, its log appended; waits for its INFO. */
    public void startAgain() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitInfo();
    }

    /** A free TCP port (for a leaf-node or cluster listener of a configuration file). */
    public static int freeTcpPort() throws IOException {
        return freePort();
    }

    /** The log of a server started by {@link #start(Path, List)}. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The process, to signal it ({@code kill -USR2 <pid>}) or to wait for its exit. */
    public Process process() {
        return process;
    }

    /**
     * Reloads its configuration file with {@code SIGHUP} (a server started by {@link #start(Path, List)}) and waits
     * for its log to tell the outcome: {@code "ok"}, or {@code "refused: "} and nats-server's reason.
     */
    public String reload() throws IOException, InterruptedException {
        String failed = "Failed to reload server configuration: ";
        long before = reloadLines().size();
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> reloadLines().size() > before);
        String line = reloadLines().get((int) before);
        int at = line.indexOf(failed);
        return at < 0 ? "ok" : "refused: " + line.substring(at + failed.length());
    }

    private List<String> reloadLines() throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains("Reloaded server configuration")
                        || l.contains("Failed to reload server configuration"))
                .toList();
    }

    /** The port clients connect to. */
    public int port() {
        return port;
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
