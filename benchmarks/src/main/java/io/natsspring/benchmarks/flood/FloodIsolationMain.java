package io.natsspring.benchmarks.flood;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.natsspring.broker.BrokerOptions;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.UserConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Floods and isolation (issue 19): how an already connected client fares while others misbehave, on the embedded
 * broker and on nats-server. Scenarios: a login flood (wrong passwords for a bcrypt user), a connection flood
 * (connections that never send CONNECT), a slow consumer (a subscriber that never reads while a publisher
 * floods its subject) and one huge JetStream API request (a stream with 10,000 subjects). During each, a probe
 * client measures PING/PONG round trips (and, for the API scenario, the time of small API requests).
 *
 * <pre>java -cp benchmarks.jar io.natsspring.benchmarks.flood.FloodIsolationMain [nats-server binary] [logins]
 * [bcrypt cost] [login,conn,slow,huge] [ours,nats-server]</pre>
 */
public final class FloodIsolationMain {

    private static final String USER = "flood";
    private static final String PASSWORD = "right";

    private FloodIsolationMain() {}

    /** A server under test. */
    private interface Server extends AutoCloseable {
        String label();

        int port();

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String binary = args.length > 0 ? args[0] : "/opt/nats/2.15.1/usr/sbin/nats-server";
        int logins = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int cost = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        String hash = BCrypt.withDefaults().hashToString(cost, PASSWORD.toCharArray());
        System.out.printf(
                "# floods: %d wrong-password logins (bcrypt cost %d), %d cores%n",
                logins, cost, Runtime.getRuntime().availableProcessors());
        List<String> lines = new ArrayList<>();
        String scenarios = args.length > 3 ? args[3] : "login,conn,slow,huge";
        String targets = args.length > 4 ? args[4] : "ours,nats-server";
        for (int round = 0; round < 2; round++) {
            if (!targets.contains(round == 0 ? "ours" : "nats-server")) {
                continue;
            }
            Path dir = Files.createTempDirectory("flood");
            try (Server s = round == 0 ? ours(dir, hash) : natsServer(binary, dir, hash)) {
                if (scenarios.contains("login")) {
                    print(lines, loginFlood(s, logins));
                }
                if (scenarios.contains("conn")) {
                    print(lines, connectionFlood(s, 2000));
                }
                if (scenarios.contains("slow")) {
                    print(lines, slowConsumer(s, 50_000));
                }
                if (scenarios.contains("huge")) {
                    print(lines, hugeApiRequest(s, 10_000));
                }
            }
        }
        System.out.println("scenario        server       probe p50 ms  p99 ms  max ms  other");
        lines.forEach(System.out::println);
    }

    private static void print(List<String> lines, String line) {
        System.out.println(line);
        lines.add(line);
    }

    // ---------------------------------------------------------------- scenarios

    private static String loginFlood(Server s, int n) throws Exception {
        try (Connection probe = connect(s);
                Probe p = new Probe(probe)) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            long start = System.nanoTime();
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    answers.add(pool.submit(() -> wrongLogin(s.port())));
                }
                int refused = 0;
                for (Future<String> f : answers) {
                    if (f.get(10, TimeUnit.MINUTES).contains("Authorization Violation")) {
                        refused++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                return p.line("login flood", s, String.format("%d/%d refused in %.1f s", refused, n, seconds));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String wrongLogin(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            socket.setSoTimeout(600_000);
            InputStream in = socket.getInputStream();
            readLine(in);
            OutputStream out = socket.getOutputStream();
            out.write(("CONNECT {\"user\":\"" + USER + "\",\"pass\":\"wrong\",\"verbose\":false}\r\nPING\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine(in);
        }
    }

    private static String connectionFlood(Server s, int n) throws Exception {
        try (Connection probe = connect(s);
                Probe p = new Probe(probe)) {
            List<Socket> idle = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < n; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", s.port()), 30_000);
                    idle.add(socket);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(1000);
                return p.line("conn flood", s, String.format("%d idle connections opened in %.1f s", n, seconds));
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    private static String slowConsumer(Server s, int messages) throws Exception {
        try (Connection probe = connect(s);
                Connection publisher = connect(s);
                Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", s.port()), 30_000);
            slow.setSoTimeout(60_000);
            InputStream in = slow.getInputStream();
            readLine(in);
            slow.getOutputStream()
                    .write(("CONNECT {\"user\":\"" + USER + "\",\"pass\":\"" + PASSWORD
                                    + "\",\"verbose\":false}\r\nSUB slow.x 1\r\nPING\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String pong = readLine(in);
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("slow consumer not connected: " + pong);
            }
            // from now on the slow consumer reads nothing
            try (Probe p = new Probe(probe)) {
                byte[] payload = new byte[1024];
                long start = System.nanoTime();
                for (int i = 0; i < messages; i++) {
                    publisher.publish("slow.x", payload);
                }
                publisher.flush(Duration.ofSeconds(60));
                double seconds = (System.nanoTime() - start) / 1e9;
                return p.line(
                        "slow consumer",
                        s,
                        String.format(
                                "%d x 1 KiB published in %.1f s (%.0f msg/s)", messages, seconds, messages / seconds));
            }
        }
    }

    private static String hugeApiRequest(Server s, int subjects) throws Exception {
        StringBuilder body = new StringBuilder("{\"name\":\"HUGE\",\"storage\":\"memory\",\"subjects\":[");
        for (int i = 0; i < subjects; i++) {
            body.append(i == 0 ? "" : ",").append("\"huge.").append(i).append('"');
        }
        body.append("]}");
        try (Connection big = connect(s);
                Connection other = connect(s);
                Probe p = new Probe(other)) {
            AtomicBoolean done = new AtomicBoolean();
            List<Double> api = Collections.synchronizedList(new ArrayList<>());
            Thread small = new Thread(() -> {
                while (!done.get()) {
                    long t0 = System.nanoTime();
                    try {
                        other.request("$JS.API.INFO", new byte[0], Duration.ofSeconds(60));
                    } catch (Exception e) {
                        return;
                    }
                    api.add((System.nanoTime() - t0) / 1e6);
                    sleep(20);
                }
            });
            small.start();
            sleep(200);
            long start = System.nanoTime();
            io.nats.client.Message reply = big.request(
                    "$JS.API.STREAM.CREATE.HUGE",
                    body.toString().getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(90));
            String text = reply == null ? "" : new String(reply.getData(), StandardCharsets.UTF_8);
            String answer = reply == null ? "no answer" : text.contains("\"error\"") ? text : "ok";
            double seconds = (System.nanoTime() - start) / 1e9;
            sleep(200);
            done.set(true);
            small.join(120_000);
            big.request("$JS.API.STREAM.DELETE.HUGE", new byte[0], Duration.ofSeconds(60));
            List<Double> sorted = new ArrayList<>(api);
            Collections.sort(sorted);
            return p.line(
                    "huge API req",
                    s,
                    String.format(
                            "create %s in %.1f s; others' $JS.API.INFO p50 %.1f ms, max %.1f ms (%d)",
                            answer, seconds, percentile(sorted, 50), percentile(sorted, 100), sorted.size()));
        }
    }

    // ---------------------------------------------------------------- probe

    /** PING/PONG round trips of a connected client, every 20 ms, while a scenario runs. */
    private static final class Probe implements AutoCloseable {
        private final List<Double> rtts = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Probe(Connection c) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        rtts.add(c.RTT().toNanos() / 1e6);
                    } catch (Exception e) {
                        return;
                    }
                    sleep(20);
                }
            });
            thread.start();
        }

        String line(String scenario, Server s, String other) throws InterruptedException {
            running.set(false);
            thread.join(120_000);
            List<Double> sorted = new ArrayList<>(rtts);
            Collections.sort(sorted);
            return String.format(
                    "%-15s %-12s %9.1f %7.1f %7.1f  %s (%d probes)",
                    scenario,
                    s.label(),
                    percentile(sorted, 50),
                    percentile(sorted, 99),
                    percentile(sorted, 100),
                    other,
                    sorted.size());
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(120_000);
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    // ---------------------------------------------------------------- servers

    private static Server ours(Path dir, String hash) {
        NatsBroker broker = new NatsBroker(BrokerOptions.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .jetStream(true)
                        .storeDir(dir)
                        .addUser(new UserConfig(USER, hash))
                        .authTimeout(Duration.ofMinutes(5))
                        .build())
                .start();
        return new Server() {
            public String label() {
                return "ours";
            }

            public int port() {
                return broker.port();
            }

            public void close() {
                broker.close();
            }
        };
    }

    private static Server natsServer(String binary, Path dir, String hash) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("server.conf");
        Files.writeString(
                conf,
                "listen: \"127.0.0.1:" + port + "\"\n"
                        + "jetstream { store_dir: \"" + dir.resolve("js") + "\" }\n"
                        + "authorization { users = [ { user: " + USER + ", password: \"" + hash
                        + "\" } ], timeout: 300 }\n");
        Process process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException("nats-server did not start, see " + dir.resolve("server.log"));
                }
                sleep(50);
            }
        }
        return new Server() {
            public String label() {
                return "nats-server";
            }

            public int port() {
                return port;
            }

            public void close() throws InterruptedException {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        };
    }

    // ---------------------------------------------------------------- helpers

    private static Connection connect(Server s) throws Exception {
        return Nats.connect(new Options.Builder()
                .server("nats://127.0.0.1:" + s.port())
                .userInfo(USER, PASSWORD)
                .connectionTimeout(Duration.ofSeconds(60))
                .maxReconnects(0)
                .build());
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return b < 0 && sb.length() == 0 ? "<closed>" : sb.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
