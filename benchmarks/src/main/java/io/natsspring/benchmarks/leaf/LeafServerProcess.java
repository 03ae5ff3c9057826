package io.natsspring.benchmarks.leaf;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One server of a leaf pair as a child process started from a configuration file: {@code nats-server}, or this
 * broker in its own JVM ({@code BrokerMain} on this tool's class path, the launcher's default JVM flags). Both read
 * the same file, so a pair differs only in the binary.
 */
final class LeafServerProcess implements AutoCloseable {

    /** Which implementation runs. */
    enum Kind {
        NATS_SERVER("nats-server"),
        OURS("ours");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final String BROKER_MAIN = "io.natsspring.broker.internal.launcher.BrokerMain";

    private final Kind kind;
    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    private LeafServerProcess(Kind kind, List<String> command, Path log, int port) {
        this.kind = kind;
        this.command = command;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code kind} with {@code config} (client port {@code port}) and waits until its port sends INFO. */
    static LeafServerProcess start(Kind kind, String natsServer, Path config, int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (kind == Kind.NATS_SERVER) {
            cmd.add(natsServer);
        } else {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(List.of(
                    "-Xmx256m",
                    "-Xms16m",
                    "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    System.getProperty("java.class.path"),
                    BROKER_MAIN));
        }
        cmd.addAll(List.of("-c", config.toString()));
        LeafServerProcess p = new LeafServerProcess(kind, List.copyOf(cmd), log, port);
        p.startAgain();
        return p;
    }

    /** Starts the process (again, after {@link #stop()}), its log appended, and waits for INFO on its port. */
    void startAgain() throws IOException {
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(kind.label + " exited at start (" + process.exitValue() + "), see " + log);
            }
            if (sendsInfo()) {
                return;
            }
            sleep(20);
        }
        throw new IOException(kind.label + " did not accept connections within 60 s, see " + log);
    }

    /** SIGTERM, then waits (kill -9 after 20 s). */
    void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    Kind kind() {
        return kind;
    }

    int port() {
        return port;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    String pid() {
        return Long.toString(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private boolean sendsInfo() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("INFO");
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
