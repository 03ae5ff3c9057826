package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
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
 * Claims pushes with {@code resolver: MEMORY} on this broker and on {@code nats-server} 2.15 from the same
 * configuration and the same JWTs: only {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.UPDATE} and
 * {@code $SYS.ACCOUNT.<key>.CLAIMS.UPDATE} are answered, an account not in use yet is skipped, a JWT not signed by
 * a trusted key fails with {@code account validation failed}, and an applied JWT changes what the account's users
 * may do. The answers (without {@code server}) must be equal. Without the reference binary only this broker is
 * tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtMemoryPushDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();

    private static NKey operator;
    private static NKey system;
    /** Preloaded; a user logs in to it before the pushes. */
    private static NKey used;
    /** Preloaded; nobody logs in to it. */
    private static NKey idle;

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        operator = JwtTokens.operatorKey();
        system = JwtTokens.accountKey();
        used = JwtTokens.accountKey();
        idle = JwtTokens.accountKey();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        String config = """
                operator: "%s"
                system_account: %s
                resolver: MEMORY
                resolver_preload: {
                  %s: "%s"
                  %s: "%s"
                  %s: "%s"
                }
                """.formatted(
                        operatorFile.toString().replace('\\', '/'),
                        pub(system),
                        pub(system),
                        JwtTokens.account(system).sign(operator),
                        pub(used),
                        JwtTokens.account(used).sign(operator),
                        pub(idle),
                        JwtTokens.account(idle).sign(operator));
        Path ours = Files.writeString(dir.resolve("ours.conf"), config);
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = Files.writeString(dir.resolve("ref.conf"), config);
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

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
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

    /** The answer without {@code server}, or {@code "no answer"}. */
    private static String answer(Connection sys, String subject, String body) throws Exception {
        CompletableFuture<Message> f = sys.requestWithTimeout(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        Message m;
        try {
            m = f.get(WAIT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return "no answer";
        }
        if (m.isStatusMessage()) {
            return "status " + m.getStatus().getCode();
        }
        ObjectNode n = (ObjectNode) JSON.readTree(m.getData());
        assertThat(n.has("server")).isTrue();
        n.remove("server");
        return n.toString();
    }

    private static String data(NKey account, String message) {
        return "{\"data\":{\"account\":\"" + pub(account) + "\",\"code\":200,\"message\":\"" + message + "\"}}";
    }

    private static String error(NKey account, String description) {
        return "{\"error\":{\"account\":\"" + pub(account) + "\",\"code\":500,\"description\":\"" + description
                + "\"}}";
    }

    @Test
    void pushesAreAnsweredForAccountsInUseAndApplied() throws Exception {
        NKey stranger = JwtTokens.operatorKey();
        Object r = onEach(t -> {
            try (Connection sys = connect(t.url(), userCreds(system), new CopyOnWriteArrayList<>())) {
                List<String> errors = new CopyOnWriteArrayList<>();
                // a login makes the account in use (nats-server registers it on the lookup)
                connect(t.url(), userCreds(used), errors).close();
                String denying = JwtTokens.account(used)
                        .nats("default_permissions", "{\"pub\":{\"deny\":[\"forbidden\"]}}")
                        .sign(operator);
                List<String> answers = new ArrayList<>();
                answers.add(answer(sys, "$SYS.REQ.CLAIMS.UPDATE", denying));
                answers.add(answer(
                        sys,
                        "$SYS.REQ.ACCOUNT." + pub(idle) + ".CLAIMS.UPDATE",
                        JwtTokens.account(idle).sign(operator)));
                answers.add(answer(
                        sys,
                        "$SYS.REQ.ACCOUNT." + pub(used) + ".CLAIMS.UPDATE",
                        JwtTokens.account(used).sign(stranger)));
                answers.add(answer(sys, "$SYS.REQ.ACCOUNT." + pub(used) + ".CLAIMS.UPDATE", denying));
                answers.add(answer(sys, "$SYS.ACCOUNT." + pub(used) + ".CLAIMS.UPDATE", denying));
                try (Connection user = connect(t.url(), userCreds(used), errors)) {
                    user.publish("forbidden", new byte[0]);
                    user.flush(WAIT);
                    await().atMost(WAIT).until(() -> !errors.isEmpty());
                }
                answers.add(String.join(",", errors));
                return answers;
            }
        });
        assertThat(r)
                .isEqualTo(List.of(
                        "no answer",
                        data(idle, "jwt update skipped"),
                        error(used, "jwt update resulted in error - account validation failed"),
                        data(used, "jwt updated"),
                        data(used, "jwt updated"),
                        "Permissions Violation for Publish to \\\"forbidden\\\"".replace("\\", "")));
    }

    @Test
    void badPushesGetTheServersErrors() throws Exception {
        NKey other = JwtTokens.accountKey();
        Object r = onEach(t -> {
            try (Connection sys = connect(t.url(), userCreds(system), new CopyOnWriteArrayList<>())) {
                String garbage = answer(sys, "$SYS.REQ.ACCOUNT." + pub(used) + ".CLAIMS.UPDATE", "not a jwt");
                return List.of(
                        answer(sys, "$SYS.REQ.ACCOUNT." + pub(used) + ".CLAIMS.UPDATE", ""),
                        garbage.startsWith("{\"error\":{\"account\":\"" + pub(used) + "\",\"code\":500,\"description\":"
                                + "\"jwt update resulted in error - "),
                        answer(
                                sys,
                                "$SYS.REQ.ACCOUNT." + pub(other) + ".CLAIMS.UPDATE",
                                JwtTokens.account(used).sign(operator)));
            }
        });
        assertThat(r)
                .isEqualTo(List.of(
                        error(used, "jwt update error - request body is empty"),
                        true,
                        error(other, "jwt update resulted in error - subject does not match jwt content")));
    }
}
