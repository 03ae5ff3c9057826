package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code resolver: URL("http://127.0.0.1:<port>/<target>/jwt/v1/accounts/")} on this broker and on
 * {@code nats-server} 2.15, both fetching from one local account server ({@code com.sun.net.httpserver}) that serves
 * the same JWTs under a path per server and counts the requests: the system account fetched at start, an account
 * fetched at its first login and then kept, a missing, untrusted or too slow account refusing the login, pushes
 * answered as with {@code MEMORY}. The observations must be equal. Without the reference binary only this broker is
 * tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtUrlResolverDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();
    private static HttpServer accountServer;
    /** Served JWTs by account key (the same for every target). */
    private static final Map<String, String> SERVED = new ConcurrentHashMap<>();
    /** Requests by {@code <target>/<account key>}. */
    private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
    /** Accounts the server answers only after 3 s. */
    private static final Map<String, Boolean> SLOW = new ConcurrentHashMap<>();

    private static NKey operator;
    private static NKey system;

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        operator = JwtTokens.operatorKey();
        system = JwtTokens.accountKey();
        SERVED.put(pub(system), JwtTokens.account(system).sign(operator));
        accountServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        accountServer.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        accountServer.createContext("/", exchange -> {
            String[] path = exchange.getRequestURI().getPath().split("/");
            // /<target>/jwt/v1/accounts/<key>
            String target = path.length > 1 ? path[1] : "";
            String key = path[path.length - 1];
            REQUESTS.computeIfAbsent(target + "/" + key, k -> new AtomicInteger())
                    .incrementAndGet();
            if (SLOW.containsKey(key)) {
                try {
                    Thread.sleep(3_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // nats-server checks at start that the base URL answers 200
            String jwt = exchange.getRequestURI().getPath().endsWith("/") ? "" : SERVED.get(key);
            byte[] body = (jwt == null ? "no such account" : jwt).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(jwt == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        accountServer.start();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);

        Path ours = Files.writeString(dir.resolve("ours.conf"), config(operatorFile, "broker"));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = Files.writeString(dir.resolve("ref.conf"), config(operatorFile, "nats-server"));
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            Path creds = userCreds(system);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, creds, new CopyOnWriteArrayList<>()).close();
                return true;
            });
            TARGETS.add(new Target("nats-server", url, () -> {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }));
        }
    }

    private static String config(Path operatorFile, String target) {
        return """
                operator: "%s"
                system_account: %s
                resolver: URL("http://127.0.0.1:%d/%s/jwt/v1/accounts")
                """.formatted(
                        operatorFile.toString().replace('\\', '/'),
                        pub(system),
                        accountServer.getAddress().getPort(),
                        target);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
        if (accountServer != null) {
            accountServer.stop(0);
            ((java.util.concurrent.ExecutorService) accountServer.getExecutor()).shutdownNow();
        }
    }

    @FunctionalInterface
    interface Scenario {
        Object run(Target target) throws Exception;
    }

    private static Object onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return seen.get("broker");
    }

    private static final AtomicInteger CREDS = new AtomicInteger();

    private static Path userCreds(NKey account) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = JwtTokens.user(u).sign(account);
        return JwtTokens.creds(dir.resolve("u" + CREDS.incrementAndGet() + ".creds"), jwt, u);
    }

    private static Connection connect(String url, Path creds, List<String> errors) throws Exception {
        return JnatsLogin.withCreds(url, creds, errors, WAIT);
    }

    private static String login(Target t, NKey account) throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        String outcome =
                JnatsLogin.outcome(() -> connect(t.url(), userCreds(account), errors), errors, Duration.ofSeconds(10));
        return outcome.equals("ok") ? "ok" : "refused";
    }

    private static int requests(Target t, NKey account) {
        AtomicInteger n = REQUESTS.get(t.name() + "/" + pub(account));
        return n == null ? 0 : n.get();
    }

    private static String answer(Connection sys, String subject, String body) throws Exception {
        CompletableFuture<Message> f = sys.requestWithTimeout(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        Message m;
        try {
            m = f.get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return "no answer";
        }
        ObjectNode n = (ObjectNode) JSON.readTree(m.getData());
        n.remove("server");
        return n.toString();
    }

    @Test
    void anAccountServerThatDoesNotAnswerStopsTheStart() throws Exception {
        Path operatorFile = dir.resolve("operator.jwt");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String config = config(operatorFile, "x")
                .replace(":" + accountServer.getAddress().getPort() + "/", ":" + port + "/");
        Path file = Files.writeString(dir.resolve("down.conf"), config);
        String expected =
                "could not fetch <\"http://127.0.0.1:" + port + "/x/jwt/v1/accounts/\">: Get \"http://127.0.0.1:" + port
                        + "/x/jwt/v1/accounts/\": dial tcp 127.0.0.1:" + port + ": connect: connection refused";
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new NatsBroker(BrokerConfigFile.load(file).options()))
                .hasMessage(expected);
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Process p = new ProcessBuilder(REFERENCE, "-c", file.toString(), "-a", "127.0.0.1", "-p", "0")
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains(expected);
        }
    }

    @Test
    void accountsAreFetchedAtTheFirstLoginAndKept() throws Exception {
        NKey account = JwtTokens.accountKey();
        SERVED.put(pub(account), JwtTokens.account(account).sign(operator));
        Object r = onEach(t -> {
            boolean systemFetched = requests(t, system) >= 1;
            String first = login(t, account);
            int afterFirst = requests(t, account);
            String second = login(t, account);
            return List.of(systemFetched, first, afterFirst >= 1, second, requests(t, account) == afterFirst);
        });
        assertThat(r).isEqualTo(List.of(true, "ok", true, "ok", true));
    }

    @Test
    void missingUntrustedOrSlowAccountsRefuseTheLogin() throws Exception {
        NKey missing = JwtTokens.accountKey();
        NKey untrusted = JwtTokens.accountKey();
        NKey slow = JwtTokens.accountKey();
        SERVED.put(pub(untrusted), JwtTokens.account(untrusted).sign(JwtTokens.operatorKey()));
        SERVED.put(pub(slow), JwtTokens.account(slow).sign(operator));
        SLOW.put(pub(slow), true);
        Object r = onEach(t -> {
            String missingFirst = login(t, missing);
            String missingAgain = login(t, missing);
            return List.of(
                    missingFirst,
                    missingAgain,
                    // no negative cache: every login asks again
                    requests(t, missing) >= 2,
                    login(t, untrusted),
                    login(t, slow));
        });
        assertThat(r).isEqualTo(List.of("refused", "refused", true, "refused", "refused"));
    }

    @Test
    void pushesApplyToFetchedAccountsOnly() throws Exception {
        NKey fetched = JwtTokens.accountKey();
        NKey notYet = JwtTokens.accountKey();
        SERVED.put(pub(fetched), JwtTokens.account(fetched).sign(operator));
        SERVED.put(pub(notYet), JwtTokens.account(notYet).sign(operator));
        String denying = JwtTokens.account(fetched)
                .nats("default_permissions", "{\"pub\":{\"deny\":[\"forbidden\"]}}")
                .sign(operator);
        Object r = onEach(t -> {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection sys = connect(t.url(), userCreds(system), errors);
                    Connection user = connect(t.url(), userCreds(fetched), errors)) {
                List<String> answers = new ArrayList<>();
                answers.add(answer(sys, "$SYS.REQ.CLAIMS.UPDATE", denying));
                answers.add(answer(
                        sys,
                        "$SYS.REQ.ACCOUNT." + pub(notYet) + ".CLAIMS.UPDATE",
                        JwtTokens.account(notYet).sign(operator)));
                answers.add(answer(sys, "$SYS.REQ.ACCOUNT." + pub(fetched) + ".CLAIMS.UPDATE", denying));
                user.publish("forbidden", new byte[0]);
                user.flush(WAIT);
                await().atMost(WAIT).until(() -> !errors.isEmpty());
                answers.add(String.join(",", errors));
                return answers;
            }
        });
        assertThat(r)
                .isEqualTo(List.of(
                        "no answer",
                        "{\"data\":{\"account\":\"" + pub(notYet)
                                + "\",\"code\":200,\"message\":\"jwt update skipped\"}}",
                        "{\"data\":{\"account\":\"" + pub(fetched) + "\",\"code\":200,\"message\":\"jwt updated\"}}",
                        "Permissions Violation for Publish to \"forbidden\""));
    }
}
