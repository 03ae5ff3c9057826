package io.natsspring.broker.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGUSR2} is lame-duck mode for the standalone broker (as for nats-server) and HotSpot's thread suspend signal
 * for JFR's method sampler: with {@code _JAVA_SR_SIGNUM} moved off it (as {@code bin/nats-spring-broker} does) a broker
 * recorded by JFR with method sampling keeps running and {@code --signal ldm} still enters lame-duck mode; without it
 * the samples that arrive as {@code SIGUSR2} are ignored (with a warning) rather than stopping the broker.
 */
@Tag("child-jvm") // run alone, after the parallel forks (see the surefire configuration in pom.xml)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerMainLameDuckSignalTest {

    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void jfrSamplingLeavesTheBrokerRunningAndSigusr2StillEntersLameDuck() throws Exception {
        assumeTrue(linux(), "_JAVA_SR_SIGNUM=39 is a Linux signal number");
        Path log = dir.resolve("broker.log");
        int port = freePort();
        Process broker = start(port, log, "39");
        try {
            awaitReady(log);
            // JFR samples every 10-20 ms from the start: before the fix the broker entered lame duck within seconds
            pingUntil(port, () -> false);
            await().during(Duration.ofSeconds(5))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> broker.isAlive() && !Files.readString(log).contains("user defined signal 2"));
            assertThat(ping(port)).isEqualTo("PONG");

            assertThat(signal("ldm=" + broker.pid())).isZero();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(log).contains("Entering lame duck mode"));
            assertThat(Files.readString(log))
                    .contains("Trapped \"user defined signal 2\" signal")
                    .doesNotContain("Ignoring SIGUSR2");
        } finally {
            stop(broker);
        }
    }

    @Test
    void withoutTheVariableJfrSamplesAreIgnoredNotLameDuck() throws Exception {
        assumeTrue(!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win"), "signals are POSIX");
        Path log = dir.resolve("broker.log");
        int port = freePort();
        Process broker = start(port, log, null);
        try {
            awaitReady(log);
            // JDK 25 samples threads blocked in native code without a signal: keep the broker's threads in Java
            pingUntil(port, () -> Files.readString(log).contains("Ignoring SIGUSR2 while JFR samples methods"));
            assertThat(broker.isAlive()).isTrue();
            assertThat(ping(port)).isEqualTo("PONG");
            assertThat(Files.readString(log)).doesNotContain("user defined signal 2", "Entering lame duck mode");
        } finally {
            stop(broker);
        }
    }

    private Process start(int port, Path log, String srSignum) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:StartFlightRecording=settings=profile,filename=" + dir.resolve("broker.jfr"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerMain.class.getName(),
                        "-a",
                        "127.0.0.1",
                        "-p",
                        String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove(VmSuspendSignal.ENVIRONMENT);
        if (srSignum != null) {
            pb.environment().put(VmSuspendSignal.ENVIRONMENT, srSignum);
        }
        return pb.start();
    }

    private static void awaitReady(Path log) {
        await().atMost(START).until(() -> Files.readString(log).contains("Server is ready"));
    }

    private static void stop(Process broker) throws InterruptedException {
        broker.destroyForcibly();
        broker.waitFor(15, TimeUnit.SECONDS);
    }

    private static boolean linux() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int signal(String value) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        return BrokerMain.run(
                new String[] {"--signal", value},
                new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8));
    }

    /** Connects with a raw socket, sends CONNECT and PING; returns the first line after INFO. */
    private static String ping(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(10000);
            InputStream in = s.getInputStream();
            String info = readLine(in);
            assertThat(info).startsWith("INFO ");
            s.getOutputStream()
                    .write("CONNECT {\"verbose\":false,\"protocol\":1}\r\nPING\r\n".getBytes(StandardCharsets.UTF_8));
            return readLine(in);
        }
    }

    /**
     * Sends PINGs in batches of 10,000 and reads the PONGs (so that the broker's threads run Java code, which JFR
     * samples with the suspend signal) until {@code done} or 20 seconds have passed.
     */
    private static void pingUntil(int port, java.util.concurrent.Callable<Boolean> done) throws Exception {
        byte[] batch = "PING\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            s.setSoTimeout(30000);
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            readLine(in);
            s.getOutputStream()
                    .write("CONNECT {\"verbose\":false,\"protocol\":1}\r\n".getBytes(StandardCharsets.UTF_8));
            while (!done.call() && System.nanoTime() < end) {
                s.getOutputStream().write(batch);
                for (int pongs = 0; pongs < 10_000; ) {
                    String line = readLine(in);
                    if (!line.startsWith("INFO ")) { // the INFO after CONNECT (connect_info)
                        assertThat(line).isEqualTo("PONG");
                        pongs++;
                    }
                }
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
