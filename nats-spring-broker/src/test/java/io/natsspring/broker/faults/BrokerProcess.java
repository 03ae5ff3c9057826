package io.natsspring.broker.faults;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The standalone broker ({@code target/nats-spring-broker.jar}, built by {@code package}) as a separate JVM on a free
 * loopback port, for the fault suite: killed with {@code kill -9} ({@link #kill()}), stopped with SIGTERM
 * ({@link #terminate()}), restarted on the same port and store ({@link #restart()}). Every process is stopped by PID.
 */
public final class BrokerProcess implements AutoCloseable {

    /** The shaded broker jar (system property set by the {@code faults} profile). */
    public static final Path JAR = Path.of(System.getProperty(
            "natsspring.broker.jar", System.getProperty("user.dir") + "/target/nats-spring-broker.jar"));

    private final Path dir;
    private final int port;
    private final List<String> jvmArgs;
    private final List<String> brokerArgs;
    private Process process;

    private BrokerProcess(Path dir, int port, List<String> jvmArgs, List<String> brokerArgs) {
        this.dir = dir;
        this.port = port;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.brokerArgs = List.copyOf(brokerArgs);
    }

    /**
     * Starts the broker with JetStream stored under {@code dir/store} and waits until a client connects.
     *
     * @param jvmArgs e.g. {@code -Xmx64m}
     * @param brokerArgs extra command-line arguments of the broker
     */
    public static BrokerProcess start(Path dir, List<String> jvmArgs, List<String> brokerArgs) throws IOException {
        Files.createDirectories(dir);
        BrokerProcess b = new BrokerProcess(dir, freePort(), jvmArgs, brokerArgs);
        b.launch();
        return b;
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-js",
                "-sd",
                dir.resolve("store").toString()));
        cmd.addAll(brokerArgs);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("broker exited with " + process.exitValue() + ", see " + log());
                    }
                    try (Connection c = connect()) {
                        return c.getStatus() == Connection.Status.CONNECTED;
                    }
                });
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return dir.resolve("broker.log");
    }

    public Process process() {
        return process;
    }

    /** A new jnats connection without reconnects (the caller closes it). */
    public Connection connect() throws Exception {
        return Nats.connect(new Options.Builder()
                .server(url())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0)
                .build());
    }

    /** {@code kill -9}: the process dies without running any shutdown code. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code, or -1 if the process did not exit within {@code timeout}. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Starts the broker again on the same port, store and arguments (after {@link #kill()} or a stop). */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("still running: " + pid());
        }
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
