package io.natsspring.broker.it;

import static io.natsspring.broker.internal.auth.JwtTokens.pub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.natsspring.broker.NatsBroker;
import io.natsspring.broker.internal.auth.JwtTokens;
import io.natsspring.broker.internal.launcher.config.BrokerConfigFile;
import java.io.IOException;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator mode (decentralized JWT authentication), through jnats with {@code .creds} files, on this broker and on
 * {@code nats-server} 2.15 started from the same configuration ({@code operator} file, {@code system_account},
 * {@code resolver: MEMORY}, {@code resolver_preload}): logins and refusals (wrong account, revoked, expired, not yet
 * valid, signing keys, bearer), JWT permissions and their {@code -ERR}s, disconnection at expiry with
 * {@code User Authentication Expired}, cross-account service import, account subject mappings and the account's
 * JetStream limits. Every scenario runs on both servers and must observe the same. Without the reference binary
 * ({@code $NATS_SERVER_215_BIN} or {@code /opt/nats/2.15.1/usr/sbin/nats-server}) only this broker is tested.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtAuthDifferentialTest {

    private static final String REFERENCE =
            System.getenv().getOrDefault("NATS_SERVER_215_BIN", "/opt/nats/2.15.1/usr/sbin/nats-server");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String CONFIG = """
            jetstream { store_dir: "%s" }
            operator: "%s"
            system_account: %s
            resolver: MEMORY
            resolver_preload: {
            %s}
            """;

    @TempDir
    static Path dir;

    private static final List<Target> TARGETS = new ArrayList<>();

    private static NKey operator;
    private static NKey operatorSigner;
    private static NKey accountA;
    private static NKey signerA;
    private static NKey accountB;
    private static NKey system;
    private static NKey revoked;
    private static NKey accountC;
    private static long startedAt;

    record Target(String name, String url, AutoCloseable stop) {}

    @BeforeAll
    static void start() throws Exception {
        operator = JwtTokens.operatorKey();
        operatorSigner = JwtTokens.operatorKey();
        accountA = JwtTokens.accountKey();
        signerA = JwtTokens.accountKey();
        accountB = JwtTokens.accountKey();
        system = JwtTokens.accountKey();
        revoked = JwtTokens.userKey();
        startedAt = Instant.now().getEpochSecond();
        String operatorJwt = JwtTokens.claims("operator", pub(operator))
                .nats("signing_keys", List.of(pub(operatorSigner)))
                .nats("system_account", pub(system))
                .sign(operator);
        Path operatorFile = Files.writeString(dir.resolve("operator.jwt"), operatorJwt);
        String jwtA = JwtTokens.claims("account", pub(accountA))
                .nats("limits", """
                        {"subs":-1,"data":-1,"payload":-1,"imports":-1,"exports":-1,"wildcards":true,"conn":-1,
                         "leaf":-1,"mem_storage":-1,"disk_storage":-1,"streams":1,"consumer":-1}""")
                .nats("signing_keys", List.of(pub(signerA)))
                .nats("exports", "[{\"name\":\"svc\",\"subject\":\"svc.>\",\"type\":\"service\"}]")
                .nats("mappings", "{\"map.in\":[{\"subject\":\"map.out\",\"weight\":100}]}")
                .nats("revocations", Map.of(pub(revoked), startedAt))
                .sign(operatorSigner);
        String jwtB = JwtTokens.account(accountB)
                .nats(
                        "imports",
                        "[{\"name\":\"svc\",\"subject\":\"svc.>\",\"account\":\"" + pub(accountA)
                                + "\",\"local_subject\":\"asvc.>\",\"type\":\"service\"}]")
                .sign(operator);
        String jwtSys = JwtTokens.account(system).sign(operator);
        accountC = JwtTokens.accountKey();
        String jwtC = JwtTokens.claims("account", pub(accountC))
                .nats("limits", "{\"conn\":1,\"subs\":-1,\"payload\":-1,\"data\":-1}")
                .sign(operator);
        Object[] accounts = {pub(accountA), jwtA, pub(accountB), jwtB, pub(system), jwtSys, pub(accountC), jwtC};

        Path ours = dir.resolve("ours.conf");
        Files.writeString(ours, config(dir.resolve("ours-store"), operatorFile, accounts));
        NatsBroker broker = new NatsBroker(BrokerConfigFile.load(ours).options().toBuilder()
                        .host("127.0.0.1")
                        .port(0)
                        .build())
                .start();
        TARGETS.add(new Target("broker", broker.clientUrl(), broker));
        if (Files.isExecutable(Path.of(REFERENCE))) {
            Path ref = dir.resolve("ref.conf");
            Files.writeString(ref, config(dir.resolve("ref-store"), operatorFile, accounts));
            int port = freePort();
            Process p = new ProcessBuilder(REFERENCE, "-c", ref.toString(), "-a", "127.0.0.1", "-p", "" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ref.log").toFile())
                    .start();
            String url = "nats://127.0.0.1:" + port;
            Path creds = userCreds(JwtTokens.user(JwtTokens.userKey()), accountA);
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

    private static String config(Path store, Path operatorFile, Object[] accounts) {
        StringBuilder preload = new StringBuilder();
        for (int i = 0; i < accounts.length; i += 2) {
            preload.append("  ")
                    .append(accounts[i])
                    .append(": \"")
                    .append(accounts[i + 1])
                    .append("\"\n");
        }
        return CONFIG.formatted(
                store.toString().replace('\\', '/'), operatorFile.toString().replace('\\', '/'), pub(system), preload);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            t.stop().close();
        }
        TARGETS.clear();
    }

    /** Runs {@code scenario} on every target; the observations must be equal (and are returned, ours first). */
    private static List<Object> onEach(Scenario scenario) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        for (Target t : TARGETS) {
            seen.put(t.name(), scenario.run(t.url()));
        }
        assertThat(new ArrayList<>(seen.values()))
                .as("observations %s", seen)
                .allSatisfy(o -> assertThat(o).isEqualTo(seen.get("broker")));
        return new ArrayList<>(seen.values());
    }

    @FunctionalInterface
    interface Scenario {
        Object run(String url) throws Exception;
    }

    private static final AtomicInteger CREDS = new AtomicInteger();

    /** A creds file for a user with these claims, signed by {@code signer}. */
    private static Path userCreds(JwtTokens.Claims claims, NKey signer) throws Exception {
        return userCreds(claims, signer, null);
    }

    private static Path userCreds(JwtTokens.Claims claims, NKey signer, NKey user) throws Exception {
        NKey u = user != null ? user : JwtTokens.userKey();
        String jwt = claims.top("sub", pub(u)).sign(signer);
        return JwtTokens.creds(dir.resolve("u" + CREDS.incrementAndGet() + ".creds"), jwt, u);
    }

    private static Connection connect(String url, Path creds, List<String> errors) throws Exception {
        return connect(url, creds, errors, Duration.ofSeconds(5));
    }

    private static Connection connect(String url, Path creds, List<String> errors, Duration timeout) throws Exception {
        return JnatsLogin.withCreds(url, creds, errors, timeout);
    }

    /** "ok" or the error the server sent when refusing the login. */
    private static String login(String url, Path creds) {
        List<String> errors = new CopyOnWriteArrayList<>();
        // jnats waits out its connection timeout after a refusal: the outcome is taken from the -ERR
        return JnatsLogin.outcome(() -> connect(url, creds, errors), errors, Duration.ofSeconds(10));
    }

    @Test
    void loginsAndRefusalsAreTheServers() throws Exception {
        long now = Instant.now().getEpochSecond();
        Path plain = userCreds(JwtTokens.user(JwtTokens.userKey()), accountA);
        Path bySigningKey =
                userCreds(JwtTokens.user(JwtTokens.userKey()).nats("issuer_account", pub(accountA)), signerA);
        Path signingKeyWithoutIssuerAccount = userCreds(JwtTokens.user(JwtTokens.userKey()), signerA);
        Path unknownAccount = userCreds(JwtTokens.user(JwtTokens.userKey()), JwtTokens.accountKey());
        Path revokedUser = userCreds(JwtTokens.user(revoked).top("iat", startedAt - 5), accountA, revoked);
        Path expired = userCreds(JwtTokens.user(JwtTokens.userKey()).top("exp", now - 5), accountA);
        Path notYet = userCreds(JwtTokens.user(JwtTokens.userKey()).top("nbf", now + 600), accountA);
        Path bearer = userCreds(JwtTokens.user(JwtTokens.userKey()).nats("bearer_token", true), accountB);
        Path otherSource = userCreds(JwtTokens.user(JwtTokens.userKey()).nats("src", List.of("10.9.9.0/24")), accountA);
        List<Object> r = onEach(url -> List.of(
                login(url, plain),
                login(url, bySigningKey),
                login(url, signingKeyWithoutIssuerAccount),
                login(url, unknownAccount),
                login(url, revokedUser),
                login(url, expired),
                login(url, notYet),
                login(url, bearer),
                login(url, otherSource)));
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "ok",
                        "ok",
                        "Authorization Violation",
                        "Authorization Violation",
                        "Authorization Violation",
                        "Authorization Violation",
                        "Authorization Violation",
                        "ok",
                        "Authorization Violation"));
    }

    @Test
    void jwtPermissionsAreEnforcedWithTheServersErrors() throws Exception {
        Path limited = userCreds(
                JwtTokens.user(JwtTokens.userKey())
                        .nats("pub", "{\"allow\":[\"ok.>\"],\"deny\":[\"ok.no\"]}")
                        .nats("sub", "{\"allow\":[\"ok.>\",\"_INBOX.>\"]}"),
                accountA);
        List<Object> r = onEach(url -> {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection c = connect(url, limited, errors)) {
                Subscription s = c.subscribe("ok.>");
                c.subscribe("nope");
                c.flush(WAIT);
                c.publish("ok.yes", new byte[0]);
                c.publish("ok.no", new byte[0]);
                c.publish("other", new byte[0]);
                c.flush(WAIT);
                Message m = s.nextMessage(WAIT);
                await().atMost(WAIT).until(() -> errors.size() >= 3);
                return List.of(m.getSubject(), List.copyOf(errors));
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "ok.yes",
                        List.of(
                                "Permissions Violation for Subscription to \"nope\"",
                                "Permissions Violation for Publish to \"ok.no\"",
                                "Permissions Violation for Publish to \"other\"")));
    }

    @Test
    void aConnectedUserIsDisconnectedWhenItsJwtExpires() throws Exception {
        List<Object> r = onEach(url -> {
            Path shortLived = userCreds(
                    JwtTokens.user(JwtTokens.userKey()).top("exp", Instant.now().getEpochSecond() + 2), accountA);
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection c = connect(url, shortLived, errors)) {
                c.flush(WAIT);
                Connection.Status before = c.getStatus();
                await().atMost(Duration.ofSeconds(10)).until(() -> c.getStatus() == Connection.Status.CLOSED);
                return List.of(before.toString(), List.copyOf(errors));
            }
        });
        assertThat(r.get(0)).isEqualTo(List.of("CONNECTED", List.of("User Authentication Expired")));
    }

    @Test
    void importsMappingsAndJetStreamLimitsComeFromTheAccountJwts() throws Exception {
        Path a = userCreds(JwtTokens.user(JwtTokens.userKey()), accountA);
        Path b = userCreds(JwtTokens.user(JwtTokens.userKey()), accountB);
        List<Object> r = onEach(url -> {
            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection ca = connect(url, a, errors);
                    Connection cb = connect(url, b, errors)) {
                Dispatcher d = ca.createDispatcher(m -> ca.publish(m.getReplyTo(), m.getData()));
                d.subscribe("svc.>");
                Subscription mapped = ca.subscribe("map.out");
                ca.flush(WAIT);
                Message answer = cb.request("asvc.echo", "hi".getBytes(StandardCharsets.UTF_8), WAIT);
                ca.publish("map.in", "m".getBytes(StandardCharsets.UTF_8));
                Message m = mapped.nextMessage(WAIT);
                List<Object> js = new ArrayList<>();
                for (String name : List.of("S1", "S2")) {
                    try {
                        ca.jetStreamManagement()
                                .addStream(StreamConfiguration.builder()
                                        .name(name)
                                        .subjects(name.toLowerCase() + ".>")
                                        .storageType(StorageType.Memory)
                                        .build());
                        js.add("created " + name);
                    } catch (JetStreamApiException e) {
                        js.add(e.getApiErrorCode() + " " + e.getErrorDescription());
                    }
                }
                String inB;
                try {
                    cb.jetStreamManagement().getAccountStatistics();
                    inB = "B has JetStream";
                } catch (JetStreamApiException e) {
                    inB = e.getApiErrorCode() + " " + e.getErrorDescription();
                }
                ca.jetStreamManagement().deleteStream("S1");
                return List.of(
                        answer == null ? "no answer" : new String(answer.getData(), StandardCharsets.UTF_8),
                        m == null ? "not mapped" : m.getSubject(),
                        js,
                        inB);
            }
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "hi",
                        "map.out",
                        List.of("created S1", "10027 maximum number of streams reached"),
                        "10039 JetStream not enabled for account"));
    }

    @Test
    void userAndAccountLimitsApplyWithTheServersErrors() throws Exception {
        Path limited = userCreds(JwtTokens.user(JwtTokens.userKey()).nats("subs", 2), accountA);
        Path small = userCreds(JwtTokens.user(JwtTokens.userKey()).nats("payload", 10), accountA);
        Path inC = userCreds(JwtTokens.user(JwtTokens.userKey()), accountC);
        List<Object> r = onEach(url -> {
            List<String> subErrors = new CopyOnWriteArrayList<>();
            String subsOutcome;
            try (Connection c = connect(url, limited, subErrors)) {
                c.subscribe("one");
                c.subscribe("two");
                c.subscribe("three");
                c.flush(WAIT);
                await().atMost(WAIT).until(() -> !subErrors.isEmpty());
                subsOutcome = c.getStatus().toString();
            }
            // the INFO after the first PONG carries the user's max_payload, which jnats then enforces itself
            String payloadOutcome;
            try (Connection c = connect(url, small, new CopyOnWriteArrayList<>())) {
                c.publish("fits", new byte[10]);
                c.flush(WAIT);
                try {
                    c.publish("too.big", new byte[11]);
                    payloadOutcome = "sent";
                } catch (IllegalArgumentException e) {
                    payloadOutcome = e.getMessage() + " / max_payload "
                            + c.getServerInfo().getMaxPayload();
                }
            }
            String second;
            try (Connection first = connect(url, inC, new CopyOnWriteArrayList<>())) {
                first.flush(WAIT);
                second = login(url, inC);
            }
            String afterClose = login(url, inC);
            return List.of(List.copyOf(subErrors), subsOutcome, payloadOutcome, second, afterClose);
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        List.of("maximum subscriptions exceeded"),
                        "CONNECTED",
                        "Message payload size exceed server configuration 11 vs 10 / max_payload 10",
                        "maximum account active connections exceeded",
                        "ok"));
    }

    @Test
    void onTheWireTheConnectInfoFollowsTheFirstPongAndPayloadIsEnforced() throws Exception {
        NKey user = JwtTokens.userKey();
        String jwt = JwtTokens.user(user).nats("payload", 10).sign(accountA);
        String bearer =
                JwtTokens.user(JwtTokens.userKey()).nats("bearer_token", true).sign(accountA);
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        List<Object> r = onEach(url -> {
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            List<String> seen = new ArrayList<>();
            try (RawClient c = new RawClient(port)) {
                tools.jackson.databind.JsonNode info = json.readTree(c.readInfo());
                seen.add("nonce " + info.path("nonce").asString().length() + " auth " + info.path("auth_required"));
                String sig = JwtTokens.signNonce(user, info.path("nonce").asString());
                c.send("CONNECT {\"verbose\":false,\"protocol\":1,\"jwt\":\"" + jwt + "\",\"sig\":\"" + sig
                        + "\"}\r\nPING\r\n");
                seen.add(c.readLine());
                tools.jackson.databind.JsonNode connectInfo =
                        json.readTree(c.readLine().substring(5));
                seen.add("connect_info " + connectInfo.path("connect_info") + " max_payload "
                        + connectInfo.path("max_payload") + " account "
                        + connectInfo.path("remote_account").asString().equals(pub(accountA)));
                c.send("PUB too.big 11\r\n01234567890\r\n");
                List<String> rest = c.readUntilClosed();
                rest.removeIf("PING"::equals);
                seen.addAll(rest);
            }
            try (RawClient c = new RawClient(port)) {
                c.readInfo();
                c.send("CONNECT {\"verbose\":false,\"jwt\":\"" + bearer + "\"}\r\nPING\r\n");
                seen.add("bearer without sig: " + c.readLine());
            }
            try (RawClient c = new RawClient(port)) {
                c.readInfo();
                c.send("CONNECT {\"verbose\":false,\"jwt\":\"" + jwt + "\"}\r\nPING\r\n");
                seen.add("no sig: " + c.readUntilClosed());
            }
            return seen;
        });
        assertThat(r.get(0))
                .isEqualTo(List.of(
                        "nonce 15 auth true",
                        "PONG",
                        "connect_info true max_payload 10 account true",
                        "-ERR 'Maximum Payload Violation'",
                        "bearer without sig: PONG",
                        "no sig: [-ERR 'Authorization Violation']"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
