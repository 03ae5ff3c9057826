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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The full directory account resolver ({@code resolver: { type: full, dir, allow_delete }}) on this broker and on
 * {@code nats-server} 2.15 from the same configuration: the preloads written into the directory, claims pushes on
 * {@code $SYS.REQ.CLAIMS.UPDATE} and {@code $SYS.REQ.ACCOUNT.<key>.CLAIMS.UPDATE} (answers and their effect on
 * connected users: new default permissions, a lowered subscription limit, a revocation), lookups, the list and
 * operator-signed deletes. The same JWTs are pushed to both servers; the answers (without {@code server}) must be
 * equal. Without the reference binary only this broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtResolverDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CONFIG = """
            operator: "%s"
            system_account: %s
            resolver: { type: full, dir: "%s", allow_delete: true }
            resolver_preload: {
            %s}
            """;

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();

    private static NKey operator;
    private static NKey system;
    private static NKey accountA;
    private static String jwtA;

    record Target(String name, String url, Path jwtDir, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        operator = JwtTokens.operatorKey();
        system = JwtTokens.accountKey();
        accountA = JwtTokens.accountKey();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        jwtA = JwtTokens.account(accountA).sign(operator);
        String jwtSys = JwtTokens.account(system).sign(operator);
        Object[] accounts = {pub(system), jwtSys, pub(accountA), jwtA};

        Path oursDir = dir.resolve("ours-jwt");
        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, config(oursDir, operatorFile, accounts));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), oursDir, broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path refDir = dir.resolve("ref-jwt");
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, config(refDir, operatorFile, accounts));
            int port = freePort();
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            Path creds = userCreds(JwtTokens.user(JwtTokens.userKey()), system);
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connect(url, creds, new CopyOnWriteArrayList<>()).close();
                return true;
            });
            TARGETS.add(new Target("nats-server", url, refDir, () -> {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }));
        }
    }

    private static String config(Path jwtDir, Path operatorFile, Object[] accounts) {
        StringBuilder preload = new StringBuilder();
        for (int i = 0; i < accounts.length; i += 2) {
            preload.append("  ")
                    .append(accounts[i])
                    .append(": \"")
                    .append(accounts[i + 1])
                    .append("\"\n");
        }
        return CONFIG.formatted(
                operatorFile.toString().replace('\\', '/'),
                pub(system),
                jwtDir.toString().replace('\\', '/'),
                preload);
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

    /** Runs {@code scenario} on every target; the observations must be equal (and are returned, ours first). */
    private static List<Object> onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return new ArrayList<>(seen.values());
    }

    private static final AtomicInteger CREDS = new AtomicInteger();

    private static Path userCreds(JwtTokens.Claims claims, NKey signer) throws Exception {
        NKey u = JwtTokens.userKey();
        String jwt = claims.top("sub", pub(u)).sign(signer);
        return JwtTokens.creds(dir.resolve("u" + CREDS.incrementAndGet() + ".creds"), jwt, u);
    }

    private static Connection connect(String url, Path creds, List<String> errors) throws Exception {
        return JnatsLogin.withCreds(url, creds, errors, WAIT);
    }

    /** A connection of a system account user. */
    private static Connection system(Target t) throws Exception {
        return connect(t.url(), userCreds(JwtTokens.user(JwtTokens.userKey()), system), new CopyOnWriteArrayList<>());
    }

    /** The answer's JSON without the {@code server} part (which names each server). */
    private static JsonNode answer(Connection sys, String subject, String body) throws Exception {
        Message m = sys.request(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        assertThat(m).as("answer on %s", subject).isNotNull();
        ObjectNode n = (ObjectNode) JSON.readTree(m.getData());
        assertThat(n.has("server")).isTrue();
        n.remove("server");
        return n;
    }

    private static List<String> files(Path jwtDir) throws Exception {
        try (Stream<Path> s = Files.list(jwtDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void preloadsAreWrittenIntoTheDirectoryAndListedAndLookedUp() throws Exception {
        NKey unknown = JwtTokens.accountKey();
        List<Object> r = onEach(t -> {
            try (Connection sys = system(t)) {
                Message lookup = sys.request("$SYS.REQ.ACCOUNT." + pub(accountA) + ".CLAIMS.LOOKUP", null, WAIT);
                Message missing = sys.request("$SYS.REQ.ACCOUNT." + pub(unknown) + ".CLAIMS.LOOKUP", null, WAIT);
                JsonNode list = answer(sys, "$SYS.REQ.CLAIMS.LIST", "");
                TreeSet<String> listed = new TreeSet<>();
                list.path("data").forEach(n -> listed.add(n.asString()));
                return List.of(
                        files(t.jwtDir()).containsAll(List.of(pub(system) + ".jwt", pub(accountA) + ".jwt")),
                        Files.readString(t.jwtDir().resolve(pub(accountA) + ".jwt"))
                                .equals(jwtA),
                        new String(lookup.getData(), StandardCharsets.UTF_8).equals(jwtA),
                        missing.getData() == null ? 0 : missing.getData().length,
                        listed.containsAll(List.of(pub(system), pub(accountA))));
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of(true, true, true, 0, true));
    }

    @Test
    void aPushedAccountIsStoredAnsweredAndUsable() throws Exception {
        NKey account = JwtTokens.accountKey();
        String jwt = JwtTokens.account(account).sign(operator);
        Path user = userCreds(JwtTokens.user(JwtTokens.userKey()), account);
        List<Object> r = onEach(t -> {
            String before = JnatsLogin.outcome(
                    () -> connect(t.url(), user, new CopyOnWriteArrayList<>()),
                    new CopyOnWriteArrayList<>(),
                    Duration.ofSeconds(10));
            try (Connection sys = system(t)) {
                JsonNode pushed = answer(sys, "$SYS.REQ.CLAIMS.UPDATE", jwt);
                JsonNode again = answer(sys, "$SYS.REQ.ACCOUNT." + pub(account) + ".CLAIMS.UPDATE", jwt);
                List<String> errors = new CopyOnWriteArrayList<>();
                String after = JnatsLogin.outcome(() -> connect(t.url(), user, errors), errors, Duration.ofSeconds(10));
                return List.of(
                        before.equals("ok") ? "ok" : "refused",
                        pushed.toString(),
                        again.toString(),
                        after,
                        Files.readString(t.jwtDir().resolve(pub(account) + ".jwt"))
                                .equals(jwt));
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "refused",
                        "{\"data\":{\"account\":\"" + pub(account) + "\",\"code\":200,\"message\":\"jwt updated\"}}",
                        "{\"data\":{\"account\":\"" + pub(account) + "\",\"code\":200,\"message\":\"jwt updated\"}}",
                        "ok",
                        true));
    }

    @Test
    void badPushesGetTheServersErrors() throws Exception {
        NKey account = JwtTokens.accountKey();
        NKey other = JwtTokens.accountKey();
        String jwt = JwtTokens.account(account).sign(operator);
        String tooManyExports = JwtTokens.claims("account", pub(account))
                .nats("limits", "{\"exports\":0,\"imports\":-1,\"subs\":-1,\"conn\":-1,\"payload\":-1,\"data\":-1}")
                .nats("exports", "[{\"name\":\"s\",\"subject\":\"s.x\",\"type\":\"stream\"}]")
                .sign(operator);
        List<Object> r = onEach(t -> {
            try (Connection sys = system(t)) {
                JsonNode garbage = answer(sys, "$SYS.REQ.CLAIMS.UPDATE", "not a jwt");
                JsonNode wrongSubject = answer(sys, "$SYS.REQ.ACCOUNT." + pub(other) + ".CLAIMS.UPDATE", jwt);
                JsonNode invalid = answer(sys, "$SYS.REQ.CLAIMS.UPDATE", tooManyExports);
                return List.of(
                        garbage.path("error").path("account").asString(),
                        garbage.path("error").path("code").asInt(),
                        garbage.path("error")
                                .path("description")
                                .asString()
                                .startsWith("jwt update resulted in error - "),
                        garbage.has("data"),
                        wrongSubject.toString(),
                        invalid.toString(),
                        Files.exists(t.jwtDir().resolve(pub(other) + ".jwt")));
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "n/a",
                        500,
                        true,
                        false,
                        "{\"error\":{\"account\":\"" + pub(other) + "\",\"code\":500,\"description\":"
                                + "\"jwt update resulted in error - subject does not match jwt content\"}}",
                        "{\"error\":{\"account\":\"" + pub(account) + "\",\"code\":500,\"description\":"
                                + "\"jwt validation failed - validation errors: [the account contains more exports"
                                + " than allowed by the operator]\"}}",
                        false));
    }

    @Test
    void anUpdateAppliesToConnectedUsers() throws Exception {
        List<Object> r = onEach(t -> {
            NKey account = JwtTokens.accountKey();
            NKey revokedKey = JwtTokens.userKey();
            try (Connection sys = system(t)) {
                answer(sys, "$SYS.REQ.CLAIMS.UPDATE", JwtTokens.account(account).sign(operator));
                List<String> errors = new CopyOnWriteArrayList<>();
                List<String> subsErrors = new CopyOnWriteArrayList<>();
                List<String> revokedErrors = new CopyOnWriteArrayList<>();
                Path plainCreds = userCreds(JwtTokens.user(JwtTokens.userKey()), account);
                Path subsCreds = userCreds(JwtTokens.user(JwtTokens.userKey()), account);
                String revokedJwt = JwtTokens.user(revokedKey)
                        .top("iat", Instant.now().getEpochSecond() - 10)
                        .sign(account);
                Path revokedCreds =
                        JwtTokens.creds(dir.resolve("r" + CREDS.incrementAndGet() + ".creds"), revokedJwt, revokedKey);
                try (Connection plain = connect(t.url(), plainCreds, errors);
                        Connection subs = connect(t.url(), subsCreds, subsErrors);
                        Connection revoked = connect(t.url(), revokedCreds, revokedErrors)) {
                    subs.subscribe("a");
                    subs.subscribe("b");
                    subs.flush(WAIT);
                    plain.publish("forbidden", new byte[0]);
                    plain.flush(WAIT);
                    String updated = JwtTokens.claims("account", pub(account))
                            .nats(
                                    "limits",
                                    "{\"subs\":2,\"conn\":-1,\"payload\":-1,\"data\":-1,\"imports\":-1,"
                                            + "\"exports\":-1,\"wildcards\":true}")
                            .nats("default_permissions", "{\"pub\":{\"deny\":[\"forbidden\"]}}")
                            .nats(
                                    "revocations",
                                    Map.of(pub(revokedKey), Instant.now().getEpochSecond()))
                            .sign(operator);
                    JsonNode pushed = answer(sys, "$SYS.REQ.ACCOUNT." + pub(account) + ".CLAIMS.UPDATE", updated);
                    await().atMost(WAIT).until(() -> !revokedErrors.isEmpty() && !subsErrors.isEmpty());
                    plain.publish("forbidden", new byte[0]);
                    plain.flush(WAIT);
                    await().atMost(WAIT).until(() -> !errors.isEmpty());
                    await().atMost(WAIT).until(() -> revoked.getStatus() == Connection.Status.CLOSED);
                    await().atMost(WAIT).until(() -> subs.getStatus() == Connection.Status.CLOSED);
                    return List.of(
                            pushed.path("data").path("message").asString(),
                            List.copyOf(errors),
                            List.copyOf(subsErrors),
                            List.copyOf(revokedErrors));
                }
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "jwt updated",
                        List.of("Permissions Violation for Publish to \"forbidden\""),
                        List.of("maximum subscriptions exceeded"),
                        List.of("User Authentication Revoked")));
    }

    @Test
    void deletesNeedAnOperatorSignedRequest() throws Exception {
        NKey account = JwtTokens.accountKey();
        List<Object> r = onEach(t -> {
            try (Connection sys = system(t)) {
                answer(sys, "$SYS.REQ.CLAIMS.UPDATE", JwtTokens.account(account).sign(operator));
                List<String> errors = new CopyOnWriteArrayList<>();
                try (Connection user =
                        connect(t.url(), userCreds(JwtTokens.user(JwtTokens.userKey()), account), errors)) {
                    user.flush(WAIT);
                    JsonNode byAccount = answer(
                            sys,
                            "$SYS.REQ.CLAIMS.DELETE",
                            JwtTokens.claims("generic", pub(account))
                                    .nats("accounts", List.of(pub(account)))
                                    .sign(account));
                    JsonNode systemAccount = answer(
                            sys,
                            "$SYS.REQ.CLAIMS.DELETE",
                            JwtTokens.claims("generic", pub(operator))
                                    .nats("accounts", List.of(pub(system)))
                                    .sign(operator));
                    JsonNode deleted = answer(
                            sys,
                            "$SYS.REQ.CLAIMS.DELETE",
                            JwtTokens.claims("generic", pub(operator))
                                    .nats("accounts", List.of(pub(account)))
                                    .sign(operator));
                    await().atMost(WAIT).until(() -> user.getStatus() == Connection.Status.CLOSED);
                    Message lookup = sys.request("$SYS.REQ.ACCOUNT." + pub(account) + ".CLAIMS.LOOKUP", null, WAIT);
                    return List.of(
                            byAccount.toString(),
                            systemAccount.toString(),
                            deleted.toString(),
                            List.copyOf(errors),
                            Files.exists(t.jwtDir().resolve(pub(account) + ".jwt")),
                            Files.exists(t.jwtDir().resolve(pub(account) + ".jwt.deleted")),
                            lookup.getData() == null ? 0 : lookup.getData().length);
                }
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "{\"error\":{\"code\":500,\"description\":\"delete accounts request by " + pub(account)
                                + " failed - not trusted\"}}",
                        "{\"error\":{\"code\":500,\"description\":\"delete accounts request by " + pub(operator)
                                + " failed - not allowed to delete system account\"}}",
                        "{\"data\":{\"code\":200,\"message\":\"deleted 1 accounts\"}}",
                        List.of("Account Authentication Expired"),
                        false,
                        true,
                        0));
    }

    @Test
    void packSendsEveryJwtUnlessTheHashMatches() throws Exception {
        List<Object> r = onEach(t -> {
            try (Connection sys = system(t)) {
                List<String> all = pack(sys, new byte[0]);
                byte[] hash = new byte[32];
                for (String line : all.subList(0, all.size() - 1)) {
                    byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                            .digest(line.substring(line.indexOf('|') + 1).getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < hash.length; i++) {
                        hash[i] ^= h[i];
                    }
                }
                List<String> same = pack(sys, hash);
                return List.of(
                        all.get(all.size() - 1),
                        all.contains(pub(accountA) + "|" + jwtA),
                        all.stream().anyMatch(l -> l.startsWith(pub(system) + "|eyJ")),
                        new TreeSet<>(all.subList(0, all.size() - 1)).size() == all.size() - 1,
                        all.size() - 1
                                == files(t.jwtDir()).stream()
                                        .filter(f -> f.endsWith(".jwt"))
                                        .count(),
                        same);
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of("", true, true, true, true, List.of("")));
    }

    @Test
    void anActivationTokenGivenAsUrlMakesTheAccountInvalid() throws Exception {
        // the jwt library of nats-server 2.15 no longer fetches token URLs: the token does not decode, a blocking
        // validation error
        NKey account = JwtTokens.accountKey();
        String jwt = JwtTokens.account(account)
                .nats(
                        "imports",
                        JSON.readTree("[{\"name\":\"n\",\"subject\":\"news.>\",\"account\":\"" + pub(accountA)
                                + "\",\"token\":\"http://127.0.0.1:9/jwt/v1/activations/x\","
                                + "\"type\":\"stream\"}]"))
                .sign(operator);
        List<Object> r = onEach(t -> {
            try (Connection sys = system(t)) {
                return answer(sys, "$SYS.REQ.CLAIMS.UPDATE", jwt).toString();
            }
        });
        assertThat(r.get(0))
                .isEqualTo("{\"error\":{\"account\":\"" + pub(account) + "\",\"code\":500,\"description\":"
                        + "\"jwt validation failed - validation errors: [import \\\"news.>\\\" contains an invalid"
                        + " activation token]\"}}");
    }

    /** The messages answering a pack request, up to and with the empty one that ends it. */
    private static List<String> pack(Connection sys, byte[] hash) throws Exception {
        String inbox = sys.createInbox();
        io.nats.client.Subscription sub = sys.subscribe(inbox);
        sys.publish("$SYS.REQ.CLAIMS.PACK", inbox, hash);
        List<String> messages = new ArrayList<>();
        while (true) {
            Message m = sub.nextMessage(WAIT);
            assertThat(m).as("pack message %s", messages.size()).isNotNull();
            String text = m.getData() == null ? "" : new String(m.getData(), StandardCharsets.UTF_8);
            messages.add(text);
            if (text.isEmpty()) {
                sub.unsubscribe();
                return messages;
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
